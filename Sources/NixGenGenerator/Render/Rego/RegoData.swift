import NixGen

/// The declared fleet as data for the policies: `policies/data/fleet.json`, loaded at the data root
/// (`conftest --data policies/data`), so the policies read it as `data.nixgen.fleet`. Data, not
/// Rego source: it loads in time linear in the fleet, in every engine, at any size.
enum RegoData {
    static let path = "policies/data/fleet.json"

    static func file(_ plan: Plan, ports: JSONValue, generated: JSONValue) -> String {
        let opens = plan.services.map(OpenPorts.Contribution.init)
        let fleet: JSONValue = .object([
            "hosts": .object(JSONObject(plan.hosts.map { host in (host.name, .deferred(DeferredJSON { Self.host(host, plan, opens: opens) })) })),
            "services": .object(JSONObject(plan.services.parallelMap { ($0.name, .printed(service($0, plan))) })),
            "registry": ports,
            "recipients": .object(plan.usesSecrets ? JSONObject(plan.fleet.recipients.mapValues { .strings($0) }) : [:]),
            "privileged": privileged(plan),
            "platforms": .object(JSONObject(plan.hosts.map { ($0.name, .string($0.platform.rawValue)) })),
            "addresses": .object(JSONObject(plan.hosts.compactMap { host in host.host.address.map { ($0, JSONValue.string(host.name)) } },
                                            keepingFirst: true)),
            "domains": .object(JSONObject(plan.services.flatMap { service in service.domains.map { domain in
                (domain.name, JSONValue.object(["service": .string(service.name), "port": .string(domain.port), "proxy": .string(domain.proxy)]))
            } }, keepingFirst: true)),
            "generated": generated,
            "metrics": .strings(plan.services.flatMap { service in service.ports.filter(\.metrics).map { "\(service.name)/\($0.name)" } }.sorted()),
        ])
        let document: JSONValue = .object([
            "$comment": .string(String(GeneratedFile.header.dropFirst(2))),
            "nixgen": .object(["fleet": fleet]),
        ])
        return document.prettyText
    }

    /// What each host must evaluate to: platform, system, services, the ports its firewall opens
    /// (`public` everywhere, `lan` on `lanInterfaces`), its secrix key and its deployment.
    static func host(_ hostPlan: Plan.HostPlan, _ plan: Plan, opens: [OpenPorts.Contribution]) -> JSONValue {
        let host = hostPlan.host
        let firewall = OpenPorts(hostPlan.services.positions.map { opens[$0] })
        func ports(_ exposure: Exposure) -> JSONValue {
            .object(JSONObject(IPProtocol.allCases.map { ($0.rawValue, .array(firewall.numbers(exposure, $0).map(JSONValue.int))) }))
        }
        let access = access(hostPlan, plan)
        // (In the keys' sorted order, as in `expected`.)
        return .object([
            "colmena": access.colmena,
            "firewall": .object(["lan": ports(.lan), "public": ports(.public)]),
            "hostPubKey": access.hostPubKey,
            "lanInterfaces": .strings(host.lanInterfaces),
            "nixinate": access.nixinate,
            "platform": .string(host.platform.rawValue),
            "services": .strings(hostPlan.services.names),
            "system": .string(host.system.rawValue),
        ])
    }

    /// The host's secrix key (when it runs secrets) and what nixinate and colmena deploy it with:
    /// the same in the fleet's data and in the host's expectation.
    static func access(_ hostPlan: Plan.HostPlan, _ plan: Plan) -> (hostPubKey: JSONValue, nixinate: JSONValue, colmena: JSONValue) {
        let host = hostPlan.host
        let runsSecrets = host.platform == .nixos && hostPlan.services.haveSecrets
        let hostPubKey = runsSecrets ? host.hostKey.map(JSONValue.string) ?? .null : .null
        guard host.platform == .nixos, let address = host.address else { return (hostPubKey, .object([:]), .object([:])) }
        let deployment = hostPlan.deployment
        let nixinate: JSONValue = plan.fleet.deployers.contains(.nixinate) ? .object([
            "buildOn": .string(deployment.buildOn.rawValue), "hermetic": .bool(deployment.hermetic),
            "host": .string(address), "sshUser": .string(deployment.sshUser),
            "substituteOnTarget": .bool(deployment.substituteOnTarget),
        ]) : .object([:])
        let colmena: JSONValue = plan.fleet.deployers.contains(.colmena) ? .object([
            "buildOnTarget": .bool(deployment.buildOn == .remote), "tags": .strings(hostPlan.roles.map(\.name)),
            "targetHost": .string(address), "targetUser": .string(deployment.sshUser),
        ]) : .object([:])
        return (hostPubKey, nixinate, colmena)
    }

