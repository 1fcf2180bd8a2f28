import NixGen

/// The build Mac in the rack, on an older nix-darwin state.
let selene = Host("selene", system: .x86_64Darwin, address: "10.0.0.30", stateVersion: 5) {
    workstation
}
