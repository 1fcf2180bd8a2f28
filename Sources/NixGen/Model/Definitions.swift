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
        services = collector.services.values
        roles = collector.roles.values
    }
}

/// Distinct definitions in the order they are first met, each without the definitions it
/// referenced (collected on their own).
private struct DefinitionCollector {
    var services = Distinct<Service>()
    var roles = Distinct<Role>()

    mutating func add(_ services: [Service]) {
        for service in services { add(service) }
    }

    mutating func add(_ service: Service) {
        var plain = service
        if !plain.definitions.isEmpty { plain.definitions = Definitions() }
        services.insert(plain, named: service.name)
        add(service.definitions.services)
    }

    mutating func add(_ role: Role) {
        var plain = role
        if !plain.definitions.isEmpty { plain.definitions = Definitions() }
        roles.insert(plain, named: role.name)
        add(role.definitions.services)
    }
}

/// Values kept once each, in the order first met. A value is compared only with those of its
/// name: a catalogue service is referenced by thousands of hosts, and scanning every definition
/// for each reference was quadratic.
private struct Distinct<Value: Equatable> {
    private(set) var values: [Value] = []
    private var named: [String: [Int]] = [:]

    mutating func insert(_ value: Value, named name: String) {
        guard !named[name, default: []].contains(where: { values[$0] == value }) else { return }
        named[name, default: []].append(values.count)
        values.append(value)
    }
}
