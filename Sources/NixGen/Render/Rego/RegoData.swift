/// The declared fleet as data for the policies: `policies/data/fleet.json`, loaded at the data root
/// (`conftest --data policies/data`), so the policies read it as `data.nixgen.fleet`. Data, not
/// Rego source: it loads in time linear in the fleet, in every engine, at any size.
enum RegoData {
    static let path = "policies/data/fleet.json"

    static func file(_ plan: Plan, _ data: Inventory.Data) -> String {
        let fleet: JSONValue = .object([
            "hosts": .object(Dictionary(uniqueKeysWithValues: plan.hosts.map { ($0.host.name, host($0, plan)) })),
            "services": .object(Dictionary(uniqueKeysWithValues: plan.services.map { ($0.name, service($0)) })),
            "registry": data.ports,
            "recipients": .object(Flake.usesSecrets(plan) ? plan.fleet.recipients.mapValues { .strings($0) } : [:]),
            "privileged": privileged(plan),
        ])
        let document: JSONValue = .object([
            "$comment": .string(String(NixPrinter.generatedHeader.dropFirst(2))),
            "nixgen": .object(["fleet": fleet]),
        ])
        return document.prettyText
    }

    /// What each host must evaluate to: platform, system, services, the ports its firewall opens
    /// (`public` everywhere, `lan` on `lanInterfaces`), its secrix key and its deployment.
    static func host(_ hostPlan: Plan.HostPlan, _ plan: Plan) -> JSONValue {
        let host = hostPlan.host
        var firewall: [Exposure: Set<String>] = [.lan: [], .public: []]
        for service in hostPlan.services {
            for port in service.firewallPorts { firewall[port.exposure]?.insert("\(port.number)/\(port.protocol.rawValue)") }
        }
        let runsSecrets = host.platform == .nixos && hostPlan.services.contains { !$0.secrets.isEmpty }
        var entry: [String: JSONValue] = [
            "platform": .string(host.platform.rawValue),
            "system": host.system.map { .string($0.rawValue) } ?? .null,
            "services": .strings(hostPlan.services.map(\.name)),
            "firewall": .object(["lan": .strings(firewall[.lan]!.sorted()), "public": .strings(firewall[.public]!.sorted())]),
            "lanInterfaces": .strings(host.lanInterfaces),
            "hostPubKey": runsSecrets ? host.hostKey.map(JSONValue.string) ?? .null : .null,
            "nixinate": .null,
            "colmena": .null,
        ]
        if host.platform == .nixos, let address = host.address {
            let deployment = hostPlan.deployment
            if plan.fleet.deployers.contains(.nixinate) {
                entry["nixinate"] = .object([
                    "host": .string(address), "sshUser": .string(deployment.sshUser),
                    "buildOn": .string(deployment.buildOn.rawValue),
                    "substituteOnTarget": .bool(deployment.substituteOnTarget), "hermetic": .bool(deployment.hermetic),
                ])
            }
            if plan.fleet.deployers.contains(.colmena) {
                entry["colmena"] = .object([
                    "targetHost": .string(address), "targetUser": .string(deployment.sshUser),
                    "buildOnTarget": .bool(deployment.buildOn == .remote), "tags": .strings(hostPlan.roles.map(\.name)),
                ])
            }
        }
        return .object(entry)
    }

    /// Dependencies, the options its ports and secrets are bound to, and its own enable options.
    static func service(_ service: Service) -> JSONValue {
        var ports: [String: JSONValue] = [:]
        for port in service.ports where ports[port.name] == nil {
            if let option = port.option { ports[port.name] = .string(option.description) }
        }
        var secrets: [String: JSONValue] = [:]
        for secret in service.secrets where secrets[secret.name] == nil {
            secrets[secret.name] = .object(["file": .string(secret.file), "option": secret.option.map { .string($0.description) } ?? .null])
        }
        let dependencies = Set(service.dependencies.map { [$0.service, $0.scope.rawValue] }).sorted { $0.lexicographicallyPrecedes($1) }
        return .object([
            "dependencies": .array(dependencies.map { .object(["service": .string($0[0]), "scope": .string($0[1])]) }),
            "ports": .object(ports),
            "secrets": .object(secrets),
            "enables": .strings(Inventory.enableOptions(service).map(\.description)),
        ])
    }

    /// `service.port` names of privileged ports declared public on purpose.
    static func privileged(_ plan: Plan) -> JSONValue {
        .strings(plan.services.flatMap { service in
            service.ports.filter { $0.privileged && $0.exposure == .public }.map { "\(service.name).\($0.name)" }
        }.sorted())
    }
}
