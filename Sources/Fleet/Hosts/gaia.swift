import NixGen

let gaia = Host(
    "gaia", system: .x86_64Linux, address: "10.0.0.7", lanInterfaces: ["enp1s0"],
    hostKey: "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAILle5O/EmHjrxuj5PCnX9pJ0La1zMFdGNEKMjWNVeU2I"
) {
    server
    monitored
    backedUp
    vaultwarden
    Import("hardware/gaia.nix")
}
