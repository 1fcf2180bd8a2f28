import NixGen

let pallas = Host(
    "pallas", system: .x86_64Linux, address: "10.0.0.17", lanInterfaces: ["enp1s0"],
    hostKey: "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIAVz4hDiF8q3JCAUCL0ygzSfdyGVO6ND+m3DGfWArk9+"
) {
    server
    monitored
    backedUp
    Import("hardware/pallas.nix")
}
