import NixGen

let atlas = Host("atlas", system: .x86_64Linux, address: "10.0.0.2") {
    server
    monitored
    backedUp
    forgejo
    postgresql
    Import("hardware/atlas.nix")
}
