import NixGen

/// Turns a module's typed values into Nix, resolving references against the plan, and records what
/// the module then needs: the registry (`ports`), the inventory, `config`, `lib`, raw arguments.
///
/// Which hosts a reference reaches is decided here, from the model; what it reads of them (address,
/// port number, mesh key) stays a read of the inventory or registry in the Nix, never a copied
/// literal. So a service that moves changes the host names its consumers select, visibly in the
/// diff, and a port change is one line in the registry.
final class ValueResolver {
    private let plan: Plan?
    /// The service whose module is being rendered: `.port("http")` and `.secret("x")` mean its own.
    private let service: Service?
    private(set) var usesPorts = false
    private(set) var usesInventory = false
    private(set) var usesConfig = false
    private(set) var usesLib = false
    /// Module arguments raw expressions asked for (`pkgs`).
    private(set) var arguments = Set<String>()

    /// For a module that calls `lib` itself.
    func useLib() { usesLib = true }

    init(plan: Plan?, service: Service?) {
        self.plan = plan
        self.service = service
    }

    func expr(_ value: NixValue) -> NixExpr {
        switch value {
        case .null: return .null
        case .bool(let b): return .bool(b)
        case .int(let i): return .int(i)
        case .float(let d): return .float(d)
        case .string(let s): return .string(s)
        case .list(let items): return .list(items.map(expr))
        case .attrs(let attrs): return .attrs(attrs.map { .assign([$0.key], expr($0.value)) })
        case .portNumber(let name): return port(service?.name ?? "", name)
        case .reference(let reference): return resolve(reference)
        case .template(let parts):
            // A string-valued reference (an endpoint, a URL) joins the template's own parts.
            return .interpolated(parts.flatMap { part -> [NixExpr.StringPart] in
                switch part {
                case .text(let text): return [.text(text)]
                case .value(.string(let text)): return [.text(text)]
                case .value(let value):
                    switch expr(value) {
                    case .interpolated(let inner): return inner
                    case .string(let text): return [.text(text)]
                    case let resolved: return [.interpolation(value.isNumber ? .call("toString", resolved) : resolved)]
                    }
                }
            })
        case .raw(let raw):
            arguments.formUnion(raw.arguments)
            return .raw(raw.expression)
        case .prioritized(let priority, let inner):
            usesLib = true
            return .call("lib.\(priority.rawValue)", expr(inner))
        }
    }

    // MARK: - References

    private func resolve(_ reference: Reference) -> NixExpr {
        switch reference {
        case .port(let service, let name): return port(service, name)
        case .address(let host): return address(host)
        case .endpoint(let service, let name, let scheme):
            guard let host = plan?.hosts(running: service).first else { return .null }
            return endpoint(host, service, name, scheme: scheme)
        case .endpoints(let service, let name, let role, let scheme):
            return .list(addressed(running: service, role: role).map { endpoint($0, service, name, scheme: scheme) })
        case .hosts(let service, let role):
            return .list((plan?.hosts(running: service, role: role) ?? []).map { .string($0.name) })
        case .secretPath(let owner, let secret):
            usesConfig = true
            let name = owner ?? service?.name ?? ""
            return .select(.variable("config"), ["secrix", "services", name, "secrets", secret, "decrypted", "path"], or: nil)
        case .scrapeConfigs: return scrapeConfigs()
        case .virtualHosts: return virtualHosts()
        case .dnsRecords(let zone): return dnsRecords(zone: zone)
        case .package(let name):
            arguments.insert("pkgs")
            return .select(.variable("pkgs"), name.split(separator: ".").map(String.init), or: nil)
        case .meshPeers(let interface): return meshPeers(interface)
        case .meshAddress(let interface):
            let own = ownMesh(interface)
            return .list([.interpolated([
                .interpolation(.select(own, ["ip"], or: nil)), .text("/"),
                .interpolation(.call("toString", .select(own, ["prefixLength"], or: nil))),
            ])])
        }
    }

    private func port(_ service: String, _ name: String) -> NixExpr {
        usesPorts = true
        return .select(.variable("ports"), [service, name, "port"], or: nil)
    }

    private func address(_ host: String) -> NixExpr {
        usesInventory = true
        return .select(.variable("inventory"), ["hosts", host, "address"], or: nil)
    }

    /// Hosts running the service (with the role) that have an address: the ones a peer can reach.
    /// Validation reports a reference that reaches a host without one.
    private func addressed(running service: String, role: String? = nil) -> [Plan.HostPlan] {
        (plan?.hosts(running: service, role: role) ?? []).filter { $0.host.address != nil }
    }

    /// `address:port`, `[address]:port` for IPv6, with `scheme://` in front when given.
    private func endpoint(_ host: Plan.HostPlan, _ service: String, _ name: String, scheme: String?) -> NixExpr {
        let bracketed = host.host.address?.contains(":") == true
        var parts: [NixExpr.StringPart] = []
        if let scheme { parts.append(.text(scheme + "://")) }
        if bracketed { parts.append(.text("[")) }
        parts.append(.interpolation(address(host.name)))
        parts.append(.text(bracketed ? "]:" : ":"))
        parts.append(.interpolation(.call("toString", port(service, name))))
        return .interpolated(parts)
    }

