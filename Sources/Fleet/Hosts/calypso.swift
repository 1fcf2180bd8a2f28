import NixGen

let calypso = Host("calypso", system: .aarch64Linux, address: "10.0.0.4") {
    server
    monitored
    ciRunner
    Import("hardware/calypso.nix")
}
