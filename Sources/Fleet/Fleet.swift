import NixGen

/// The bundled example fleet: what `swift run nixgen render` renders.
public let exampleFleet = Fleet(
    stateVersion: "26.05",
    darwinStateVersion: 6,
    deployment: Deployment(sshUser: "deploy", buildOn: .remote),
    deployers: [.nixinate, .colmena],
    admins: ["ops": ["ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIBmrjWgziZC2BcHa6M0fq2tR/pf7Sxwfw080PoS5/fEM ops@example.org"]],
    recipients: ["ops": ["ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIBmrjWgziZC2BcHa6M0fq2tR/pf7Sxwfw080PoS5/fEM ops@example.org"]]
) {
    allServices
    allHosts
}
