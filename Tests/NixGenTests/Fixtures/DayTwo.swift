import NixGen
import NixGenGenerator

/// The ordinary day-2 changes, applied to a declared fleet as its user would make them in Swift:
/// a value is changed in one place and everything that refers to it follows.
enum DayTwo {
    /// `service` assigned to `to` instead of `from` (the line moved from one host file to another).
    static func moving(_ service: String, from: String, to: String, in fleet: Fleet) -> Fleet {
        var fleet = fleet
        for index in fleet.hosts.indices {
            if fleet.hosts[index].name == from { fleet.hosts[index].services.removeAll { $0.name == service } }
            if fleet.hosts[index].name == to {
                fleet.hosts[index].services.append(Assignment(name: service, location: fleet.hosts[index].location))
            }
        }
        return fleet
    }

    /// The registry's number of one port changed.
    static func settingPort(_ service: String, _ port: String, to number: Int, in fleet: Fleet) -> Fleet {
        var fleet = fleet
        for index in fleet.services.indices where fleet.services[index].name == service {
            for portIndex in fleet.services[index].ports.indices where fleet.services[index].ports[portIndex].name == port {
                fleet.services[index].ports[portIndex].number = number
            }
        }
        return fleet
    }

    /// A host decommissioned: its declaration removed from the fleet.
    static func removingHost(_ name: String, from fleet: Fleet) -> Fleet {
        var fleet = fleet
        fleet.hosts.removeAll { $0.name == name }
        return fleet
    }

    /// `Service("old")` renamed; references by value or by the new name follow, as they do in
    /// Swift when the string in the declaration changes.
    static func renamingService(_ old: String, to new: String, in fleet: Fleet) -> Fleet {
        func rename(_ name: String) -> String { name == old ? new : name }
        func rename(_ value: NixValue) -> NixValue {
            switch value {
            case .list(let items): return .list(items.map(rename))
            case .attrs(let members): return .attrs(members.mapValues(rename))
            case .prioritized(let priority, let inner): return .prioritized(priority, rename(inner))
            case .template(let parts):
                return .template(parts.map { part in
                    if case .value(let inner) = part { return .value(rename(inner)) }
                    return part
                })
            case .reference(let reference): return .reference(rename(reference))
            default: return value
            }
        }
        func rename(_ reference: Reference) -> Reference {
            switch reference {
            case .port(let service, let port): .port(service: rename(service), port: port)
            case .endpoint(let service, let port, let scheme): .endpoint(service: rename(service), port: port, scheme: scheme)
            case .endpoints(let service, let port, let role, let scheme):
                .endpoints(service: rename(service), port: port, role: role, scheme: scheme)
            case .hosts(let service, let role): .hosts(running: rename(service), role: role)
            case .secretPath(let service, let secret): .secretPath(service: service.map(rename), secret: secret)
            default: reference
            }
        }
        func rename(_ settings: [Setting]) -> [Setting] {
            settings.map { Setting(path: $0.path, value: rename($0.value), location: $0.location) }
        }
        var fleet = fleet
        for index in fleet.services.indices {
            fleet.services[index].name = rename(fleet.services[index].name)
            fleet.services[index].settings = rename(fleet.services[index].settings)
            for dependency in fleet.services[index].dependencies.indices {
                fleet.services[index].dependencies[dependency].service = rename(fleet.services[index].dependencies[dependency].service)
            }
            for domain in fleet.services[index].domains.indices {
                fleet.services[index].domains[domain].proxy = rename(fleet.services[index].domains[domain].proxy)
            }
        }
        for index in fleet.roles.indices {
            fleet.roles[index].services = fleet.roles[index].services.map { Assignment(name: rename($0.name), location: $0.location) }
            fleet.roles[index].settings = rename(fleet.roles[index].settings)
        }
        for index in fleet.hosts.indices {
            fleet.hosts[index].services = fleet.hosts[index].services.map { Assignment(name: rename($0.name), location: $0.location) }
            fleet.hosts[index].settings = rename(fleet.hosts[index].settings)
            for member in fleet.hosts[index].mesh.indices {
                fleet.hosts[index].mesh[member].service = rename(fleet.hosts[index].mesh[member].service)
            }
        }
        return fleet
    }
}
