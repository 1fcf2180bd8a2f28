import NixGen

/// Rules on dependencies: declared, running where they must, and acyclic.
enum DependencyRules {
    static func check(_ plan: Plan) -> [Diagnostic] {
        var out: [Diagnostic] = []
        let serviceNames = plan.services.map(\.name)
        for service in plan.services {
            for dependency in service.dependencies {
                let needed = quoted(dependency.service)
                if plan.servicesByName[dependency.service] == nil {
                    out.append(.error("service \(quoted(service.name)) requires \(needed), which is not a declared service",
                                      at: dependency.location,
                                      hint: HostRules.didYouMean(dependency.service, serviceNames, "declare it in the fleet")))
                    continue
                }
                let runners = plan.hosts(running: service.name)
                if runners.isEmpty { continue }
                if plan.hosts(running: dependency.service).isEmpty {
                    out.append(.error("service \(quoted(service.name)) requires \(needed), which runs on no host",
                                      at: dependency.location, hint: "assign \(needed) to a host"))
                    continue
                }
                guard dependency.scope == .sameHost else { continue }
                for host in runners where !host.services.names.contains(dependency.service) {
                    out.append(.error("\(quoted(service.name)) on \(host.name) requires \(needed) on the same host, but \(host.name) does not run it",
                                      at: host.assignments[service.name] ?? host.host.location,
                                      hint: "add \(needed) to \(host.name), or declare the dependency with on: .fleet"))
                }
            }
        }
        out += cycles(plan)
        return out
    }

    /// One error per dependency cycle, at the first edge of the cycle (by location).
    private static func cycles(_ plan: Plan) -> [Diagnostic] {
        let edges = Dictionary(uniqueKeysWithValues: plan.services.map { service in
            (service.name, service.dependencies.filter { plan.servicesByName[$0.service] != nil })
        })
        var out: [Diagnostic] = []
        var reported = Set<[String]>()
        var state: [String: Int] = [:]  // 1: on the stack, 2: done
        var stack: [String] = []
        func visit(_ name: String) {
            state[name] = 1
            stack.append(name)
            for edge in edges[name] ?? [] {
                if state[edge.service] == 1 {
                    let cycle = Array(stack[stack.lastIndex(of: edge.service)!...])
                    let start = cycle.indices.min { cycle[$0] < cycle[$1] }!
                    let canonical = Array(cycle[start...] + cycle[..<start])
                    if reported.insert(canonical).inserted {
                        let path = (canonical + [canonical[0]]).joined(separator: " → ")
                        let location = canonical.compactMap { from in
                            edges[from]?.first { canonical.contains($0.service) }?.location
                        }.min() ?? edge.location
                        out.append(.error("dependency cycle: \(path)", at: location,
                                          hint: "a service cannot require itself, directly or through others"))
                    }
                } else if state[edge.service] == nil {
                    visit(edge.service)
                }
            }
            stack.removeLast()
            state[name] = 2
        }
        for service in plan.services.map(\.name) where state[service] == nil { visit(service) }
        return out
    }
}
