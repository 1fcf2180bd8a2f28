import Foundation
import NixGenGenerator
import NixGen

/// Turns an existing fleet into DSL declarations: a Swift file per host that keeps the host's
/// existing modules as a user-owned import, a service per recognised service with registry ports
/// bound to their options, a per-host service for ports nothing recognised opens, and the findings.
struct Importer {
    var fleet: ExistingFleet

    /// What an import writes (repository-relative path → text) and what it found.
    struct Result {
        var files: [(path: String, text: String)]
        var findings: [String]
    }

    private struct DeclaredPort {
        var name: String
        var port: ExistingFleet.Port
        var exposure: Exposure
        var option: [String]?
        var list: Bool
    }

    /// Ports as runs of consecutive numbers per protocol: `1-1000/tcp, 5000/tcp, 53/udp`.
    static func ranges(_ ports: [ExistingFleet.Port]) -> String {
        var out: [String] = []
        for proto in [IPProtocol.tcp, .udp] {
            let numbers = ports.filter { $0.proto == proto }.map(\.number).sorted()
            var index = 0
            while index < numbers.count {
                var end = index
                while end + 1 < numbers.count, numbers[end + 1] == numbers[end] + 1 { end += 1 }
                out.append((end > index ? "\(numbers[index])-\(numbers[end])" : "\(numbers[index])") + "/\(proto.rawValue)")
                index = end + 1
            }
        }
        return out.joined(separator: ", ")
    }

    func run() -> Result {
        var draft = Draft()
        for host in fleet.hosts {
            // A host's name becomes its file names and a Nix attribute: one that is no NixOS host
            // name (`../../x`, a newline, `${x}`) is not imported, and never reaches a path.
            if let problem = Names.hostNameProblem(host.name) {
                draft.findings.append("\(quoted(host.name)): not imported: its name is no NixOS host name (\(problem)), "
                                      + "and so no file name: rename it in the flake and import again")
                continue
            }
            draft.add(host)
        }
        let files = draft.fleetFiles(fleet) + draft.hostFiles + draft.ownedModules
        return Result(files: files.map { (path: $0.0, text: $0.1) }, findings: draft.findings)
    }

    /// What the import has declared so far, host by host.
    private struct Draft {
        var findings: [String] = []
        var services: [String: [DeclaredPort]] = [:] // service → ports, first host's numbers
        var serviceOrder: [String] = []
        var serviceIdentifiers: [String: String] = [:]
        var hostIdentifiers: [String] = []
        var hostFiles: [(String, String)] = []
        /// Each host's existing modules, imported as they are: the user's, never rewritten.
        var ownedModules: [(String, String)] = []
        private var identifiers = Set<String>()

        init() {
            for recognised in RecognisedService.all { serviceIdentifiers[recognised.name] = identifier(recognised.name, "Service") }
        }

        private mutating func identifier(_ name: String, _ suffix: String) -> String {
            var candidate = Scaffolder.swiftIdentifier(name)
            if identifiers.contains(candidate) { candidate += suffix }
            identifiers.insert(candidate)
            return candidate
        }

        mutating func add(_ host: ExistingFleet.Host) {
            let firewall = host.firewall ?? ExistingFleet.Firewall()
            var (assigned, claimed) = declareRecognised(host, firewall)
            if let extra = declareUnclaimed(host, firewall, claimed: claimed) { assigned.append(extra) }
            report(host, firewall)
            let folder = host.platform == .nixos ? "hardware" : "darwin"
            ownedModules.append(("nix/\(folder)/\(host.name).nix", """
                # \(host.name) as it was configured before nixgen: its modules, imported unchanged
                # (written once by `nixgen import`; yours to edit, nixgen never rewrites it).
                {
                  imports = [
                \(host.modules.map { "    ../../\($0)\n" }.joined())  ];
                }

                """))
            hostFiles.append(hostFile(host, folder: folder, assigned: assigned, lan: firewall.interfaces.keys.sorted()))
        }

        private static func exposure(_ port: ExistingFleet.Port, _ firewall: ExistingFleet.Firewall) -> Exposure {
            if firewall.everywhere.contains(port) { return .public }
            return firewall.interfaces.values.contains { $0.contains(port) } ? .lan : .local
        }

        /// The recognised services the host runs, their ports bound to their options.
        private mutating func declareRecognised(_ host: ExistingFleet.Host, _ firewall: ExistingFleet.Firewall)
            -> (assigned: [String], claimed: [ExistingFleet.Port: String]) {
            var assigned: [String] = []
            var claimed: [ExistingFleet.Port: String] = [:]
            for recognised in RecognisedService.all where host.services[recognised.name] != nil {
                assigned.append(recognised.name)
                var ports: [DeclaredPort] = []
                for option in recognised.ports {
                    let port = ExistingFleet.Port(number: ExistingFleet.number(option, on: host, service: recognised.name), proto: option.proto)
                    if let other = claimed[port] {
                        findings.append("\(host.name): port \(port.text) is bound by both \(other) and \(recognised.name) (\(Importer.optionText(option))): a port conflict")
                    }
                    claimed[port] = recognised.name
                    ports.append(DeclaredPort(name: option.name, port: port, exposure: host.platform == .nixos ? Self.exposure(port, firewall) : .local,
                                              option: option.option, list: option.list))
                }
                if let existing = services[recognised.name] {
                    for (mine, theirs) in zip(ports, existing) where mine.port != theirs.port || mine.exposure != theirs.exposure {
                        findings.append("\(host.name): \(recognised.name).\(mine.name) is \(mine.port.text) (\(mine.exposure.rawValue)) here but "
                                        + "\(theirs.port.text) (\(theirs.exposure.rawValue)) on the first host running it: declared as there")
                    }
                } else {
                    services[recognised.name] = ports
                    serviceOrder.append(recognised.name)
                }
            }
            return (assigned, claimed)
        }

