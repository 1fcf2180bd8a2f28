import NixGen

let nyx = Host("nyx", system: .x86_64Linux, address: "10.0.0.15") {
    server
    monitored
    ciRunner
    Import("hardware/nyx.nix")
}
