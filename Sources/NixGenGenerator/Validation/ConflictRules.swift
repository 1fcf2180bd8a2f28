import NixGen

/// One option given different single values by two of a host's sources (the host itself, a role,
/// a service): NixOS would stop with "conflicting definition values" and name generated files.
/// Lists and attribute sets merge in the module system, so only single values conflict.
enum ConflictRules {
    private struct Definition {
        var value: NixValue
        var location: SourceLocation
        var owner: Owner
    }

    /// Who sets a value; spelled out only for a conflict (most hosts have none).
    private struct Owner: Equatable {
        enum Kind: String { case role, service, host }
        var kind: Kind
        var name: String
        var description: String { "\(kind.rawValue) \(quoted(name))" }
    }

    static func check(_ plan: Plan) -> [Diagnostic] {
        Array(plan.hosts.parallelMap(check).joined())
    }

    private static func check(_ hostPlan: Plan.HostPlan) -> [Diagnostic] {
        var out: [Diagnostic] = []
        // The host last: a clash is reported at the host's own setting, the one that overrides.
        var sources: [(owner: Owner, settings: [Setting])] = hostPlan.roles.map { (Owner(kind: .role, name: $0.name), $0.settings) }
        sources += hostPlan.services.map { (Owner(kind: .service, name: $0.name), $0.settings) }
        sources.append((Owner(kind: .host, name: hostPlan.name), hostPlan.host.settings))
        var defined: [AttrPath: Definition] = [:]
        for (owner, settings) in sources {
            for setting in settings where !setting.value.nests(deeperThan: SettingRules.maximumNesting) {
                for (path, value) in singleValues(setting.path, setting.value) {
                    guard let first = defined[path] else {
                        defined[path] = Definition(value: value, location: setting.location, owner: owner)
                        continue
                    }
                    // Different priorities do not clash: the module system takes the stronger one.
                    guard first.owner != owner, first.value != value, first.value.priority == value.priority else { continue }
                    out.append(.error("\(path) on \(hostPlan.name) is set to \(describe(first.value)) by \(first.owner.description) and to \(describe(value)) by \(owner.description)",
                                      at: setting.location, hint: "set it in one place, or give the host its own value only",
                                      notes: [.init("\(first.owner.description) sets it here", at: first.location)]))
                }
            }
        }
        return out
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