    /// `nix/expected.json`: what `nix/policy-input.nix` evaluates each host to when the host is
    /// exactly as declared (lists sorted as it sorts them).
    static let expectedPath = "nix/expected.json"

    static func expectedFile(_ plan: Plan) -> String {
        // What each service contributes is the same on every host running it: printed once,
        // found by the service's place in `plan.services`.
        let fleet = ObservableConfiguration.FleetContext(plan)
        return JSONValue.object([
            "$comment": .string(String(GeneratedFile.header.dropFirst(2))),
            "hosts": .object(JSONObject(plan.hosts.map { host in
                (host.name, .deferred(DeferredJSON { ObservableConfiguration.declared(host, fleet) }))
            })),
            "options": RenderedOptions(plan: plan).json,
        ]).prettyText
    }

    /// A service's part of the expectation of every host running it.
    struct ServiceExpectation: Sendable {
        var name: String
        /// `services.<name>`: nixgen's marker, its enables, the ports and secrets bound to options.
        var entry: JSONValue
        /// `secrix.<name>` on NixOS hosts: where each secret is installed from and to; nil without secrets.
        var installed: JSONValue?
        /// `number/protocol` → `service/port`, for the host's `bindings`: both by rank in
        /// `BindingNames`, packed into one integer that sorts as the pair does.
        var bindings: [Int]
        /// The ports it opens in the host's firewall.
        var opens: OpenPorts.Contribution

        init(_ service: Service, _ names: BindingNames) {
            name = service.name
            opens = OpenPorts.Contribution(service)
            var ports: JSONObject = [:], secrets: JSONObject = [:], installed: JSONObject = [:]
            bindings = []
            for port in service.ports {
                if let option = port.option, !option.components.isEmpty { ports[port.name] = .int(port.number) }
                let pair = BindingNames.pair(service, port)
                bindings.append(names.keys.rank(pair.key) << 32 | names.claims.rank(pair.claim))
            }
            for secret in service.secrets {
                let path = JSONValue.string("/run/\(service.name)-keys/\(secret.name)")
                if secret.option != nil { secrets[secret.name] = path }
                var entry = RegoData.installation(secret)
                entry["path"] = path
                installed[secret.name] = .object(entry)
            }
            entry = .printed(.object([
                "nixgen": .bool(true),
                "enables": .array(service.enableOptions.map { _ in .bool(true) }),
                "ports": .object(ports), "secrets": .object(secrets),
            ]))
            self.installed = installed.isEmpty ? nil : .printed(.object(installed))
        }
    }

    /// How secrix installs a declared secret: its file, its mode (secrix's default 0400 when none
    /// is declared), and its user and group where declared. The expectation and the fleet's data
    /// both say it.
    static func installation(_ secret: Secret) -> JSONObject {
        var entry: JSONObject = ["file": .string(secret.file), "mode": .string(secret.mode ?? "0400")]
        if let owner = secret.owner { entry["user"] = .string(owner) }
        if let group = secret.group { entry["group"] = .string(group) }
        return entry
    }

    /// Every `number/protocol` key and `service/port` claim of the fleet's bindings, each ranked
    /// by its bytes: hosts sort their bindings as integers, in the order Nix sorts the strings.
    struct BindingNames: Sendable {
        struct Ranked: Sendable {
            /// Sorted by their bytes, each once.
            let names: [String]
            init(_ all: [String]) {
                names = all.sorted { compareBytes($0, $1) < 0 }.runs { sameBytes($0, $1) }.map(\.first!)
            }
            /// The place of `name`, which is one of `names`.
            func rank(_ name: String) -> Int {
                var low = 0, high = names.count
                while low < high {
                    let middle = (low + high) / 2
                    if compareBytes(names[middle], name) < 0 { low = middle + 1 } else { high = middle }
                }
                return low
            }
        }

        let keys: Ranked
        let claims: Ranked
        init(_ services: [Service]) {
            let pairs = services.flatMap { service in service.ports.map { Self.pair(service, $0) } }
            keys = Ranked(pairs.map(\.key))
            claims = Ranked(pairs.map(\.claim))
        }

