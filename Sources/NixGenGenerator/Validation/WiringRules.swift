import NixGen

/// Rules on what the fleet's wiring is derived from: addresses, domains and mesh memberships.
enum WiringRules {
    static func check(_ plan: Plan) -> [Diagnostic] {
        addresses(plan) + domains(plan) + mesh(plan)
    }

    /// Two hosts with one address: a deploy, a scrape target or a DNS record would reach the wrong one.
    private static func addresses(_ plan: Plan) -> [Diagnostic] {
        var first: [String: Host] = [:]
        var out: [Diagnostic] = []
        for host in plan.fleet.hosts.sorted(by: { $0.location < $1.location }) {
            guard let address = host.address?.lowercased(), !address.isEmpty else { continue }
            if let other = first[address], other.name != host.name {
                out.append(.error("host \(quoted(host.name)) has the address \(quoted(address)), which \(quoted(other.name)) has too",
                                  at: host.location, hint: "give every host its own address",
                                  notes: [.init("\(quoted(other.name)) declared here", at: other.location)]))
            } else if first[address] == nil {
                first[address] = host
            }
        }
        return out
    }

    private static func domains(_ plan: Plan) -> [Diagnostic] {
        var out: [Diagnostic] = []
        var seen: [String: SourceLocation] = [:]
        let all = plan.services.flatMap { service in service.domains.map { (service, $0) } }
        for (service, domain) in all.sorted(by: { $0.1.location < $1.1.location }) {
            func error(_ message: String, hint: String? = nil, notes: [Diagnostic.Note] = []) {
                out.append(.error("domain \(quoted(domain.name)) of \(quoted(service.name)) \(message)", at: domain.location, hint: hint, notes: notes))
            }
            if let first = seen[domain.name] {
                error("is declared more than once", notes: [.init("first declared here", at: first)])
                continue
            }
            seen[domain.name] = domain.location
            if domain.name.hasSuffix(".") || domain.name.split(separator: ".", omittingEmptySubsequences: false).contains(where: {
                Names.hostNameProblem(String($0)) != nil
            }) {
                error("is not a domain name", hint: "e.g. \"grafana.example.org\"")
            }
            guard let port = service.ports.first(where: { $0.name == domain.port }) else {
                error("forwards to port \(quoted(domain.port)), which the service does not declare",
                      hint: HostRules.didYouMean(domain.port, service.ports.map(\.name), "declare the port"))
                continue
            }
            guard plan.servicesByName[domain.proxy] != nil else {
                error("is proxied by \(quoted(domain.proxy)), which the fleet does not declare",
                      hint: HostRules.didYouMean(domain.proxy, plan.services.map(\.name), "declare the proxy service"))
                continue
            }
            let runners = plan.hosts(running: service.name)
            let proxies = plan.hosts(running: domain.proxy)
            if runners.count != 1 {
                error("needs the service on exactly one host, but it runs on \(runners.count)",
                      hint: "a proxied service has one upstream; run it on one host")
            }
            if proxies.isEmpty {
                error("is proxied by \(quoted(domain.proxy)), which no host runs", hint: "give a host the proxy service")
            }
            if let upstream = runners.first {
                if upstream.host.address == nil { error("has its upstream on \(quoted(upstream.name)), which has no address") }
                let remote = proxies.filter { $0.name != upstream.name }
                if port.exposure == .local, let proxy = remote.first {
                    error("is proxied from \(quoted(proxy.name)), which cannot reach port \(quoted(port.name)) on \(quoted(upstream.name)): it is local",
                          hint: "expose the port to the lan, or run the proxy on the service's host")
                }
            }
        }
        return out
    }

    private static func mesh(_ plan: Plan) -> [Diagnostic] {
        var out: [Diagnostic] = []
        var ips: [String: (host: String, location: SourceLocation)] = [:]
        var keys: [String: (host: String, location: SourceLocation)] = [:]
        for hostPlan in plan.hosts {
            var interfaces = Set<String>()
            for member in hostPlan.host.mesh {
                func error(_ message: String, hint: String? = nil, notes: [Diagnostic.Note] = []) {
                    out.append(.error("mesh \(quoted(member.interface)) of \(quoted(hostPlan.name)) \(message)", at: member.location, hint: hint, notes: notes))
                }
                guard interfaces.insert(member.interface).inserted else { error("is declared more than once"); continue }
                let (ip, prefix) = member.splitAddress
                if IPAddress.recordType(ip) == nil || prefix == nil {
                    error("has the address \(quoted(member.address)), which is not an IP address with a prefix length", hint: "e.g. \"10.100.0.2/24\"")
                }
                if !Names.isWireGuardKey(member.publicKey) {
                    error("has a public key that is not a WireGuard key", hint: "the output of `wg pubkey`: 44 characters of base64")
                }
                if let service = plan.servicesByName[member.service] {
                    if !service.ports.contains(where: { $0.name == member.interface }) {
                        error("is reached on port \(quoted(member.interface)) of \(quoted(member.service)), which the service does not declare",
                              hint: "declare Port(\(quoted(member.interface)), 51820, .udp, ...) in \(quoted(member.service))")
                    }
                    if !hostPlan.services.names.contains(member.service) {
                        error("needs \(quoted(member.service)) on the host, which it does not run")
                    }
                } else {
                    error("is run by \(quoted(member.service)), which the fleet does not declare")
                }
                if hostPlan.host.address == nil { error("has no endpoint: the host has no address") }
                if let other = ips[member.interface + " " + ip] {
                    error("has the address \(quoted(ip)), which \(quoted(other.host)) has too", notes: [.init("\(quoted(other.host)) declared here", at: other.location)])
                } else {
                    ips[member.interface + " " + ip] = (hostPlan.name, member.location)
                }
                if let other = keys[member.publicKey] {
                    error("has the public key of \(quoted(other.host))", notes: [.init("\(quoted(other.host)) declared here", at: other.location)])
                } else {
                    keys[member.publicKey] = (hostPlan.name, member.location)
                }
            }
        }
        return out
    }
}
