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
        var services: [Service] = []
        var roles: [Role] = []
        // Where each name's definitions are: only a definition of the same name can be equal.
        var servicesNamed: [String: [Int]] = [:]
        func addPlain(_ service: Service) {
            if servicesNamed[service.name, default: []].contains(where: { services[$0] == service }) { return }
            servicesNamed[service.name, default: []].append(services.count)
            services.append(service)
        }
        func add(_ service: Service) {
            // Most references (a catalogue service on thousands of hosts) hold no definitions of
            // their own and are compared as they are, without a copy.
            if service.definitions.isEmpty { return addPlain(service) }
            var plain = service
            plain.definitions = Definitions()
            addPlain(plain)
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
        for index in hosts.indices {
            let definitions = hosts[index].definitions
            hosts[index].definitions = Definitions()
            definitions.services.forEach(add)
            definitions.roles.forEach(add)
        }
        self.services = services
        self.roles = roles
    }
}
