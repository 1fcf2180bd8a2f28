import NixGen

let demeter = Host("demeter", system: .x86_64Linux, address: "10.0.0.5") {
    server
    monitored
    backedUp
    prometheus
    grafana
    loki
    Import("hardware/demeter.nix")
}