        /// Every other open port: declared for this host alone, and reported. The service's name, if any.
        private mutating func declareUnclaimed(_ host: ExistingFleet.Host, _ firewall: ExistingFleet.Firewall,
                                               claimed: [ExistingFleet.Port: String]) -> String? {
            let open = firewall.everywhere.union(firewall.interfaces.values.reduce(into: Set()) { $0.formUnion($1) })
            let unclaimed = open.subtracting(claimed.keys).sorted()
            guard !unclaimed.isEmpty else { return nil }
            let name = "\(host.name)-ports"
            services[name] = unclaimed.map {
                DeclaredPort(name: "\($0.proto.rawValue)-\($0.number)", port: $0, exposure: Self.exposure($0, firewall), option: nil, list: false)
            }
            serviceOrder.append(name)
            serviceIdentifiers[name] = identifier(name, "Service")
            // Past a handful, one finding with the ports as ranges: a host that opens thousands
            // of ports gets a line a person reads, not thousands.
            guard unclaimed.count <= 5 else {
                findings.append("\(host.name): the firewall opens \(unclaimed.count) ports that no recognised service binds "
                                + "(\(Importer.ranges(unclaimed))): declared as ports of \"\(name)\"")
                return name
            }
            for port in unclaimed {
                let list = "allowed\(port.proto.rawValue.uppercased())Ports"
                let options = firewall.everywhere.contains(port) ? ["networking.firewall.\(list)"]
                    : firewall.interfaces.filter { $0.value.contains(port) }.keys.sorted().map { "networking.firewall.interfaces.\($0).\(list)" }
                findings.append("\(host.name): \(options.joined(separator: " and ")) opens \(port.text), which no recognised service binds: "
                                + "declared as port \"\(port.proto.rawValue)-\(port.number)\" of \"\(name)\"")
            }
            return name
        }

        /// What nixgen cannot declare, or needs the user to add.
        private mutating func report(_ host: ExistingFleet.Host, _ firewall: ExistingFleet.Firewall) {
            if firewall.hasRanges { findings.append("\(host.name): the firewall opens port ranges, which nixgen cannot declare: they stay in its modules, and the policies will deny them") }
            for interface in firewall.trusted { findings.append("\(host.name): networking.firewall.trustedInterfaces has \(interface), which opens every port on it") }
            if firewall.extraCommands { findings.append("\(host.name): networking.firewall.extraCommands adds rules nixgen cannot declare") }
            if !firewall.enabled { findings.append("\(host.name): networking.firewall.enable is false: every listening port is open") }
            if host.platform == .nixos { findings.append("\(host.name): no SSH host key is declared: add hostKey: (the line of /etc/ssh/ssh_host_ed25519_key.pub) before it gets secrets") }
            for module in host.foreignModules { findings.append("\(host.name): the module \(module) comes from another input: add it to the fleet's flake again") }
            if host.address == nil, host.platform == .nixos { findings.append("\(host.name): no deploy address found (nixinate, colmena or networking.hostName): add address:") }
        }

        /// `Sources/Fleet/Hosts/<host>.swift`.
        private mutating func hostFile(_ host: ExistingFleet.Host, folder: String, assigned: [String], lan: [String]) -> (String, String) {
            var arguments = ["\(Scaffolder.swiftString(host.name))", "system: \(Scaffolder.swiftSystem(System(rawValue: host.system ?? "x86_64-linux")))"]
            if let address = host.address { arguments.append("address: \(Scaffolder.swiftString(address))") }
            if !lan.isEmpty { arguments.append("lanInterfaces: [\(lan.map(Scaffolder.swiftString).joined(separator: ", "))]") }
            if let version = host.stateVersion {
                arguments.append("stateVersion: " + (host.platform == .darwin ? version : Scaffolder.swiftString(version)))
            }
            var body = assigned.map { "    \(serviceIdentifiers[$0]!)\n" }.joined() + "    Import(\(Scaffolder.swiftString("\(folder)/\(host.name).nix")))\n"
            if let nixinate = host.nixinate {
                let user = nixinate["sshUser"] as? String ?? "root"
                let buildOn = nixinate["buildOn"] as? String == "local" ? ".local" : ".remote"
                var line = "    Deployment(sshUser: \(Scaffolder.swiftString(user)), buildOn: \(buildOn)"
                if let substitute = nixinate["substituteOnTarget"] as? Bool { line += ", substituteOnTarget: \(substitute)" }
                if let hermetic = nixinate["hermetic"] as? Bool { line += ", hermetic: \(hermetic)" }
                body += line + ")\n"
                findings.append("\(host.name): its modules set _module.args.nixinate, which nixgen now declares (Deployment): "
                                + "remove it there; until then it takes precedence over nixgen's default")
            }
            let hostIdentifier = identifier(host.name, "Host")
            hostIdentifiers.append(hostIdentifier)
            return ("Sources/Fleet/Hosts/\(host.name).swift", "import NixGen\n\nlet \(hostIdentifier) = Host(\n    \(arguments.joined(separator: ", "))\n) {\n\(body)}\n")
        }

