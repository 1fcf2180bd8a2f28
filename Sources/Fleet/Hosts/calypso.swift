import NixGen

let calypso = Host(
    "calypso", system: .aarch64Linux, address: "10.0.0.4", lanInterfaces: ["enp1s0"],
    hostKey: "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAID35Q2z8MTzMwu/kbI2VRCdVHZIl7jJtNswxgAiop7My"
) {
    server
    monitored
    ciRunner
    Import("hardware/calypso.nix")
}
