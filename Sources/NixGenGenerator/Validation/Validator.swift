import NixGen

/// Checks a fleet and returns every finding at once, sorted. Pure: no I/O, no traps.
package enum Validator {
    package static func validate(_ fleet: Fleet, sources: [FleetSource] = []) -> [Diagnostic] {
        validate(Plan(fleet), sources: sources)
    }

    /// Validates an already resolved fleet (render resolves once and shares the plan); `sources`
    /// are the fleet's Swift files, for declarations that never reached the fleet.
    package static func validate(_ plan: Plan, sources: [FleetSource] = []) -> [Diagnostic] {
        // The rule groups read the plan and nothing else: they run on all cores. Each has its own
        // suggestion budget, so which names get a "did you mean" does not depend on timing.
        let groups: [@Sendable () -> [Diagnostic]] = [
            { NameRules.check(plan.fleet) },
            { HostRules.check(plan) },
            { PortRules.check(plan) },
            { DependencyRules.check(plan) },
            { SettingRules.check(plan) },
            { RawNixRules.check(plan) },
            { OwnedOptionRules.check(plan) },
            { PastedSecretRules.check(plan) },
            { DeployRules.check(plan) },
            { ConflictRules.check(plan) },
            { ReferenceRules.check(plan) },
            { WiringRules.check(plan) },
            { SourceRules.check(plan, sources: sources) },
        ]
        let diagnostics = groups.parallelMap(minimum: 1) { group in
            SuggestionBudget.$current.withValue(SuggestionBudget()) { group() }
        }
        return Array(Set(diagnostics.joined())).sorted()
    }
}

/// Rules on names: they become host names, file names and Nix attribute names.
enum NameRules {
    static func check(_ fleet: Fleet) -> [Diagnostic] {
        var out: [Diagnostic] = []
        for host in fleet.hosts {
            if let problem = Names.hostNameProblem(host.name) {
                out.append(.error("invalid host name \(quoted(host.name)): \(problem)", at: host.location,
                                  hint: "host names are lowercase letters, digits and dashes (RFC 1123), at most 63"))
            }
        }
        for service in fleet.services {
            if let problem = Names.fileNameProblem(service.name) {
                out.append(.error("invalid service name \(quoted(service.name)): \(problem)", at: service.location,
                                  hint: "use letters, digits, '.', '_' and '-', starting with a letter or digit"))
            }
        }
        for role in fleet.roles {
            if let problem = Names.fileNameProblem(role.name) {
                out.append(.error("invalid role name \(quoted(role.name)): \(problem)", at: role.location,
                                  hint: "use letters, digits, '.', '_' and '-', starting with a letter or digit"))
            }
        }
        out += duplicates(fleet.hosts.map { ($0.name, $0.location) }, kind: "host")
        out += duplicates(fleet.services.map { ($0.name, $0.location) }, kind: "service")
        out += duplicates(fleet.roles.map { ($0.name, $0.location) }, kind: "role")
        return out
    }

    /// Every declaration after the first of a name is an error pointing back at the first.
    private static func duplicates(_ items: [(String, SourceLocation)], kind: String) -> [Diagnostic] {
        var out: [Diagnostic] = []
        for (name, group) in Dictionary(grouping: items, by: { $0.0 }) where group.count > 1 {
            let sorted = group.sorted { $0.1 < $1.1 }
            let first = sorted[0].1
            for item in sorted.dropFirst() {
                out.append(.error("\(kind) \(quoted(name)) is declared more than once", at: item.1,
                                  hint: "give each \(kind) a unique name", notes: [.init("first declared here", at: first)]))
            }
        }
        return out
    }
}

/// Quotes a user-supplied name for a message, escaping what a terminal would mangle.
