import NixGen

/// The fleet: every service and host declared in this folder.
public let fleet = Fleet(
    // The releases your hosts were first installed with: NixOS keeps stateful defaults by it.
    stateVersion: "26.05",
    darwinStateVersion: 6,
    // Who deploys: these keys log in as the deploy user on every NixOS host. Replace the
    // placeholder with your own public key (~/.ssh/id_ed25519.pub) before the first deploy.
    admins: ["admin": ["ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA replace-me"]]
) {
    allServices
    allHosts
}
