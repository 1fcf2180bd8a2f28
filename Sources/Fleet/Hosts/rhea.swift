import NixGen

let rhea = Host(
    "rhea", system: .aarch64Linux, address: "10.0.0.18", lanInterfaces: ["enp1s0"],
    hostKey: "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIGf3B4Yoi37qmzz1op6Kq9mqYjOI1fxbWAW+yPQO4sIg"
) {
    server
    monitored
    mosquitto
    Import("hardware/rhea.nix")
}
