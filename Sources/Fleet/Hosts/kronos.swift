import NixGen

let kronos = Host(
    "kronos", system: .x86_64Linux, address: "10.0.0.12", lanInterfaces: ["enp1s0"],
    hostKey: "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAILry7rnpd65hqHByINhadYGKO52ioo58+aXqIfP/Wnz0"
) {
    server
    monitored
    backedUp
    postgresql
    Import("hardware/kronos.nix")
}
