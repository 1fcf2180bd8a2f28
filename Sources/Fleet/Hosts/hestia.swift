import NixGen

let hestia = Host(
    "hestia", system: .aarch64Linux, address: "10.0.0.9", lanInterfaces: ["enp1s0"],
    hostKey: "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIPygknoGhdOOjUoJbpWv/r7KDAF80Mov8M0GlCvHiHQ2"
) {
    server
    monitored
    backedUp
    homeAssistant
    mosquitto
    Import("hardware/hestia.nix")
}
