import NixGen

let kronos = Host("kronos", system: .x86_64Linux, address: "10.0.0.12") {
    server
    monitored
    backedUp
    postgresql
    Import("hardware/kronos.nix")
}
