import NixGen

let iris = Host("iris", system: .aarch64Linux, address: "10.0.0.10") {
    server
    monitored
    unbound
    Import("hardware/iris.nix")
}
