/// A value resolved from the fleet when it is rendered: another service's port, a host's address,
/// the hosts that run a service, the fleet's derived wiring. In the rendered Nix a reference reads
/// the port registry and the inventory (`ports.grafana.http.port`, `inventory.hosts.pallas.address`),
/// never a copied literal, so a day-2 change updates every consumer on every host.
///
/// References name services, hosts and roles by name, so a service may refer to one that refers
/// back (prometheus scrapes node-exporter, which requires prometheus) without a cycle between
/// Swift globals. Validation reports a name that does not resolve, at the setting.
public enum Reference: Sendable, Hashable, Codable {
    /// The registry's number of a service's port (an integer).
    case port(service: String, port: String)
    /// A host's address from the inventory (a string).
    case address(host: String)
    /// `address:port` of the one host running `service` (`scheme://address:port` with a scheme).
    case endpoint(service: String, port: String, scheme: String?)
    /// The `endpoint` of every host running `service` (with `role`, when given), sorted by host.
    case endpoints(service: String, port: String, role: String?, scheme: String?)
    /// The names of the hosts running `service` (with `role`, when given), sorted.
    case hosts(running: String, role: String?)
    /// The path of a decrypted secret (`service` nil: the enclosing service's).
    case secretPath(service: String?, secret: String)
    /// Prometheus `scrapeConfigs`: one job per service and port declared `metrics: true`, its
    /// targets every host running the service.
    case scrapeConfigs
    /// nginx `virtualHosts`: every `Domain` proxied by the enclosing service, upstream at the
    /// service's host and registry port, with ACME.
    case virtualHosts
    /// Unbound `local-data` records: `<host>.<zone>` for every host with an address, and every
    /// `Domain` at the hosts of its proxy.
    case dnsRecords(zone: String)
    /// WireGuard `peers` of a mesh interface: every member of the mesh but the host itself.
    case meshPeers(interface: String)
    /// The host's own address in a WireGuard mesh, as a one-element list for `ips`.
    case meshAddress(interface: String)
    /// A package of the host's nixpkgs, `pkgs.<name>` (dotted for a package set's member).
    case package(name: String)
}

/// A module-system priority: `lib.mkDefault` (a default a host may override) or `lib.mkForce`.
public enum Priority: String, Sendable, Hashable, Codable {
    case `default` = "mkDefault"
    case force = "mkForce"
}

/// A piece of Nix the DSL has no word for, written as text: printed in parentheses and marked in
/// the generated file. `arguments` are the module arguments it uses besides `config` and `lib`
/// (e.g. `pkgs`).
public struct RawNix: Sendable, Hashable, Codable {
    public var expression: String
    public var arguments: [String]

    public init(_ expression: String, arguments: [String] = []) {
        self.expression = expression
        self.arguments = arguments
    }
}

/// Part of a string with references in it: `"http://\(.address(of: "pallas")):\(.port("http"))"`.
public enum TemplatePart: Sendable, Hashable, Codable {
    case text(String)
    case value(NixValue)
}

