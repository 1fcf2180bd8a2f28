import NixGen

let atlas = Host(
    "atlas", system: .x86_64Linux, address: "10.0.0.2", lanInterfaces: ["enp1s0"], stateVersion: "24.11",
    hostKey: "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIHyCYCUAhXqm7QzzjEw+TsZFvcqoLAC5FV6wi+EAx3ip"
) {
    server
    monitored
    backedUp
    forgejo
    postgresql
    Import("hardware/atlas.nix")
}
