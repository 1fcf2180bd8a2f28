import NixGen

/// The fleet as plain data: what `nix/inventory.nix` evaluates to, what `nixgen inventory --json`
/// prints, and what the policies judge. One builder, so the three cannot disagree.
package enum Inventory {
    /// The global port registry: service → port name → `{ port, protocol, exposure }`.
    package static func ports(_ plan: Plan) -> JSONValue {
        var registry: JSONObject = [:]
        for service in plan.services where !service.ports.isEmpty {
            var ports: JSONObject = [:]
            for port in service.ports {
                ports[port.name] = .object([
                    "port": .int(port.number), "protocol": .string(port.protocol.rawValue),
                    "exposure": .string(port.exposure.rawValue),
                ])
            }
            registry[service.name] = .object(ports)
        }
        return .object(registry)
    }

    /// Everything but the port registry, which `inventory.nix` imports rather than repeats.
    /// `hostsOnDemand`: each host's entry is built where it is printed (`inventory.nix`, whose
    /// hosts are printed on all cores), not all at once.
    package static func withoutPorts(_ plan: Plan, hostsOnDemand: Bool = false) -> JSONObject {
        // Sorted once (inserting thousands of hosts one by one into the sorted members would
        // move them quadratically).
        let hosts = JSONObject(plan.hosts.map { hostPlan -> (String, JSONValue) in
            (hostPlan.name, hostsOnDemand ? .deferred(DeferredJSON { entry(hostPlan) }) : entry(hostPlan))
        })
        var services: JSONObject = [:]
        for service in plan.services {
            var entry: JSONObject = [
                "platforms": .strings(service.platforms.map(\.rawValue).sorted()),
                "dependencies": .array(dependencies(service)),
                "secrets": .object(secrets(service)),
                "hosts": .strings(plan.hostNames(running: service.name)),
                "enables": .array(service.enableOptions.map { .strings($0.components) }),
                "bindings": .object(bindings(service)),
            ]
            if let summary = service.summary { entry["summary"] = .string(summary) }
            if !service.domains.isEmpty {
                entry["domains"] = .object(JSONObject(service.domains.map { domain in
                    (domain.name, JSONValue.object(["port": .string(domain.port), "proxy": .string(domain.proxy)]))
                }, keepingFirst: true))
            }
            services[service.name] = .object(entry)
        }
        var roles: JSONObject = [:]
        for role in plan.roles {
            roles[role.name] = .object([
                "services": .strings(Set(role.services.map(\.name)).sorted()),
                "imports": .strings(role.imports.map(\.path)),
            ])
        }
        return ["hosts": .object(hosts), "services": .object(services), "roles": .object(roles)]
    }

    /// One host's entry.
    private static func entry(_ hostPlan: Plan.HostPlan) -> JSONValue {
        let host = hostPlan.host
        // In the keys' sorted order: `JSONObject` then finds them sorted and skips its sort.
        var entry: [(String, JSONValue)] = []
        if let address = host.address { entry.append(("address", .string(address))) }
        entry.append(("deployment", deployment(hostPlan.deployment)))
        if let key = host.hostKey { entry.append(("hostKey", .string(key))) }
        entry.append(("imports", .strings(hostPlan.ownImports.map(\.path))))
        if host.platform == .nixos { entry.append(("lanInterfaces", .strings(host.lanInterfaces))) }
        if !host.mesh.isEmpty { entry.append(("mesh", .object(mesh(host)))) }
        entry.append(("platform", .string(host.platform.rawValue)))
        entry.append(("roles", .strings(hostPlan.roles.map(\.name))))
        entry.append(("services", .strings(hostPlan.services.names)))
        switch hostPlan.stateVersion {
        case .nixos(let release): entry.append(("stateVersion", .string(release)))
        case .darwin(let number): entry.append(("stateVersion", .int(number)))
        case nil: break
        }
        entry.append(("system", .string(host.system.rawValue)))
        return .object(JSONObject(entry))
    }

    /// The whole inventory, registry included.
    package static func json(_ plan: Plan) -> JSONValue {
        var document = withoutPorts(plan)
        document["ports"] = ports(plan)
        return .object(document)
    }

    /// Interface → the host's mesh address, split as `ip` and `prefixLength` (peers allow the ip
    /// alone), and its public key.
    private static func mesh(_ host: Host) -> JSONObject {
        var out: JSONObject = [:]
        for member in host.mesh where out[member.interface] == nil {
            let (ip, prefix) = member.splitAddress
            out[member.interface] = .object([
                "ip": .string(ip), "prefixLength": prefix.map(JSONValue.int) ?? .null, "publicKey": .string(member.publicKey),
            ])
        }
        return out
    }

    private static func deployment(_ deployment: Deployment) -> JSONValue {
        .object([
            "buildOn": .string(deployment.buildOn.rawValue), "hermetic": .bool(deployment.hermetic),
            "sshUser": .string(deployment.sshUser), "substituteOnTarget": .bool(deployment.substituteOnTarget),
        ])
    }

    /// Port name → the option it is bound to, for bound ports.
    private static func bindings(_ service: Service) -> JSONObject {
        var out: JSONObject = [:]
        for port in service.ports { if let option = port.option { out[port.name] = .strings(option.components) } }
        return out
    }

    private static func dependencies(_ service: Service) -> [JSONValue] {
        let unique = Set(service.dependencies.map { [$0.service, $0.scope.rawValue] }).sorted { $0.lexicographicallyPrecedes($1) }
        return unique.map { .object(["service": .string($0[0]), "scope": .string($0[1])]) }
    }

    private static func secrets(_ service: Service) -> JSONObject {
        var out: JSONObject = [:]
        for secret in service.secrets {
            var entry: JSONObject = ["file": .string(secret.file)]
            if let owner = secret.owner { entry["owner"] = .string(owner) }
            if let group = secret.group { entry["group"] = .string(group) }
            if let mode = secret.mode { entry["mode"] = .string(mode) }
            if let option = secret.option { entry["option"] = .strings(option.components) }
            out[secret.name] = .object(entry)
        }
        return out
    }
}
