import Foundation

/// What a committed generated tree says about the fleet, read from two of its files:
/// `nix/expected.json` (each host's observable configuration as declared, and the options rendered
/// from the declaration) and `policies/data/fleet.json` (services and their hosts, domains,
/// recipients and the SHA-256 of every generated file). Nothing is built or evaluated.
package struct GeneratedSnapshot {
    /// Host → its observable configuration (`expected.json`'s `hosts`).
    package var hosts: [String: [String: Any]]
    /// `expected.json`'s `options`: `services`, `roles`, `hosts`.
    var options: [String: Any]
    /// `fleet.json`'s `nixgen.fleet`.
    var fleet: [String: Any]

    package static let expectedPath = "nix/expected.json"
    package static let fleetPath = "policies/data/fleet.json"

    /// An empty tree (a base before nixgen rendered anything).
    package static var empty: GeneratedSnapshot { GeneratedSnapshot(hosts: [:], options: [:], fleet: [:]) }

    init(hosts: [String: [String: Any]], options: [String: Any], fleet: [String: Any]) {
        self.hosts = hosts
        self.options = options
        self.fleet = fleet
        let services = fleet["services"] as? [String: [String: Any]] ?? [:]
        digests = fleet["generated"] as? [String: String] ?? [:]
        serviceHosts = services.mapValues { $0["hosts"] as? [String] ?? [] }
        reads = services.mapValues { $0["reads"] as? [String] ?? [] }
        var registry: [String: String] = [:]
        for (service, ports) in fleet["registry"] as? [String: [String: [String: Any]]] ?? [:] {
            for (name, entry) in ports {
                registry["\(service).\(name)"] = "\(entry["port"].map { "\($0)" } ?? "?")/\(entry["protocol"] as? String ?? "?") \(entry["exposure"] as? String ?? "?")"
            }
        }
        self.registry = registry
        var addresses: [String: String] = [:]
        for (address, host) in fleet["addresses"] as? [String: String] ?? [:] { addresses[host] = address }
        self.addresses = addresses
        serviceOptions = options["services"] as? [String: [[String: Any]]] ?? [:]
        roleOptions = options["roles"] as? [String: [[String: Any]]] ?? [:]
        hostOptions = options["hosts"] as? [String: [String: Any]] ?? [:]
    }

    /// Parses the two files; nil for either when it is not nixgen's JSON.
    package init?(expected: Data, fleet: Data) {
        guard let expectedJSON = try? JSONSerialization.jsonObject(with: expected) as? [String: Any],
              let fleetJSON = try? JSONSerialization.jsonObject(with: fleet) as? [String: Any],
              let document = (fleetJSON["nixgen"] as? [String: Any])?["fleet"] as? [String: Any] else { return nil }
        self.init(hosts: expectedJSON["hosts"] as? [String: [String: Any]] ?? [:], options: expectedJSON["options"] as? [String: Any] ?? [:],
                  fleet: document)
    }

    // Read once, when the snapshot is made: the plan looks them up for every host.
    /// Generated path → its SHA-256.
    let digests: [String: String]
    /// Service → the hosts running it.
    let serviceHosts: [String: [String]]
    /// Service → the services it reads (`*hosts`: every host's address).
    let reads: [String: [String]]
    /// `service.port` → `number/protocol exposure` of the registry.
    let registry: [String: String]
    /// Host → its address.
    let addresses: [String: String]
    private let serviceOptions: [String: [[String: Any]]]
    private let roleOptions: [String: [[String: Any]]]
    private let hostOptions: [String: [String: Any]]

    /// Host → its roles, from the rendered options' host entries.
    func roles(of host: String) -> [String] {
        (hostOptions[host] as? [String: Any])?["roles"] as? [String] ?? []
    }

    /// The options the declaration renders on `host`, dotted path → value (compact JSON), the
    /// winning entry where several set one (the lowest priority, as in Nix).
    func renderedOptions(of host: String) -> [String: String] {
        guard let entry = hostOptions[host] as? [String: Any] else { return [:] }
        var entries: [[String: Any]] = []
        for name in entry["services"] as? [String] ?? [] { entries += serviceOptions[name] ?? [] }
        for name in entry["roles"] as? [String] ?? [] { entries += roleOptions[name] ?? [] }
        entries += entry["own"] as? [[String: Any]] ?? []
        var chosen: [String: (priority: Int, value: String)] = [:]
        for option in entries {
            let path = (option["path"] as? [String] ?? []).joined(separator: ".")
            let priority = option["priority"] as? Int ?? 100
            if let current = chosen[path], current.priority <= priority { continue }
            chosen[path] = (priority, Self.compact(option["value"] ?? NSNull()))
        }
        return chosen.mapValues(\.value)
    }

    /// The dotted paths of the options the services render.
    func optionPaths(of services: Set<String>) -> Set<String> {
        Set(services.flatMap { serviceOptions[$0] ?? [] }.map { ($0["path"] as? [String] ?? []).joined(separator: ".") })
    }

    /// Compact JSON with sorted keys: how the plan compares values.
    package static func compact(_ value: Any) -> String {
        guard let data = try? JSONSerialization.data(withJSONObject: value, options: [.sortedKeys, .fragmentsAllowed, .withoutEscapingSlashes]) else {
            return "\(value)"
        }
        return String(decoding: data, as: UTF8.self)
    }

    /// A compared value as a reader wants it: a string without its quotes.
    static func shown(_ compact: String) -> String {
        guard compact.hasPrefix("\""), let data = compact.data(using: .utf8),
              let text = try? JSONSerialization.jsonObject(with: data, options: [.fragmentsAllowed]) as? String else { return compact }
        return text
    }
}
