import NixGen

let janus = Host("janus", system: .x86_64Linux, address: "10.0.0.11") {
    server
    monitored
    wireguard
    Import("hardware/janus.nix")
}
