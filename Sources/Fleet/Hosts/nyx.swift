import NixGen

let nyx = Host(
    "nyx", system: .x86_64Linux, address: "10.0.0.15", lanInterfaces: ["enp1s0"],
    hostKey: "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIGRbpafNg1YCpYTVxzpWeLkUNwSovBPJuoEwMY1+W8qr"
) {
    server
    monitored
    ciRunner
    Import("hardware/nyx.nix")
}
