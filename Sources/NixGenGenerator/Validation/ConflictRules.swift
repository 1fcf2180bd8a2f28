import NixGen

/// One option given different single values by two of a host's sources (the host itself, a role,
/// a service): NixOS would stop with "conflicting definition values" and name generated files.
/// Lists and attribute sets merge in the module system, so only single values conflict.
enum ConflictRules {
    /// Who sets a value; spelled out only for a conflict (most hosts have none).
    private struct Owner: Equatable {
        enum Kind: String { case role, service, host }
        var kind: Kind
        var name: String
        var description: String { "\(kind.rawValue) \(quoted(name))" }
    }

    /// One single value a source defines, with its path's hash (worked out once per service or
    /// role, not once per host running it).
    private struct Single {
        var path: AttrPath
        var hash: Int
        var value: NixValue
        var location: SourceLocation
    }

    static func check(_ plan: Plan) -> [Diagnostic] {
        let services = plan.services.map { singles($0.settings) }
        let roles = Dictionary(plan.roles.map { ($0.name, singles($0.settings)) }, uniquingKeysWith: { first, _ in first })
        return Array(plan.hosts.parallelMap { hostPlan in
            // The host last: a clash is reported at the host's own setting, the one that overrides.
            var sources: [(owner: Owner, singles: [Single])] = hostPlan.roles.map { (Owner(kind: .role, name: $0.name), roles[$0.name] ?? []) }
            for (index, position) in hostPlan.services.positions.enumerated() {
                sources.append((Owner(kind: .service, name: hostPlan.services[index].name), services[position]))
            }
            sources.append((Owner(kind: .host, name: hostPlan.name), singles(hostPlan.host.settings)))
            return check(hostPlan.name, sources)
        }.joined())
    }

    private static func check(_ host: String, _ sources: [(owner: Owner, singles: [Single])]) -> [Diagnostic] {
        // Grouped by the paths' hashes, sorted (a dictionary per host cost more than all else here);
        // within a hash, in the order the sources define them, the first definition of a path first.
        // Sorted as (hash, source, place) integers: the definitions themselves are copied only
        // for paths that more than one defines.
        var keys: [(hash: Int, source: Int, item: Int)] = []
        for source in sources.indices {
            for item in sources[source].singles.indices { keys.append((sources[source].singles[item].hash, source, item)) }
        }
        keys.sort { ($0.hash, $0.source, $0.item) < ($1.hash, $1.source, $1.item) }
        var out: [Diagnostic] = []
        for run in keys.runs({ $0.hash == $1.hash }) where run.count > 1 {
            out += conflicts(host, run.map { ($0.source, sources[$0.source].singles[$0.item]) }, sources)
        }
        return out
    }

    /// The conflicts among definitions whose paths share a hash, in the order they were made.
    private static func conflicts(_ host: String, _ definitions: [(source: Int, single: Single)],
                                  _ sources: [(owner: Owner, singles: [Single])]) -> [Diagnostic] {
        var out: [Diagnostic] = []
        // Each distinct path's first definition (paths sharing a hash are almost always equal).
        var firsts: [(source: Int, single: Single)] = []
        for later in definitions {
            guard let first = firsts.first(where: { $0.single.path == later.single.path }) else {
                firsts.append(later)
                continue
            }
            let owner = sources[later.source].owner, firstOwner = sources[first.source].owner
            let value = later.single.value, firstValue = first.single.value
            // Different priorities do not clash: the module system takes the stronger one.
            guard firstOwner != owner, firstValue != value, firstValue.priority == value.priority else { continue }
            out.append(.error("\(later.single.path) on \(host) is set to \(describe(firstValue)) by \(firstOwner.description) and to \(describe(value)) by \(owner.description)",
                              at: later.single.location, hint: "set it in one place, or give the host its own value only",
                              notes: [.init("\(firstOwner.description) sets it here", at: first.single.location)]))
        }
        return out
    }

    private static func singles(_ settings: [Setting]) -> [Single] {
        settings.filter { !$0.value.nests(deeperThan: SettingRules.maximumNesting) }.flatMap { setting in
            singleValues(setting.path, setting.value).map { Single(path: $0.0, hash: $0.0.hashValue, value: $0.1, location: setting.location) }
        }
    }

    /// The single (non-list, non-attribute-set) values a setting defines, by full option path.
    private static func singleValues(_ path: AttrPath, _ value: NixValue) -> [(AttrPath, NixValue)] {
        switch value {
        case .attrs(let members) where !members.isEmpty:
            members.flatMap { singleValues(path.appending($0.key), $0.value) }
        case .list, .attrs: []
        default: [(path, value)]
        }
    }

    private static func describe(_ value: NixValue) -> String {
        switch value {
        case .string(let text): quoted(text)
        case .bool(let flag): String(flag)
        case .int(let number): String(number)
        case .float(let number): String(number)
        case .null: "null"
        case .portNumber(let name): "port \(quoted(name))"
        case .reference: "a reference"
        case .template: "a string template"
        case .raw(let raw): "raw Nix \(quoted(raw.expression))"
        case .prioritized(let priority, let inner): "lib.\(priority.rawValue) \(describe(inner))"
        default: "a value"
        }
    }
}

extension NixValue {
    /// The module-system priority of a definition: `mkForce` 50, plain 100, `mkDefault` 1000.
    var priority: Int {
        switch self {
        case .prioritized(.force, _): 50
        case .prioritized(.default, _): 1000
        default: 100
        }
    }
}
