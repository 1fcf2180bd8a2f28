/// Services and roles a declaration referenced by value (`forgejo` inside a `Host`, say).
///
/// The DSL records them so `Fleet { ... }` can collect every definition without the user listing
/// it twice; `Fleet` empties them once collected, so a built fleet is plain data.
package struct Definitions: Sendable, Hashable, Codable {
    package var services: [Service] = []
    package var roles: [Role] = []
    package init() {}
    package var isEmpty: Bool { services.isEmpty && roles.isEmpty }
}

extension Fleet {
    /// Moves every referenced definition into `services`/`roles`, each distinct definition once.
    /// Two different definitions under one name both stay: validation reports them. In place, so
    /// a large fleet's hosts are not copied.
    mutating func collectReferences() {
        var collector = DefinitionCollector()
        collector.add(services)
        for role in roles { collector.add(role) }
        for index in hosts.indices {
            let definitions = hosts[index].definitions
            hosts[index].definitions = Definitions()
            collector.add(definitions.services)
            for role in definitions.roles { collector.add(role) }
        }
        services = collector.services
        roles = collector.roles
    }
}

/// Distinct definitions in the order they are first met. Each is compared only with the ones of
/// its name, where they lie: a catalogue service referenced by thousands of hosts is compared
/// thousands of times, and copying it for each comparison was a third of building the fleet.
private struct DefinitionCollector {
    var services: [Service] = []
    var roles: [Role] = []
    private var servicesNamed: [String: [Int]] = [:]
    private var rolesNamed: [String: [Int]] = [:]

    mutating func add(_ services: [Service]) {
        for index in services.indices { add(services[index]) }
    }

    mutating func add(_ service: Service) {
        // Most references hold no definitions of their own and are compared as they are.
        guard service.definitions.isEmpty else {
            var plain = service
            plain.definitions = Definitions()
            addPlain(plain)
            add(service.definitions.services)
            return
        }
        addPlain(service)
    }

    mutating func add(_ role: Role) {
        var plain = role
        if !plain.definitions.isEmpty { plain.definitions = Definitions() }
        if let places = rolesNamed[role.name] {
            guard !roles.withUnsafeBufferPointer({ all in places.contains { all[$0] == plain } }) else { return add(role.definitions.services) }
            rolesNamed[role.name]!.append(roles.count)
        } else {
            rolesNamed[role.name] = [roles.count]
        }
        roles.append(plain)
        add(role.definitions.services)
    }

    private mutating func addPlain(_ service: Service) {
        if let places = servicesNamed[service.name] {
            guard !services.withUnsafeBufferPointer({ all in places.contains { all[$0] == service } }) else { return }
            servicesNamed[service.name]!.append(services.count)
        } else {
            servicesNamed[service.name] = [services.count]
        }
        services.append(service)
    }
}
