import NixGen

/// An admin's MacBook: nix-darwin, deployed by hand with darwin-rebuild.
let ariadne = Host("ariadne", system: .aarch64Darwin) {
    workstation
}