        /// The fleet, its indexes and the imported services.
        mutating func fleetFiles(_ fleet: ExistingFleet) -> [(String, String)] {
            var admins: [String: [String]] = [:]
            for host in fleet.hosts { admins.merge(host.admins.filter { !$0.value.isEmpty }) { first, _ in first } }
            if admins.isEmpty { findings.append("fleet: no wheel user with SSH keys found: add admins: to the Fleet before deploying") }
            let nixosVersion = Importer.mostCommon(fleet.hosts.filter { $0.platform == .nixos }.compactMap(\.stateVersion))
            let darwinVersion = Importer.mostCommon(fleet.hosts.filter { $0.platform == .darwin }.compactMap(\.stateVersion))
            var fleetArguments: [String] = []
            if let nixosVersion { fleetArguments.append("stateVersion: \(Scaffolder.swiftString(nixosVersion))") }
            if let darwinVersion { fleetArguments.append("darwinStateVersion: \(darwinVersion)") }
            fleetArguments.append("admins: [" + admins.keys.sorted().map { name in
                "\(Scaffolder.swiftString(name)): [\(admins[name]!.map(Scaffolder.swiftString).joined(separator: ", "))]"
            }.joined(separator: ", ") + (admins.isEmpty ? ":" : "") + "]")
            let fleetText = """
                import NixGen

                /// The fleet, as `nixgen import` found it in the existing configurations.
                public let fleet = Fleet(
                    \(fleetArguments.joined(separator: ",\n    "))
                ) {
                    allServices
                    allHosts
                }

                """
            let hostsIndex = "// Maintained by `nixgen new-host`: every host of the fleet, one per line.\nimport NixGen\n\nlet allHosts: [Host] = [\n"
                + hostIdentifiers.map { "    \($0),\n" }.joined() + "]\n"
            let servicesIndex = "// Maintained by `nixgen new-service`: every service of the fleet, one per line.\nimport NixGen\n\nlet allServices: [Service] = [\n"
                + serviceOrder.map { "    \(serviceIdentifiers[$0]!),\n" }.joined() + "]\n"
            return [
                ("Sources/Fleet/Fleet.swift", fleetText),
                ("Sources/Fleet/Hosts/Hosts.swift", hostsIndex),
                ("Sources/Fleet/Services/Services.swift", servicesIndex),
                ("Sources/Fleet/Services/Imported.swift", servicesSource()),
            ]
        }

        /// `Sources/Fleet/Services/Imported.swift`: each service with its ports and enable option.
        private func servicesSource() -> String {
            var serviceText = "// Written by `nixgen import`: the services the existing configurations run, ports bound to their options.\nimport NixGen\n"
            for name in serviceOrder {
                let recognised = RecognisedService.all.first { $0.name == name }
                serviceText += "\nlet \(serviceIdentifiers[name]!) = Service(\(Scaffolder.swiftString(name))) {\n"
                for port in services[name]! {
                    var line = "    Port(\(Scaffolder.swiftString(port.name)), \(port.port.number)"
                    if port.port.proto == .udp { line += ", .udp" }
                    line += ", exposure: .\(port.exposure.rawValue)"
                    if let option = port.option, !port.list { line += ", boundTo: \(Scaffolder.swiftString(option.joined(separator: ".")))" }
                    if port.port.number < 1024, port.exposure == .public { line += ", privileged: true" }
                    serviceText += line + ")\n"
                    if let option = port.option, port.list {
                        serviceText += "    Setting(\(Scaffolder.swiftString(option.joined(separator: "."))), [.port(\(Scaffolder.swiftString(port.name)))])\n"
                    }
                }
                if let recognised { serviceText += "    Enable(\(Scaffolder.swiftString(recognised.enable.dropLast().joined(separator: "."))))\n" }
                serviceText += "}\n"
            }
            return serviceText
        }
    }

    fileprivate static func optionText(_ option: RecognisedService.PortOption) -> String {
        option.option.map { $0.joined(separator: ".") } ?? "its default port"
    }

    fileprivate static func mostCommon(_ values: [String]) -> String? {
        let counts = Dictionary(values.map { ($0, 1) }, uniquingKeysWith: +)
        return counts.max { ($0.value, $1.key) < ($1.value, $0.key) }?.key
    }
}
