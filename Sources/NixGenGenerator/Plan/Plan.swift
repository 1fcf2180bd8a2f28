import NixGen

/// The fleet resolved for rendering: what each host really runs once roles are expanded,
/// with everything sorted by name so output never depends on declaration or hash order.
///
/// Built from any fleet, valid or not (first definition wins, unknown names are dropped), so
/// validation can reason over the same resolution that rendering uses. It is the one normalized
/// view renderers read: every service's ports, secrets and dependencies, and every role's and
/// host's imports, appear once each (first wins), so no renderer deduplicates again. Validation
/// reports the duplicates from `fleet`, the declaration as written.
package struct Plan: Sendable {
    /// One host as resolved. Its fields live in one shared, immutable box: every pass over the
    /// fleet (validation's rules, each renderer) iterates the hosts, and copying a plan by value
    /// counted references to each of its fields, per host and pass. Fields are read in place.
    package struct HostPlan: Sendable {
        private final class Fields: Sendable {
            let host: Host
            let roles: [Role]
            let services: ServiceList
            let assignments: Assignments
            let deployment: Deployment
            let stateVersion: StateVersion?
            let imports: [Import]
            let ownImports: [Import]

            init(host: Host, roles: [Role], services: ServiceList, assignments: Assignments, deployment: Deployment,
                 stateVersion: StateVersion?, imports: [Import], ownImports: [Import]) {
                self.host = host
                self.roles = roles
                self.services = services
                self.assignments = assignments
                self.deployment = deployment
                self.stateVersion = stateVersion
                self.imports = imports
                self.ownImports = ownImports
            }
        }

        private let fields: Fields

        package init(host: Host, roles: [Role], services: ServiceList, assignments: Assignments, deployment: Deployment,
                     stateVersion: StateVersion?, imports: [Import], ownImports: [Import]) {
            fields = Fields(host: host, roles: roles, services: services, assignments: assignments, deployment: deployment,
                            stateVersion: stateVersion, imports: imports, ownImports: ownImports)
        }

        package var host: Host { _read { yield fields.host } }
        package var roles: [Role] { _read { yield fields.roles } }
        /// Directly assigned services plus those the host's roles bring, each once, by name.
        package var services: ServiceList { _read { yield fields.services } }
        /// Where each service came to the host (its direct assignment, else the role's).
        package var assignments: Assignments { _read { yield fields.assignments } }
        package var deployment: Deployment { _read { yield fields.deployment } }
        /// The host's own state version, else the fleet's for its platform.
        package var stateVersion: StateVersion? { _read { yield fields.stateVersion } }
        /// Every module the host imports itself or through its roles.
        package var imports: [Import] { _read { yield fields.imports } }
        /// The modules the host imports itself, each once.
        package var ownImports: [Import] { _read { yield fields.ownImports } }

        package var name: String { fields.host.name }
        package var platform: Platform { fields.host.platform }
    }

    package var fleet: Fleet
    package var hosts: [HostPlan]
    package var services: [Service]
    package var roles: [Role]
    package var servicesByName: [String: Service]
    package var rolesByName: [String: Role]
    /// Indices into `hosts` of the hosts running each service, in host order.
    private var runners: [String: [Int]]
    /// Index into `hosts` by name.
    private var hostIndex: [String: Int]

    package init(_ fleet: Fleet) {
        self.fleet = fleet
        var servicesByName: [String: Service] = [:]
        for service in fleet.services where servicesByName[service.name] == nil { servicesByName[service.name] = service.normalized }
        var rolesByName: [String: Role] = [:]
        for role in fleet.roles where rolesByName[role.name] == nil { rolesByName[role.name] = role.normalized }
        self.servicesByName = servicesByName
        self.rolesByName = rolesByName
        services = servicesByName.values.sorted { $0.name < $1.name }
        roles = rolesByName.values.sorted { $0.name < $1.name }

        // By name, then where declared; of a name declared twice the first stays (validation
        // reports the others). Sorted as positions, compared in place.
        let distinct: [Host] = fleet.hosts.withUnsafeBufferPointer { hosts in
            let order = hosts.indices.sorted { a, b in
                hosts[a].name != hosts[b].name ? hosts[a].name < hosts[b].name : hosts[a].location < hosts[b].location
            }
            return order.indices.filter { $0 == 0 || hosts[order[$0 - 1]].name != hosts[order[$0]].name }.map { hosts[order[$0]] }
        }
        // Each host resolves on its own: on all cores.
        let serviceTable = services, roleTable = rolesByName
        let servicePositions = Dictionary(uniqueKeysWithValues: services.enumerated().map { ($1.name, $0) })
        hosts = distinct.parallelMap { host in
            let roles = host.roles.map(\.name).uniqued(by: { $0 }).sorted().compactMap { roleTable[$0] }
            let assignments = Assignments(host.services + roles.flatMap(\.services))
            let services = ServiceList(serviceTable, positions: assignments.names.compactMap { servicePositions[$0] })
            let fleetStateVersion: StateVersion? = switch host.platform {
            case .nixos: fleet.stateVersion.map(StateVersion.nixos)
            case .darwin: fleet.darwinStateVersion.map(StateVersion.darwin)
            }
            return HostPlan(host: host, roles: roles, services: services, assignments: assignments,
                            deployment: host.deployment ?? fleet.deployment,
                            stateVersion: host.stateVersion ?? fleetStateVersion,
                            imports: host.imports + roles.flatMap(\.imports), ownImports: host.imports.uniqued(by: \.path))
        }
        // By the services' places, not their names: no service is copied or its name hashed per host.
        var runnersByPosition = [[Int]](repeating: [], count: services.count)
        for (index, host) in hosts.enumerated() {
            for position in host.services.positions { runnersByPosition[position].append(index) }
        }
        runners = Dictionary(uniqueKeysWithValues: zip(services.map(\.name), runnersByPosition).filter { !$0.1.isEmpty })
        hostIndex = Dictionary(hosts.enumerated().map { ($1.name, $0) }, uniquingKeysWith: { first, _ in first })
    }

    /// The host of this name, if the fleet declares it.
    package func host(named name: String) -> HostPlan? { hostIndex[name].map { hosts[$0] } }

    /// Hosts that run `service` and, when given, have `role`; by name.
    package func hosts(running service: String, role: String?) -> [HostPlan] {
        let all = hosts(running: service)
        guard let role else { return all }
        return all.filter { $0.roles.contains { $0.name == role } }
    }

    /// Hosts that run `service`, by name.
    package func hosts(running service: String) -> [HostPlan] {
        (runners[service] ?? []).map { hosts[$0] }
    }

    /// The names of the hosts that run `service`, in host order (without copying their plans).
    package func hostNames(running service: String) -> [String] {
        (runners[service] ?? []).map { hosts[$0].name }
    }
}

