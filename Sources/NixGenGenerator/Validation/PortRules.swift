import NixGen

/// Rules on ports: range, names, and one claimant per (host, port, protocol).
enum PortRules {
    static func check(_ plan: Plan) -> [Diagnostic] {
        var out: [Diagnostic] = []
        for service in plan.fleet.services {
            let owner = quoted(service.name)
            var byName: [String: Port] = [:]
            var byNumber: [String: Port] = [:]
            for port in service.ports.sorted(by: { $0.location < $1.location }) {
                if let problem = Names.fileNameProblem(port.name) {
                    out.append(.error("service \(owner) has an invalid port name \(quoted(port.name)): \(problem)", at: port.location))
                }
                if !(1...65535).contains(port.number) {
                    out.append(.error("port \(quoted(port.name)) of \(owner) is \(port.number), outside 1–65535", at: port.location))
                }
                if let first = byName[port.name] {
                    let message = first.number == port.number && first.protocol == port.protocol
                        ? "port \(quoted(port.name)) of \(owner) is declared twice"
                        : "port \(quoted(port.name)) of \(owner) is declared with two numbers, \(first.number)/\(first.protocol.rawValue) and \(port.number)/\(port.protocol.rawValue)"
                    out.append(.error(message, at: port.location, notes: [.init("first declared here", at: first.location)]))
                } else {
                    byName[port.name] = port
                }
                let key = "\(port.number)/\(port.protocol.rawValue)"
                if let first = byNumber[key], first.name != port.name {
                    out.append(.error("service \(owner) declares port \(key) twice, as \(quoted(first.name)) and \(quoted(port.name))",
                                      at: port.location, notes: [.init("first declared here", at: first.location)]))
                } else {
                    byNumber[key] = port
                }
                if port.exposure == .public && port.number < 1024 && (1...65535).contains(port.number) && !port.privileged {
                    out.append(.warning("port \(key) of \(owner) is privileged and exposed publicly", at: port.location,
                                        hint: "if the internet should reach it, declare it with privileged: true; otherwise use exposure: .lan"))
                }
            }
        }
        // Each service's distinct (number, protocol) pairs, once, by its place in the plan.
        let keys = plan.services.map { service in Array(Set(service.ports.map { PortKey(number: $0.number, proto: $0.protocol) })) }
        for hostPlan in plan.hosts {
            // Sorted, so that claims of one port stand together (a dictionary per host cost more).
            let claims = hostPlan.services.positions.enumerated().flatMap { index, position in
                keys[position].map { (key: $0, service: index) }
            }.sorted { $0.key < $1.key }
            for run in claims.runs({ $0.key == $1.key }) where run.count > 1 {
                out.append(clash(run.first!.key, run.map { hostPlan.services[$0.service].name }, on: hostPlan))
            }
        }
        return out
    }

    private struct PortKey: Hashable, Comparable {
        var number: Int
        var proto: IPProtocol
        static func < (a: PortKey, b: PortKey) -> Bool { (a.number, a.proto.rawValue) < (b.number, b.proto.rawValue) }
    }

    /// One port on one host claimed by several services.
    private static func clash(_ key: PortKey, _ claimants: [String], on hostPlan: Plan.HostPlan) -> Diagnostic {
        let port = "\(key.number)/\(key.proto.rawValue)"
        let sorted = claimants.sorted()
        let names = sorted.dropLast().joined(separator: ", ") + " and " + sorted.last!
        let assigned = sorted.compactMap { name in hostPlan.assignments[name].map { (name, $0) } }.sorted { $0.1 < $1.1 }
        let location = assigned.last?.1 ?? hostPlan.host.location
        let notes = assigned.dropLast().map { Diagnostic.Note("\($0.0) is assigned here", at: $0.1) }
        return .error("port \(port) on \(hostPlan.name) is claimed by \(names)", at: location,
                      hint: "change one service's port, or run them on different hosts", notes: notes)
    }
}
