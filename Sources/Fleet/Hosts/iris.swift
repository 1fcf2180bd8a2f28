import NixGen

let iris = Host(
    "iris", system: .aarch64Linux, address: "10.0.0.10", lanInterfaces: ["enp1s0"],
    hostKey: "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIEdhKzF1/s4H9sPpGZJBLFsWyoipBoy3L+y89lPrX/zX"
) {
    server
    monitored
    unbound
    Import("hardware/iris.nix")
}