    private func scrapeConfigs() -> NixExpr {
        var jobs: [NixExpr] = []
        for service in plan?.services ?? [] {
            let scraped = service.ports.filter(\.metrics)
            for item in scraped {
                let job = scraped.count == 1 ? service.name : "\(service.name)-\(item.name)"
                let targets = addressed(running: service.name).map { endpoint($0, service.name, item.name, scheme: nil) }
                jobs.append(.attrs([
                    .assign(["job_name"], .string(job)),
                    .assign(["static_configs"], .list([.attrs([.assign(["targets"], .list(targets))])])),
                ]))
            }
        }
        return .list(jobs)
    }

    private func virtualHosts() -> NixExpr {
        guard let plan, let proxy = service else { return .attrs([]) }
        var bindings: [(String, NixExpr)] = []
        for target in plan.services {
            for domain in target.domains where domain.proxy == proxy.name {
                guard let host = plan.hosts(running: target.name).first else { continue }
                bindings.append((domain.name, .attrs([
                    .assign(["enableACME"], .bool(true)),
                    .assign(["forceSSL"], .bool(true)),
                    .assign(["locations", "/"], .attrs([
                        .assign(["proxyPass"], endpoint(host, target.name, domain.port, scheme: "http")),
                        .assign(["proxyWebsockets"], .bool(true)),
                    ])),
                ])))
            }
        }
        return .attrs(bindings.sorted { $0.0 < $1.0 }.map { .assign([$0.0], $0.1) })
    }

    /// `"name. IN A address"` records, quoted as unbound's `local-data` wants them. Only literal
    /// IP addresses make records; a host deployed by DNS name already has one.
    private func dnsRecords(zone: String) -> NixExpr {
        guard let plan else { return .list([]) }
        func record(_ name: String, _ host: Plan.HostPlan) -> NixExpr? {
            guard let literal = host.host.address, let type = IPAddress.recordType(literal) else { return nil }
            return .interpolated([.text("\"\(name). IN \(type) "), .interpolation(address(host.name)), .text("\"")])
        }
        var records = plan.hosts.compactMap { record("\($0.name).\(zone)", $0) }
        let domains = plan.services.flatMap(\.domains).uniqued(by: \.name).sorted { $0.name < $1.name }
        for domain in domains {
            records += plan.hosts(running: domain.proxy).compactMap { record(domain.name, $0) }
        }
        return .list(records)
    }

    /// `inventory.hosts.${config.networking.hostName}.mesh.<interface>`: the evaluating host's own entry.
    private func ownMesh(_ interface: String) -> NixExpr {
        usesInventory = true
        usesConfig = true
        return .select(.selectDynamic(.ref("inventory.hosts"), .ref("config.networking.hostName")), ["mesh", interface], or: nil)
    }

    /// Every mesh member as a peer, minus the evaluating host itself (the module is shared, so
    /// the filter runs in Nix, on the host's own key).
    private func meshPeers(_ interface: String) -> NixExpr {
        guard let plan else { return .list([]) }
        usesLib = true
        var peers: [NixExpr] = []
        for host in plan.hosts where host.host.address != nil {
            guard let member = host.host.mesh.first(where: { $0.interface == interface }) else { continue }
            usesInventory = true
            let entry = NixExpr.select(.variable("inventory"), ["hosts", host.name, "mesh", interface], or: nil)
            peers.append(.attrs([
                .assign(["allowedIPs"], .list([.interpolated([
                    .interpolation(.select(entry, ["ip"], or: nil)), .text(member.address.contains(":") ? "/128" : "/32"),
                ])])),
                .assign(["endpoint"], endpoint(host, member.service, interface, scheme: nil)),
                .assign(["publicKey"], .select(entry, ["publicKey"], or: nil)),
            ]))
        }
        let own = NixExpr.select(ownMesh(interface), ["publicKey"], or: .null)
        return .call("lib.filter", .lambda(.name("peer"), .binary(.ref("peer.publicKey"), .notEqual, own)), .list(peers))
    }
}

extension NixValue {
    /// Whether the value is a number in Nix, so a string template needs `toString` around it.
    var isNumber: Bool {
        switch self {
        case .int, .float, .portNumber, .reference(.port): true
        case .prioritized(_, let inner): inner.isNumber
        default: false
        }
    }
}

/// Literal IP addresses, as far as DNS records need them.
enum IPAddress {
    /// `A` for a dotted IPv4 literal, `AAAA` for an IPv6 one, nil for a name.
    static func recordType(_ text: String) -> String? {
        let octets = text.split(separator: ".", omittingEmptySubsequences: false)
        if octets.count == 4, octets.allSatisfy({ UInt8($0) != nil }) { return "A" }
        if text.contains(":"), text.allSatisfy({ $0.isHexDigit || $0 == ":" || $0 == "." }) { return "AAAA" }
        return nil
    }
}
