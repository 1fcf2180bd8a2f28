import NixGen

let orion = Host("orion", system: .x86_64Linux, address: "10.0.0.16") {
    server
    monitored
    jellyfin
    Import("hardware/orion.nix")
}
