import NixGen

/// What the declaration renders into each option it sets, as the evaluated configuration must
/// hold it: every leaf of every service's, role's and host's settings whose value nixgen can tell
/// before Nix runs (literals, ports, addresses, endpoints, secret paths, mesh peers; not raw Nix,
/// packages, or the wiring `nixgen.wiring` judges: scrape configs, virtual hosts, DNS records).
/// `nix/expected.json` carries them under `options` (a service's and a role's once, a host's own
/// with it), `nix/policy-input.nix` reads each where it is set, and a host's `options` field holds
/// those whose evaluated value differs (a list or a set declared must be there with what it
/// declares; a set may have more members, as a submodule's defaults add).
struct RenderedOptions {
    struct Entry {
        var path: [String]
        var value: JSONValue
        /// The module system's priority: 50 for `mkForce`, 100 plain, 1000 for `mkDefault` (a
        /// module may override it, and the finding says it did). Where a host's service, role
        /// and own settings set one option, the lowest number wins, as in Nix.
        var priority: Int

        var json: JSONValue {
            .object(["path": .strings(path), "priority": .int(priority), "value": value])
        }
    }

    let plan: Plan

    /// `{ services, roles, hosts }`, each name → its entries (a host's: its services, roles and own).
    var json: JSONValue {
        let services = plan.services.parallelMap(minimum: 64) { service in
            (service.name, JSONValue.array(entries(service.settings, service: service, host: nil, keep: { !$0 }).map(\.json)))
        }
        let roles = plan.roles.map { role in (role.name, JSONValue.array(entries(role.settings, service: nil, host: nil, keep: { !$0 }).map(\.json))) }
        return .object([
            "hosts": .object(JSONObject(plan.hosts.map { host in
                (host.name, .deferred(DeferredJSON { self.hostEntry(host) }))
            })),
            "roles": .object(JSONObject(roles)),
            "services": .object(JSONObject(services)),
        ])
    }

    private func hostEntry(_ host: Plan.HostPlan) -> JSONValue {
        // Settings whose value depends on the host (mesh peers and addresses) are the host's own.
        var own = entries(host.host.settings, service: nil, host: host) { _ in true }
        for place in host.services.positions {
            let service = plan.services[place]
            own += entries(service.settings, service: service, host: host) { $0 }
        }
        for role in host.roles { own += entries(role.settings, service: nil, host: host) { $0 } }
        return .object([
            "own": .array(own.map(\.json)),
            "roles": .strings(host.roles.map(\.name)),
            "services": .strings(host.services.names),
        ])
    }

    /// The predictable leaves of `settings` that `keep` keeps, told whether a leaf depends on
    /// the host (a mesh peer or address): those are predicted per host, the rest once.
    private func entries(_ settings: [Setting], service: Service?, host: Plan.HostPlan?, keep: (Bool) -> Bool) -> [Entry] {
        var out: [Entry] = []
        for setting in settings where !setting.value.nests(deeperThan: SettingRules.maximumNesting) {
            leaves(setting.path.components, setting.value, priority: 100) { path, value, priority in
                guard !ObservableConfiguration.judgedElsewhere.contains(path),
                      keep(Self.dependsOnHost(value)), let predicted = predict(value, service: service, host: host) else { return }
                out.append(Entry(path: path, value: predicted, priority: priority))
            }
        }
        return out
    }

    /// Calls `body` with every leaf: a set's members recursively (an empty set is a leaf), the
    /// rest as they are; a priority marks the leaves below it.
    private func leaves(_ path: [String], _ value: NixValue, priority: Int, _ body: ([String], NixValue, Int) -> Void) {
        switch value {
        case .attrs(let attrs) where !attrs.members.isEmpty:
            for member in attrs.members { leaves(path + [member.name], member.value, priority: priority, body) }
        case .prioritized(let level, let inner):
            leaves(path, inner, priority: level == .default ? 1000 : 50, body)
        default:
            body(path, value, priority)
        }
    }

    private static func dependsOnHost(_ value: NixValue) -> Bool {
        switch value {
        case .reference(.meshPeers), .reference(.meshAddress): true
        case .list(let items): items.contains(where: dependsOnHost)
        case .attrs(let attrs): attrs.members.contains { dependsOnHost($0.value) }
        case .template(let parts): parts.contains { if case .value(let v) = $0 { dependsOnHost(v) } else { false } }
        case .prioritized(_, let inner): dependsOnHost(inner)
        default: false
        }
    }

