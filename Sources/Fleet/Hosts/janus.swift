import NixGen

let janus = Host(
    "janus", system: .x86_64Linux, address: "10.0.0.11", lanInterfaces: ["enp1s0"],
    hostKey: "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIIUMqODsPyEGtqIwzTaobPFjs7AF3StslOr69gTL3wOo"
) {
    server
    monitored
    wireguard
    Mesh("wg0", address: "10.100.0.1/24", publicKey: "PYhOMvMBfnzWdSCXHr65PbCkhWEEcFXSIdsUn20V8r4=")
    Import("hardware/janus.nix")
}
