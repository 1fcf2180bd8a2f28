import NixGen

let orion = Host(
    "orion", system: .x86_64Linux, address: "10.0.0.16", lanInterfaces: ["enp1s0"],
    hostKey: "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIJXrvQngCGuR7A+2su20v5RXpJ48kRDsfOJeUmzH5SCv"
) {
    server
    monitored
    jellyfin
    Import("hardware/orion.nix")
}
