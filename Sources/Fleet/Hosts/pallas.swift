import NixGen

let pallas = Host("pallas", system: .x86_64Linux, address: "10.0.0.17") {
    server
    monitored
    backedUp
    grafana
    Import("hardware/pallas.nix")
}
