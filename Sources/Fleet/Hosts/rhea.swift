import NixGen

let rhea = Host("rhea", system: .aarch64Linux, address: "10.0.0.18") {
    server
    monitored
    mosquitto
    Import("hardware/rhea.nix")
}