extension NixValue {
    /// The registry's number of another service's port: `ports.grafana.http.port`.
    public static func port(of service: String, _ port: String) -> NixValue { .reference(.port(service: service, port: port)) }
    /// By value: only for a service that does not refer back (else name it, see `Reference`).
    public static func port(of service: Service, _ port: String) -> NixValue { .port(of: service.name, port) }
    /// A host's address, from the inventory.
    public static func address(of host: String) -> NixValue { .reference(.address(host: host)) }
    /// `address:port` of the one host running the service.
    public static func endpoint(of service: String, _ port: String) -> NixValue {
        .reference(.endpoint(service: service, port: port, scheme: nil))
    }
    /// `scheme://address:port` of the one host running the service.
    public static func url(of service: String, _ port: String, scheme: String = "http") -> NixValue {
        .reference(.endpoint(service: service, port: port, scheme: scheme))
    }
    /// `address:port` of every host running the service (and having `role`, when given).
    public static func endpoints(of service: String, _ port: String, role: String? = nil) -> NixValue {
        .reference(.endpoints(service: service, port: port, role: role, scheme: nil))
    }
    /// `scheme://address:port` of every host running the service (and having `role`, when given).
    public static func urls(of service: String, _ port: String, role: String? = nil, scheme: String = "http") -> NixValue {
        .reference(.endpoints(service: service, port: port, role: role, scheme: scheme))
    }
    /// The names of the hosts running the service (and having `role`, when given).
    public static func hosts(running service: String, role: String? = nil) -> NixValue {
        .reference(.hosts(running: service, role: role))
    }
    /// The decrypted path of the enclosing service's secret, or of another service's.
    public static func secret(_ name: String, of service: String? = nil) -> NixValue {
        .reference(.secretPath(service: service, secret: name))
    }
    /// Prometheus scrape jobs for every port declared `metrics: true`.
    public static var scrapeConfigs: NixValue { .reference(.scrapeConfigs) }
    /// nginx virtual hosts for every `Domain` proxied by the enclosing service.
    public static var virtualHosts: NixValue { .reference(.virtualHosts) }
    /// Unbound `local-data` for the fleet's hosts and domains.
    public static func dnsRecords(zone: String) -> NixValue { .reference(.dnsRecords(zone: zone)) }
    /// The other members of a WireGuard mesh, as `peers`.
    public static func meshPeers(_ interface: String) -> NixValue { .reference(.meshPeers(interface: interface)) }
    /// The host's own mesh address, as `ips`.
    public static func meshAddress(_ interface: String) -> NixValue { .reference(.meshAddress(interface: interface)) }
    /// By value: see `port(of:_:)`.
    public static func endpoint(of service: Service, _ port: String) -> NixValue { .endpoint(of: service.name, port) }
    /// By value: see `port(of:_:)`.
    public static func url(of service: Service, _ port: String, scheme: String = "http") -> NixValue {
        .url(of: service.name, port, scheme: scheme)
    }
    /// By value: see `port(of:_:)`.
    public static func endpoints(of service: Service, _ port: String, role: String? = nil) -> NixValue {
        .endpoints(of: service.name, port, role: role)
    }
    /// By value: see `port(of:_:)`.
    public static func hosts(running service: Service, role: String? = nil) -> NixValue {
        .hosts(running: service.name, role: role)
    }
    /// A package of the host's nixpkgs: `.package("forgejo-runner")` is `pkgs.forgejo-runner`.
    public static func package(_ name: String) -> NixValue { .reference(.package(name: name)) }
    /// A Nix expression as text, for what the DSL cannot say; marked in the generated file.
    public static func nix(_ expression: String, arguments: [String] = []) -> NixValue {
        .raw(RawNix(expression, arguments: arguments))
    }
    /// `lib.mkDefault value`.
    public static func mkDefault(_ value: NixValue) -> NixValue { .prioritized(.default, value) }
    /// `lib.mkForce value`.
    public static func mkForce(_ value: NixValue) -> NixValue { .prioritized(.force, value) }
}

extension NixValue: ExpressibleByStringInterpolation {
    /// Collects text and references: `"\(.address(of: "pallas")):\(.port("http"))"`.
    public struct StringInterpolation: StringInterpolationProtocol {
        var parts: [TemplatePart] = []
        public init(literalCapacity: Int, interpolationCount: Int) {}
        public mutating func appendLiteral(_ literal: String) { if !literal.isEmpty { parts.append(.text(literal)) } }
        /// A reference or any other value the string takes in.
        public mutating func appendInterpolation(_ value: NixValue) { parts.append(.value(value)) }
        /// Swift text, taken as it is.
        public mutating func appendInterpolation(_ text: some StringProtocol) { parts.append(.text(String(text))) }
        /// A Swift number, as its decimal text.
        public mutating func appendInterpolation(_ number: Int) { parts.append(.text(String(number))) }
    }

    public init(stringInterpolation: StringInterpolation) {
        // Adjacent text merges, so a template without references is a plain string.
        var merged: [TemplatePart] = []
        for part in stringInterpolation.parts {
            if case .text(let next) = part, case .text(let previous)? = merged.last {
                merged[merged.count - 1] = .text(previous + next)
            } else if case .value(.string(let text)) = part, case .text(let previous)? = merged.last {
                merged[merged.count - 1] = .text(previous + text)
            } else if case .value(.string(let text)) = part {
                merged.append(.text(text))
            } else {
                merged.append(part)
            }
        }
        if merged.isEmpty { self = .string(""); return }
        if merged.count == 1, case .text(let text) = merged[0] { self = .string(text); return }
        self = .template(merged)
    }
}
