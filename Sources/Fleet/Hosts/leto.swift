import NixGen

let leto = Host("leto", system: .aarch64Linux, address: "10.0.0.13") {
    server
    monitored
    unbound
    Import("hardware/leto.nix")
}
