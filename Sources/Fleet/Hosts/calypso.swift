import NixGen

let calypso = Host(
    "calypso", system: .aarch64Linux, address: "10.0.0.4", lanInterfaces: ["enp1s0"],
    hostKey: "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIHNoDeJXxPnhwrPioTK287XFsqvU4UhVWcLdrhm1qv1C"
) {
    server
    monitored
    ciRunner
    Import("hardware/calypso.nix")
}
