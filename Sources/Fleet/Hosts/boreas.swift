import NixGen

let boreas = Host(
    "boreas", system: .x86_64Linux, address: "10.0.0.3", lanInterfaces: ["enp1s0"],
    hostKey: "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIBBHfD7Hs965om3rUa3YbETNbfR6YRu5Lbqb0y5OU+XM"
) {
    server
    monitored
    ciRunner
    Import("hardware/boreas.nix")
}
