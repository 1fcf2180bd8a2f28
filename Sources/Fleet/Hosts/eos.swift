import NixGen

let eos = Host("eos", system: .x86_64Linux, address: "10.0.0.6") {
    server
    monitored
    nginx
    Import("hardware/eos.nix")
}
