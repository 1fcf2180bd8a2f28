import NixGen

let janus = Host(
    "janus", system: .x86_64Linux, address: "10.0.0.11", lanInterfaces: ["enp1s0"],
    hostKey: "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIIUMqODsPyEGtqIwzTaobPFjs7AF3StslOr69gTL3wOo"
) {
    server
    monitored
    wireguard
    Import("hardware/janus.nix")
}
