import NixGen

let helios = Host("helios", system: .x86_64Linux, address: "10.0.0.8") {
    server
    monitored
    jellyfin
    Import("hardware/helios.nix")
}
