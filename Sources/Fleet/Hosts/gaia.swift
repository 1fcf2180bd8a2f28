import NixGen

let gaia = Host("gaia", system: .x86_64Linux, address: "10.0.0.7") {
    server
    monitored
    backedUp
    nginx
    vaultwarden
    Import("hardware/gaia.nix")
}