        static func pair(_ service: Service, _ port: Port) -> (key: String, claim: String) {
            ("\(port.number)/\(port.protocol.rawValue)", "\(service.name)/\(port.name)")
        }
    }

    /// The port numbers a host's firewall opens, by exposure (`lan`, `public`) and protocol.
    struct OpenPorts {
        private var lists: [[Int]] = [[], [], [], []]
        private static func slot(_ exposure: Exposure, _ transport: IPProtocol) -> Int {
            (exposure == .lan ? 0 : 2) + (transport == .tcp ? 0 : 1)
        }

        /// What one service opens, the same on every host running it: worked out once per service.
        struct Contribution: Sendable {
            fileprivate var ports: [(slot: Int, number: Int)] = []
            init(_ service: Service) {
                for port in service.firewallPorts where port.exposure == .lan || port.exposure == .public {
                    ports.append((OpenPorts.slot(port.exposure, port.protocol), port.number))
                }
            }
        }

        init(_ contributions: [Contribution]) {
            for contribution in contributions {
                for port in contribution.ports { lists[port.slot].append(port.number) }
            }
            for slot in lists.indices where lists[slot].count > 1 { lists[slot] = Array(Set(lists[slot])).sorted() }
        }

        /// Sorted, each number once.
        func numbers(_ exposure: Exposure, _ transport: IPProtocol) -> [Int] { lists[Self.slot(exposure, transport)] }
    }

    /// Dependencies, the options its ports and secrets are bound to, and its own enable options.
    static func service(_ service: Service, _ plan: Plan) -> JSONValue {
        var ports: JSONObject = [:]
        for port in service.ports {
            if let option = port.option { ports[port.name] = .string(option.description) }
        }
        var secrets: JSONObject = [:]
        for secret in service.secrets {
            var entry = installation(secret)
            entry["option"] = secret.option.map { .string($0.description) } ?? .null
            secrets[secret.name] = .object(entry)
        }
        let dependencies = Set(service.dependencies.map { [$0.service, $0.scope.rawValue] }).sorted { $0.lexicographicallyPrecedes($1) }
        return .object([
            "dependencies": .array(dependencies.map { .object(["service": .string($0[0]), "scope": .string($0[1])]) }),
            "ports": .object(ports),
            "secrets": .object(secrets),
            "enables": .strings(service.enableOptions.map(\.description)),
            "hosts": .strings(plan.hostNames(running: service.name)),
            "reads": .strings(reads(service, plan)),
        ])
    }

    /// The services whose hosts, ports or domains the service's settings read through references
    /// (the derived wiring included), and `*hosts` for one that reads every host's address: what
    /// `nixgen plan` names as the reason a consumer changes.
    static func reads(_ service: Service, _ plan: Plan) -> [String] {
        var names = Set<String>()
        for setting in service.settings where !setting.value.nests(deeperThan: SettingRules.maximumNesting) {
            for reference in setting.value.references {
                switch reference {
                case .port(let other, _), .endpoint(let other, _, _), .endpoints(let other, _, _, _), .hosts(let other, _):
                    names.insert(other)
                case .secretPath(let owner, _): if let owner { names.insert(owner) }
                case .scrapeConfigs: for other in plan.services where other.ports.contains(where: \.metrics) { names.insert(other.name) }
                case .virtualHosts: for other in plan.services where other.domains.contains(where: { $0.proxy == service.name }) { names.insert(other.name) }
                case .dnsRecords:
                    // Every host with an address has a record: "*hosts" stands for them.
                    names.insert("*hosts")
                    for other in plan.services { for domain in other.domains { names.insert(domain.proxy) } }
                case .meshPeers(let interface), .meshAddress(let interface):
                    for host in plan.hosts { for member in host.host.mesh where member.interface == interface { names.insert(member.service) } }
                case .address, .package: break
                }
            }
        }
        names.remove(service.name)
        return names.sorted()
    }

    /// `service/port` names of privileged ports declared public on purpose. ("/" cannot stand in a
    /// service or port name, so `a.b`+`http` and `a`+`b.http` cannot collide as dotted joins would.)
    static func privileged(_ plan: Plan) -> JSONValue {
        .strings(plan.services.flatMap { service in
            service.ports.filter { $0.privileged && $0.exposure == .public }.map { "\(service.name)/\($0.name)" }
        }.sorted())
    }
}
