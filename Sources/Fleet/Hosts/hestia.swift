import NixGen

let hestia = Host("hestia", system: .aarch64Linux, address: "10.0.0.9") {
    server
    monitored
    backedUp
    homeAssistant
    mosquitto
    Import("hardware/hestia.nix")
}
