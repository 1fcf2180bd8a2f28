import NixGen

let gaia = Host(
    "gaia", system: .x86_64Linux, address: "10.0.0.7", lanInterfaces: ["enp1s0"],
    hostKey: "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAINctaWRnFbvBqcJmIqTtIpQFKEwT7KYOPMGFKATSOgs9"
) {
    server
    monitored
    backedUp
    vaultwarden
    Import("hardware/gaia.nix")
}
