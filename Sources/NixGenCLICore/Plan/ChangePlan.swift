import Foundation

/// What a change does to each host, worked out from the generated trees before and after it
/// (`GeneratedSnapshot`), never from a build: services, ports, settings, the wiring other hosts
/// derive, secrets to re-encrypt and deployment, per host, with the reason a consumer changes.
package struct ChangePlan {
    package enum Kind: String { case added, removed, changed }

    package struct Change: Equatable {
        /// What changed (`services.grafana.settings.server.http_port`, `22/tcp on enp1s0`).
        package var subject: String
        package var old: String?
        package var new: String?
    }

    package struct HostChange {
        package var name: String
        package var kind: Kind
        package var servicesAdded: [String] = []
        package var servicesRemoved: [String] = []
        /// Service → the host it came from or went to.
        package var movedIn: [(service: String, from: String)] = []
        package var movedOut: [(service: String, to: String)] = []
        package var portsOpened: [String] = []
        package var portsClosed: [String] = []
        package var settings: [Change] = []
        package var access: [Change] = []
        package var deployment: [Change] = []
        /// Why the host's derived wiring changes ("grafana moved demeter → pallas").
        package var wiring: [String] = []
        /// Generated modules of the host that changed beyond what the lines above say.
        package var files: [String] = []
        /// `user@address` a new host is deployed to.
        package var deployTarget: String?

        var isEmpty: Bool {
            kind == .changed && servicesAdded.isEmpty && servicesRemoved.isEmpty && portsOpened.isEmpty && portsClosed.isEmpty
                && settings.isEmpty && access.isEmpty && deployment.isEmpty && wiring.isEmpty && files.isEmpty
        }
    }

    package struct SecretChange {
        package var file: String
        package var reason: String
    }

    package var hosts: [HostChange]
    package var secrets: [SecretChange]
    /// Hosts that stay exactly as they were.
    package var untouched: Int
    /// Files of the fleet as a whole that changed (the registry, the flake).
    package var fleetFiles: [String]

    package var isEmpty: Bool { hosts.isEmpty && secrets.isEmpty && fleetFiles.isEmpty }

    /// Fields of the observable configuration the plan names as access and deployment.
    static let accessFields = ["users", "sudo", "nixUsers", "sshd", "hostPubKey"]
    static let deploymentFields = ["nixinate", "colmena", "system", "platform"]

    package init(from base: GeneratedSnapshot, to head: GeneratedSnapshot) {
        let names = Set(base.hosts.keys).union(head.hosts.keys).sorted()
        let events = Events(base, head)
        var hosts: [HostChange] = [], untouched = 0
        for name in names {
            let change = Self.host(name, base, head, events)
            if change.isEmpty { untouched += 1 } else { hosts.append(change) }
        }
        self.hosts = hosts
        self.untouched = untouched
        secrets = Self.secrets(base, head)
        fleetFiles = Self.fleetFiles(base, head, hosts: hosts)
    }

    /// Generated files that changed and that no host's change above accounts for (its own file,
    /// its services' and roles' modules), so an empty plan means an unchanged tree. The flake,
    /// inventory and manifest list the hosts, and the expectations hold them: a host that comes,
    /// goes or changes accounts for those.
    private static func fleetFiles(_ base: GeneratedSnapshot, _ head: GeneratedSnapshot, hosts: [HostChange]) -> [String] {
        var accounted = Set<String>()
        for host in hosts {
            accounted.insert("nix/hosts/\(host.name).nix")
            let services = Set((base.hosts[host.name]?["services"] as? [String: Any] ?? [:]).keys)
                .union((head.hosts[host.name]?["services"] as? [String: Any] ?? [:]).keys)
            for service in services { accounted.insert("nix/services/\(service).nix") }
            for role in Set(base.roles(of: host.name)).union(head.roles(of: host.name)) { accounted.insert("nix/roles/\(role).nix") }
        }
        if !hosts.isEmpty {
            accounted.formUnion(["nix/expected.json", "nix/inventory.nix", "nix/.nixgen-manifest", "nix/.gitattributes"])
            if Set(base.hosts.keys) != Set(head.hosts.keys) { accounted.insert("flake.nix") }
        }
        let paths = Set(base.digests.keys).union(head.digests.keys)
        return paths.filter { base.digests[$0] != head.digests[$0] && !accounted.contains($0) }.sorted()
    }

    /// What happened to services fleet-wide: moves, new and removed hosts, registry changes.
    struct Events {
        /// Service → why its consumers change.
        var reasons: [String: [String]] = [:]

        init(_ base: GeneratedSnapshot, _ head: GeneratedSnapshot) {
            let before = base.serviceHosts, after = head.serviceHosts
            for service in Set(before.keys).union(after.keys).sorted() {
                let old = before[service] ?? [], new = after[service] ?? []
                if old == new { continue }
                let gained = new.filter { !old.contains($0) }, lost = old.filter { !new.contains($0) }
                let text: String
                if old.isEmpty { text = "\(service) added on \(new.joined(separator: ", "))" }
                else if new.isEmpty { text = "\(service) removed from \(old.joined(separator: ", "))" }
                else if gained.count == 1, lost.count == 1 { text = "\(service) moved \(lost[0]) → \(gained[0])" }
                else {
                    text = ([gained.isEmpty ? nil : "\(service) now also on \(gained.joined(separator: ", "))",
                             lost.isEmpty ? nil : "\(service) no longer on \(lost.joined(separator: ", "))"] as [String?]).compactMap { $0 }.joined(separator: ", ")
                }
                reasons[service, default: []].append(text)
            }
            // Hosts that come, go or change address, for what reads every host (DNS records).
            let addressesBefore = base.addresses, addressesAfter = head.addresses
            for host in Set(addressesBefore.keys).union(addressesAfter.keys).sorted() where addressesBefore[host] != addressesAfter[host] {
                let text = addressesBefore[host] == nil ? "\(host) added at \(addressesAfter[host]!)"
                    : addressesAfter[host] == nil ? "\(host) removed" : "\(host)'s address \(addressesBefore[host]!) → \(addressesAfter[host]!)"
                reasons["*hosts", default: []].append(text)
            }
            let registryBefore = base.registry, registryAfter = head.registry
            for port in Set(registryBefore.keys).union(registryAfter.keys).sorted() where registryBefore[port] != registryAfter[port] {
                let service = String(port.prefix { $0 != "." })
                guard let old = registryBefore[port], let new = registryAfter[port] else { continue }
                reasons[service, default: []].append("\(port) \(old) → \(new)")
            }
        }
    }

    private static func host(_ name: String, _ base: GeneratedSnapshot, _ head: GeneratedSnapshot, _ events: Events) -> HostChange {
        let old = base.hosts[name], new = head.hosts[name]
        var change = HostChange(name: name, kind: old == nil ? .added : new == nil ? .removed : .changed)
        let servicesBefore = Set((old?["services"] as? [String: Any])?.keys.map { $0 } ?? [])
        let servicesAfter = Set((new?["services"] as? [String: Any])?.keys.map { $0 } ?? [])
        let hostsBefore = base.serviceHosts, hostsAfter = head.serviceHosts
        for service in servicesAfter.subtracting(servicesBefore).sorted() {
            if let from = (hostsBefore[service] ?? []).first(where: { !(hostsAfter[service] ?? []).contains($0) }) {
                change.movedIn.append((service, from))
            } else { change.servicesAdded.append(service) }
        }
        for service in servicesBefore.subtracting(servicesAfter).sorted() {
            if let to = (hostsAfter[service] ?? []).first(where: { !(hostsBefore[service] ?? []).contains($0) }) {
                change.movedOut.append((service, to))
            } else { change.servicesRemoved.append(service) }
        }
        let portsBefore = ports(old), portsAfter = ports(new)
        change.portsOpened = portsAfter.subtracting(portsBefore).sorted()
        change.portsClosed = portsBefore.subtracting(portsAfter).sorted()
        // A service that arrives or leaves brings its own settings: those are not listed one by one.
        let arriving = Set(change.servicesAdded + change.movedIn.map(\.service) + change.servicesRemoved + change.movedOut.map(\.service))
        let implied = base.optionPaths(of: arriving).union(head.optionPaths(of: arriving))
        // A host that comes or goes is summed up by its services and ports, not option by option.
        if let nixinate = new?["nixinate"] as? [String: Any], let address = nixinate["host"] as? String {
            change.deployTarget = "\(nixinate["sshUser"] as? String ?? "?")@\(address)"
        }
        guard change.kind == .changed else { return change }
        change.settings = diff(base.renderedOptions(of: name), head.renderedOptions(of: name)).filter { !implied.contains($0.subject) }
        change.access = diff(fields(old, accessFields), fields(new, accessFields))
        change.deployment = diff(fields(old, deploymentFields), fields(new, deploymentFields))
        // A consumer's modules change with what they read; the reason is what happened to it.
        let roles = Set(base.roles(of: name)).union(head.roles(of: name))
        let modules = ["nix/hosts/\(name).nix"] + servicesBefore.union(servicesAfter).sorted().map { "nix/services/\($0).nix" }
            + roles.sorted().map { "nix/roles/\($0).nix" }
        let changedModules = change.kind == .changed ? modules.filter { base.digests[$0] != head.digests[$0] } : []
        let readers = servicesBefore.intersection(servicesAfter).sorted()
        var reasons: [String] = []
        for service in readers {
            let read = Set(base.reads[service] ?? []).union(head.reads[service] ?? [])
            for other in read.sorted() { for reason in events.reasons[other] ?? [] { reasons.append("\(service) on \(name): \(reason)") } }
        }
        var seen = Set<String>()
        change.wiring = reasons.filter { seen.insert($0).inserted }
        // Files whose change the lines above do not already explain.
        if change.settings.isEmpty && change.wiring.isEmpty && change.servicesAdded.isEmpty && change.servicesRemoved.isEmpty
            && change.movedIn.isEmpty && change.movedOut.isEmpty && change.portsOpened.isEmpty && change.portsClosed.isEmpty
            && change.access.isEmpty && change.deployment.isEmpty {
            change.files = changedModules
        }
        return change
    }

    /// `22/tcp on enp1s0` (lan) and `443/tcp everywhere` (public), from the declared firewall.
    private static func ports(_ host: [String: Any]?) -> Set<String> {
        guard let firewall = host?["firewall"] as? [String: Any] else { return [] }
        var out = Set<String>()
        for proto in ["tcp", "udp"] {
            for port in firewall[proto] as? [Int] ?? [] { out.insert("\(port)/\(proto) everywhere") }
            for (interface, ports) in firewall["interfaces"] as? [String: [String: Any]] ?? [:] {
                for port in ports[proto] as? [Int] ?? [] { out.insert("\(port)/\(proto) on \(interface)") }
            }
        }
        return out
    }

    private static func fields(_ host: [String: Any]?, _ names: [String]) -> [String: String] {
        var out: [String: String] = [:]
        for name in names {
            guard let value = host?[name], !(value is NSNull) else { continue }
            if let object = value as? [String: Any], !object.isEmpty {
                for (key, member) in object { out["\(name).\(key)"] = GeneratedSnapshot.compact(member) }
            } else if !((value as? [String: Any])?.isEmpty ?? false) {
                out[name] = GeneratedSnapshot.compact(value)
            }
        }
        return out
    }

    private static func diff(_ old: [String: String], _ new: [String: String]) -> [Change] {
        Set(old.keys).union(new.keys).sorted().compactMap { key in
            old[key] == new[key] ? nil : Change(subject: key, old: old[key].map(GeneratedSnapshot.shown), new: new[key].map(GeneratedSnapshot.shown))
        }
    }

    /// Each secret file whose readers change: the hosts that install it and their keys, and the
    /// recipients; a file no host installs any more is to be removed.
    private static func secrets(_ base: GeneratedSnapshot, _ head: GeneratedSnapshot) -> [SecretChange] {
        func readers(_ snapshot: GeneratedSnapshot) -> [String: Set<String>] {
            var out: [String: Set<String>] = [:]
            for (name, host) in snapshot.hosts {
                let key = host["hostPubKey"] as? String ?? "(no key)"
                for (_, secrets) in host["secrix"] as? [String: [String: [String: Any]]] ?? [:] {
                    for (_, secret) in secrets { if let file = secret["file"] as? String { out[file, default: []].insert("\(name) \(key)") } }
                }
            }
            let recipients = GeneratedSnapshot.compact(snapshot.fleet["recipients"] ?? [:])
            for file in out.keys { out[file]!.insert("recipients \(recipients)") }
            return out
        }
        let before = readers(base), after = readers(head)
        return Set(before.keys).union(after.keys).sorted().compactMap { file in
            let old = before[file] ?? [], new = after[file] ?? []
            if old == new { return nil }
            if new.isEmpty { return SecretChange(file: file, reason: "no host reads it any more: remove it") }
            if old.isEmpty { return SecretChange(file: file, reason: "new: encrypt it (nixgen secrets)") }
            func hosts(_ set: Set<String>) -> Set<String> { Set(set.filter { !$0.hasPrefix("recipients ") }.map { String($0.prefix { $0 != " " }) }) }
            var why: [String] = []
            let gained = hosts(new).subtracting(hosts(old)), lost = hosts(old).subtracting(hosts(new))
            if !gained.isEmpty { why.append("now read by \(gained.sorted().joined(separator: ", "))") }
            if !lost.isEmpty { why.append("no longer read by \(lost.sorted().joined(separator: ", "))") }
            if why.isEmpty {
                let rekeyed = hosts(new.subtracting(old)).sorted()
                why.append(rekeyed.isEmpty ? "the recipients changed" : "the host key of \(rekeyed.joined(separator: ", ")) changed")
            }
            return SecretChange(file: file, reason: why.joined(separator: "; ") + ": re-encrypt it")
        }
    }
}
