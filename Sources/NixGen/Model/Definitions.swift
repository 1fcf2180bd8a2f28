/// Services and roles a declaration referenced by value (`forgejo` inside a `Host`, say).
///
/// The DSL records them so `Fleet { ... }` can collect every definition without the user listing
/// it twice; `Fleet` empties them once collected, so a built fleet is plain data.
package struct Definitions: Sendable, Hashable, Codable {
    package var services: [Service] = []
    package var roles: [Role] = []
    package init() {}
    var isEmpty: Bool { services.isEmpty && roles.isEmpty }
}

extension Fleet {
    /// The fleet with every referenced definition moved into `services`/`roles`, each distinct
    /// definition once. Two different definitions under one name both stay: validation reports them.
    func collectingReferences() -> Fleet {
        var fleet = self
        var services: [Service] = []
        var roles: [Role] = []
        func add(_ service: Service) {
            var plain = service
            plain.definitions = Definitions()
            if !services.contains(plain) { services.append(plain) }
            service.definitions.services.forEach(add)
        }
        func add(_ role: Role) {
            var plain = role
            plain.definitions = Definitions()
            if !roles.contains(plain) { roles.append(plain) }
            role.definitions.services.forEach(add)
        }
        self.services.forEach(add)
        self.roles.forEach(add)
        for index in fleet.hosts.indices {
            fleet.hosts[index].definitions.services.forEach(add)
            fleet.hosts[index].definitions.roles.forEach(add)
            fleet.hosts[index].definitions = Definitions()
        }
        fleet.services = services
        fleet.roles = roles
        return fleet
    }
}
