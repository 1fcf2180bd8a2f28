import NixGen

let leto = Host(
    "leto", system: .aarch64Linux, address: "10.0.0.13", lanInterfaces: ["enp1s0"],
    hostKey: "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAICkCW462yA29JaZaCSahKjfwm/GOKrD0mkCAbWaSakNg"
) {
    server
    monitored
    unbound
    Import("hardware/leto.nix")
}
