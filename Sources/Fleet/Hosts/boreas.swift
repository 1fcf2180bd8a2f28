import NixGen

let boreas = Host("boreas", system: .x86_64Linux, address: "10.0.0.3") {
    server
    monitored
    ciRunner
    Import("hardware/boreas.nix")
}
