import NixGen

let helios = Host(
    "helios", system: .x86_64Linux, address: "10.0.0.8", lanInterfaces: ["enp1s0"],
    hostKey: "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIChIXtClcmH7aIf4zvMJO4ZqymegPRa2f3P/GysJeQEy"
) {
    server
    monitored
    jellyfin
    Import("hardware/helios.nix")
}
