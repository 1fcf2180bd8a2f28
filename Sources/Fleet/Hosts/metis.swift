import NixGen

let metis = Host("metis", system: .x86_64Linux, address: "10.0.0.14") {
    server
    monitored
    Import("hardware/metis.nix")
    Setting("boot.kernel.sysctl", ["net.ipv4.ip_forward": 1] as NixValue)
}
