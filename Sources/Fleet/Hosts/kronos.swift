import NixGen

let kronos = Host(
    "kronos", system: .x86_64Linux, address: "10.0.0.12", lanInterfaces: ["enp1s0"],
    hostKey: "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIAWkmO/Rl8R+DPvRLGRUJ380b5yKlbwUCI87fCBC/D50"
) {
    server
    monitored
    backedUp
    postgresql
    Import("hardware/kronos.nix")
}
