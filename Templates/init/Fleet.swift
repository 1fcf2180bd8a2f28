import NixGen

/// The fleet: every service and host declared in this folder.
public let fleet = Fleet {
    allServices
    allHosts
}
