import NixGen

let rhea = Host(
    "rhea", system: .aarch64Linux, address: "10.0.0.18", lanInterfaces: ["enp1s0"],
    hostKey: "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIBiyhiSI42N+yeZwcGEj41iZpJ5XzZ8RLSMnAvCSEGgL"
) {
    server
    monitored
    mosquitto
    Import("hardware/rhea.nix")
}
