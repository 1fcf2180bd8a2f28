import NixGen

let hestia = Host(
    "hestia", system: .aarch64Linux, address: "10.0.0.9", lanInterfaces: ["enp1s0"],
    hostKey: "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIEhahDG7DVLaNfzjSVdnhU1lFIRWWdbofEVYGstYEFM5"
) {
    server
    monitored
    backedUp
    homeAssistant
    mosquitto
    Import("hardware/hestia.nix")
}
