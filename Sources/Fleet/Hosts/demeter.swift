import NixGen

let demeter = Host(
    "demeter", system: .x86_64Linux, address: "10.0.0.5", lanInterfaces: ["enp1s0"],
    hostKey: "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIGz3RHnhkbUoueRgbdmo2bKziuawZoeyiebG7SgZocb0"
) {
    server
    monitored
    backedUp
    prometheus
    grafana
    loki
    wireguard
    Mesh("wg0", address: "10.100.0.3/24", publicKey: "d7sBm9VYVBy11+MkbIZe2n6DM+dQqTqcnMuyHQUwuaM=")
    Import("hardware/demeter.nix")
}
