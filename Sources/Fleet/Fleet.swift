import NixGen

/// The bundled example fleet: what `swift run nixgen render` renders.
public let exampleFleet = Fleet(deployment: Deployment(sshUser: "deploy", buildOn: .remote)) {
    allServices
    allHosts
}
