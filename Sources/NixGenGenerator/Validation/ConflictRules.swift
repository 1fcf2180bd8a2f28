import NixGen

/// One option given different single values by two of a host's sources (the host itself, a role,
/// a service): NixOS would stop with "conflicting definition values" and name generated files.
/// Lists and attribute sets merge in the module system, so only single values conflict.
enum ConflictRules {
    private struct Definition {
        var value: NixValue
        var location: SourceLocation
        var owner: String
    }

    static func check(_ plan: Plan) -> [Diagnostic] {
        var out: [Diagnostic] = []
        for hostPlan in plan.hosts {
            // The host last: a clash is reported at the host's own setting, the one that overrides.
            var sources: [(owner: String, settings: [Setting])] = hostPlan.roles.map { ("role \(quoted($0.name))", $0.settings) }
            sources += hostPlan.services.map { ("service \(quoted($0.name))", $0.settings) }
            sources.append(("host \(quoted(hostPlan.name))", hostPlan.host.settings))
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
                        out.append(.error("\(path) on \(hostPlan.name) is set to \(describe(first.value)) by \(first.owner) and to \(describe(value)) by \(owner)",
                                          at: setting.location, hint: "set it in one place, or give the host its own value only",
                                          notes: [.init("\(first.owner) sets it here", at: first.location)]))
                    }
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
