import NixGen

let boreas = Host(
    "boreas", system: .x86_64Linux, address: "10.0.0.3", lanInterfaces: ["enp1s0"],
    hostKey: "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIC7mIZ9lFSAT0AAx0qMNalttn2OOxIDYy+bNeQXGLVsA"
) {
    server
    monitored
    ciRunner
    Import("hardware/boreas.nix")
}
