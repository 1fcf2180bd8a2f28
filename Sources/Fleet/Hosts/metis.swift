import NixGen

let metis = Host(
    "metis", system: .x86_64Linux, address: "10.0.0.14", lanInterfaces: ["enp1s0"],
    hostKey: "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIGFRIQh4Ck6fwDPT7KwITD9QbeMIbfhk+8pm3aNuGwTb"
) {
    server
    monitored
    Import("hardware/metis.nix")
    Setting("boot.kernel.sysctl", ["net.ipv4.ip_forward": 1])
}
