import Foundation
import NixGen

/// An existing flake's hosts as they evaluate: what `nixgen import` declares, and what
/// `nixgen import --check` compares before and after.
struct ExistingFleet: Sendable {
    struct Port: Sendable, Hashable, Comparable {
        var number: Int
        var proto: IPProtocol
        static func < (a: Port, b: Port) -> Bool { (a.number, a.proto.rawValue) < (b.number, b.proto.rawValue) }
        var text: String { "\(number)/\(proto.rawValue)" }
    }

    struct Firewall: Sendable, Equatable {
        /// Open on every interface.
        var everywhere: Set<Port> = []
        /// Interface → ports open on it (interfaces with none left out).
        var interfaces: [String: Set<Port>] = [:]
        var hasRanges = false
        var trusted: [String] = []
        var extraCommands = false
        var enabled = true
    }

    struct Host: @unchecked Sendable {
        var name: String
        var platform: Platform
        var hostName: String?
        var system: String?
        var stateVersion: String?
        var address: String?
        /// nixinate's arguments, when the host's modules set them.
        var nixinate: [String: Any]?
        var firewall: Firewall?
        var admins: [String: [String]]
        /// Recognised service → port name → the number its option has (nil: unset, the default).
        var services: [String: [String: Int?]]
        /// Repository-relative files of the host's top-level modules.
        var modules: [String]
        /// Top-level modules from inputs other than nixpkgs and nix-darwin.
        var foreignModules: [String]
    }

    var hosts: [Host]

    init(_ document: [String: Any]) {
        let source = (document["src"] as? String ?? "") + "/"
        let inputs = (document["inputs"] as? [String: String] ?? [:])
        let platformInputs = ["nixpkgs", "nix-darwin"].compactMap { inputs[$0] }.filter { !$0.isEmpty }
        func ints(_ value: Any?) -> [Int] { (value as? [Any] ?? []).compactMap { ($0 as? NSNumber)?.intValue } }
        func ports(_ value: Any?) -> Set<Port> {
            let object = value as? [String: Any] ?? [:]
            return Set(ints(object["tcp"]).map { Port(number: $0, proto: .tcp) } + ints(object["udp"]).map { Port(number: $0, proto: .udp) })
        }
        var hosts: [Host] = []
        for platform in [Platform.nixos, .darwin] {
            let configurations = document[platform.rawValue] as? [String: [String: Any]] ?? [:]
            for (name, entry) in configurations.sorted(by: { $0.key < $1.key }) {
                var firewall: Firewall?
                if let object = entry["firewall"] as? [String: Any] {
                    var value = Firewall()
                    value.everywhere = ports(object)
                    for (interface, ports) in (object["interfaces"] as? [String: Any] ?? [:]).mapValues(ports) where !ports.isEmpty {
                        value.interfaces[interface] = ports
                    }
                    value.hasRanges = !((object["ranges"] as? [Any])?.isEmpty ?? true)
                        || (object["interfaces"] as? [String: [String: Any]] ?? [:]).values.contains { !(($0["ranges"] as? [Any])?.isEmpty ?? true) }
                    value.trusted = object["trusted"] as? [String] ?? []
                    value.extraCommands = object["extraCommands"] as? Bool ?? false
                    value.enabled = object["enable"] as? Bool ?? true
                    firewall = value
                }
                var services: [String: [String: Int?]] = [:]
                for service in entry["services"] as? [[String: Any]] ?? [] where service["enabled"] as? Bool == true {
                    guard let serviceName = service["name"] as? String else { continue }
                    var values: [String: Int?] = [:]
                    for port in service["ports"] as? [[String: Any]] ?? [] {
                        guard let portName = port["name"] as? String else { continue }
                        let value = port["value"]
                        values[portName] = (value as? NSNumber)?.intValue ?? ints(value).first
                    }
                    services[serviceName] = values
                }
                let modules = entry["modules"] as? [String] ?? []
                let nixinate = entry["nixinate"] as? [String: Any]
                let address = [nixinate?["host"], entry["colmena"], entry["hostName"]].lazy.compactMap { $0 as? String }.first { !$0.isEmpty }
                hosts.append(Host(
                    name: name, platform: platform, hostName: entry["hostName"] as? String, system: entry["system"] as? String,
                    stateVersion: (entry["stateVersion"] as? String) ?? (entry["stateVersion"] as? NSNumber)?.stringValue,
                    address: address, nixinate: nixinate, firewall: firewall, admins: entry["admins"] as? [String: [String]] ?? [:], services: services,
                    modules: modules.filter { $0.hasPrefix(source) }.map { String($0.dropFirst(source.count)) },
                    foreignModules: modules.filter { file in
                        file.hasPrefix("/") && !file.hasPrefix(source) && !platformInputs.contains { file.hasPrefix($0 + "/") }
                    }))
            }
        }
        self.hosts = hosts
    }

    /// The port number a recognised service's port has on a host: its option's value, or the default.
    static func number(_ port: RecognisedService.PortOption, on host: Host, service: String) -> Int {
        (host.services[service]?[port.name] ?? nil) ?? port.number
    }
}