    // MARK: - Values

    /// What Nix makes `value` on `host`, as `ValueResolver` renders it; nil where only Nix can tell.
    func predict(_ value: NixValue, service: Service?, host: Plan.HostPlan?) -> JSONValue? {
        switch value {
        case .null: return .null
        case .bool(let b): return .bool(b)
        case .int(let i): return .int(i)
        case .float: return nil
        case .string(let s): return .string(s)
        case .list(let items):
            let predicted = items.compactMap { predict($0, service: service, host: host) }
            return predicted.count == items.count ? .array(predicted) : nil
        case .attrs(let attrs):
            var members: [(String, JSONValue)] = []
            for member in attrs.members {
                guard let predicted = predict(member.value, service: service, host: host) else { return nil }
                members.append((member.name, predicted))
            }
            return .object(JSONObject(members))
        case .portNumber(let name): return port(service?.name ?? "", name).map(JSONValue.int)
        case .template(let parts):
            var text = ""
            for part in parts {
                switch part {
                case .text(let piece): text += piece
                case .value(let inner):
                    switch predict(inner, service: service, host: host) {
                    case .string(let piece)?: text += piece
                    case .int(let number)?: text += String(number)
                    default: return nil
                    }
                }
            }
            return .string(text)
        case .reference(let reference): return predict(reference, service: service, host: host)
        case .prioritized(_, let inner): return predict(inner, service: service, host: host)
        case .raw: return nil
        }
    }

    private func predict(_ reference: Reference, service: Service?, host: Plan.HostPlan?) -> JSONValue? {
        switch reference {
        case .port(let owner, let name): return port(owner, name).map(JSONValue.int)
        case .address(let name): return plan.host(named: name)?.host.address.map(JSONValue.string)
        case .endpoint(let owner, let name, let scheme):
            guard let target = plan.hosts(running: owner).first else { return .null }
            return endpoint(target, owner, name, scheme: scheme).map(JSONValue.string)
        case .endpoints(let owner, let name, let role, let scheme):
            let targets = plan.hosts(running: owner, role: role).filter { $0.host.address != nil }
            let predicted = targets.compactMap { endpoint($0, owner, name, scheme: scheme) }
            return predicted.count == targets.count ? .strings(predicted) : nil
        case .hosts(let owner, let role): return .strings(plan.hosts(running: owner, role: role).map(\.name))
        case .secretPath(let owner, let secret): return .string("/run/\(owner ?? service?.name ?? "")-keys/\(secret)")
        case .meshPeers(let interface):
            guard let host, let own = host.host.mesh.first(where: { $0.interface == interface }) else { return nil }
            var peers: [JSONValue] = []
            for peer in plan.hosts where peer.host.address != nil {
                guard let member = peer.host.mesh.first(where: { $0.interface == interface }), member.publicKey != own.publicKey,
                      let endpoint = endpoint(peer, member.service, interface, scheme: nil) else { continue }
                peers.append(.object([
                    "allowedIPs": .strings([member.splitAddress.ip + (member.address.contains(":") ? "/128" : "/32")]),
                    "endpoint": .string(endpoint), "publicKey": .string(member.publicKey),
                ]))
            }
            return .array(peers)
        case .meshAddress(let interface):
            guard let own = host?.host.mesh.first(where: { $0.interface == interface }) else { return nil }
            let (ip, prefix) = own.splitAddress
            return .strings(["\(ip)/\(prefix.map(String.init) ?? "null")"])
        case .scrapeConfigs, .virtualHosts, .dnsRecords, .package: return nil
        }
    }

    private func port(_ service: String, _ name: String) -> Int? {
        plan.servicesByName[service]?.ports.first { $0.name == name }?.number
    }

    /// `address:port`, `[address]:port` for IPv6, with `scheme://` in front when given.
    private func endpoint(_ target: Plan.HostPlan, _ service: String, _ name: String, scheme: String?) -> String? {
        guard let address = target.host.address, let number = port(service, name) else { return nil }
        let host = address.contains(":") ? "[\(address)]" : address
        return (scheme.map { $0 + "://" } ?? "") + "\(host):\(number)"
    }
}
