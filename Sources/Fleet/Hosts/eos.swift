import NixGen

let eos = Host(
    "eos", system: .x86_64Linux, address: "10.0.0.6", lanInterfaces: ["enp1s0"],
    hostKey: "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIC1Q74vX0Amfv+sUEGKLW5rae9TDK2qi+8BXitEd3mKN"
) {
    server
    monitored
    nginx
    wireguard
    Mesh("wg0", address: "10.100.0.2/24", publicKey: "kTi0hyfWkYiPieEk7MWvZELfiVdSF4mB+QSl3nuyOAA=")
    Import("hardware/eos.nix")
}