extension Plan {
    /// Whether any service has secrets: the fleet then uses secrix.
    package var usesSecrets: Bool { services.contains { !$0.secrets.isEmpty } }
}

extension Service {
    /// The options the service switches on itself (`Enable("services.grafana")`): where the policies
    /// look to see whether it really runs.
    package var enableOptions: [AttrPath] {
        settings.filter { $0.path.components.last == "enable" && $0.value == .bool(true) }.map(\.path).uniqued(by: { $0 })
    }

    /// Each port, secret and dependency once, the first of a name.
    var normalized: Service {
        var service = self
        service.ports = ports.uniqued(by: \.name)
        service.secrets = secrets.uniqued(by: \.name)
        service.dependencies = dependencies.uniqued { [$0.service, $0.scope.rawValue] }
        return service
    }
}

extension Role {
    /// Each import once.
    var normalized: Role {
        var role = self
        role.imports = imports.uniqued(by: \.path)
        return role
    }
}

extension Array {
    /// The elements whose key was not seen before, in order.
    func uniqued<Key: Hashable>(by key: (Element) -> Key) -> [Element] {
        zip(self, repeats(by: key)).filter { !$0.1 }.map(\.0)
    }

    /// For each element, whether an earlier one has the same key.
    func repeats<Key: Hashable>(by key: (Element) -> Key) -> [Bool] {
        let keys = map(key)
        // A host's few services, roles or imports: compared pairwise, cheaper than hashing each.
        if keys.count <= 16 { return keys.indices.map { keys[..<$0].contains(keys[$0]) } }
        var seen = Set<Key>()
        return keys.map { !seen.insert($0).inserted }
    }
}

extension Plan {
    /// Where each of a host's services came to it: the first assignment of each name, sorted by
    /// name. A short sorted list rather than a dictionary: ten thousand hosts each keep one.
    package struct Assignments: Sendable {
        private var entries: [Assignment] = []

        init(_ assignments: [Assignment]) {
            entries = assignments.uniqued(by: \.name).sorted { $0.name < $1.name }
        }

        /// The service names, sorted.
        package var names: [String] { entries.map(\.name) }

        package subscript(name: String) -> SourceLocation? {
            var low = 0, high = entries.count
            while low < high {
                let middle = (low + high) / 2
                if entries[middle].name < name { low = middle + 1 } else { high = middle }
            }
            return low < entries.count && entries[low].name == name ? entries[low].location : nil
        }
    }
}

extension Plan {
    /// A host's services, read from the plan's one table of services: thousands of hosts share
    /// the table, each keeping only the positions of its own (a `Service` is large to copy).
    package struct ServiceList: RandomAccessCollection, Sendable {
        private let table: [Service]
        /// Each service's place in the plan's `services`, in this list's order.
        package let positions: [Int]

        init(_ table: [Service], positions: [Int]) {
            self.table = table
            self.positions = positions
        }

        package var startIndex: Int { 0 }
        package var endIndex: Int { positions.count }
        /// Lent, not copied: `services[i].name` reads one field of the service.
        package subscript(position: Int) -> Service { _read { yield table[positions[position]] } }

        // Read in place, without handing out each service as iterating the list (`map`) would.
        /// The services' names, in the list's order.
        package var names: [String] { indices.map { self[$0].name } }
        /// Whether any of the services has secrets.
        package var haveSecrets: Bool { indices.contains { !self[$0].secrets.isEmpty } }
    }
}
