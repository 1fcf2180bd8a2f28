/// A Nix value as data: what a fleet may set on a NixOS option.
///
/// Settings are typed values, never Nix source text: the printer owns quoting and escaping, so a
/// string holding `${` or `''` reaches the evaluator exactly as written.
public enum NixValue: Sendable, Hashable, Codable {
    case null
    case bool(Bool)
    case int(Int)
    case float(Double)
    case string(String)
    case list([NixValue])
    case attrs(NixAttributes)
    /// The number of the enclosing service's port of this name, read from the registry when the
    /// module is evaluated, so a port number is written in one place only. Valid in service settings.
    case portNumber(String)
    /// A value resolved from the fleet when rendering: another service's port, a host's address,
    /// derived wiring (see `Reference`).
    case reference(Reference)
    /// A string with references in it, from string interpolation: `"\(.address(of: "pallas")):3000"`.
    case template([TemplatePart])
    /// A Nix expression as text, for what the DSL cannot say (`.nix("pkgs.hello", arguments: ["pkgs"])`).
    case raw(RawNix)
    /// A value with a module-system priority (`.mkDefault(...)`, `.mkForce(...)`).
    indirect case prioritized(Priority, NixValue)

    /// `.port("mqtt")`: see `portNumber`.
    public static func port(_ name: String) -> NixValue { .portNumber(name) }
}

extension NixValue: ExpressibleByNilLiteral, ExpressibleByBooleanLiteral, ExpressibleByIntegerLiteral,
    ExpressibleByFloatLiteral, ExpressibleByStringLiteral, ExpressibleByArrayLiteral, ExpressibleByDictionaryLiteral
{
    public init(nilLiteral: ()) { self = .null }
    public init(booleanLiteral value: Bool) { self = .bool(value) }
    public init(integerLiteral value: Int) { self = .int(value) }
    public init(floatLiteral value: Double) { self = .float(value) }
    public init(stringLiteral value: String) { self = .string(value) }
    public init(arrayLiteral elements: NixValue...) { self = .list(elements) }
    /// Keys are compared as Nix compares them (byte for byte); a key given twice is recorded and
    /// reported by validation.
    public init(dictionaryLiteral elements: (String, NixValue)...) { self = .attrs(NixAttributes(elements)) }
}

/// Swift values that convert to a `NixValue`, so `Setting("x.enable", true)` and
/// `Setting("x.users", ["a", "b"])` read naturally.
public protocol NixValueConvertible: Sendable {
    var nixValue: NixValue { get }
}

extension NixValue: NixValueConvertible { public var nixValue: NixValue { self } }
extension Bool: NixValueConvertible { public var nixValue: NixValue { .bool(self) } }
extension Int: NixValueConvertible { public var nixValue: NixValue { .int(self) } }
extension Double: NixValueConvertible { public var nixValue: NixValue { .float(self) } }
extension String: NixValueConvertible { public var nixValue: NixValue { .string(self) } }
extension Array: NixValueConvertible where Element: NixValueConvertible {
    public var nixValue: NixValue { .list(map(\.nixValue)) }
}
extension Dictionary: NixValueConvertible where Key == String, Value: NixValueConvertible {
    public var nixValue: NixValue { .attrs(NixAttributes(mapValues(\.nixValue))) }
}
extension Optional: NixValueConvertible where Wrapped: NixValueConvertible {
    public var nixValue: NixValue { self?.nixValue ?? .null }
}

extension NixValue {
    /// The values this one holds directly: list items, attribute values, a template's values, a
    /// priority's value. The walks below recurse through it, so each says only what it looks for.
    package var children: [NixValue] {
        switch self {
        case .list(let items): items
        case .attrs(let attrs): attrs.values
        case .template(let parts): parts.compactMap { if case .value(let value) = $0 { value } else { nil } }
        case .prioritized(_, let value): [value]
        default: []
        }
    }

    /// Every string this value contains, keys included; validation checks them for NUL.
    package var strings: [String] {
        let own: [String] = switch self {
        case .string(let s): [s]
        case .attrs(let attrs): attrs.keys
        case .template(let parts): parts.compactMap { if case .text(let text) = $0 { text } else { nil } }
        case .raw(let raw): [raw.expression] + raw.arguments
        case .reference(let reference): reference.names
        default: []
        }
        return own + children.flatMap(\.strings)
    }

    /// Names of the ports this value refers to.
    package var portReferences: [String] {
        if case .portNumber(let name) = self { return [name] }
        return children.flatMap(\.portReferences)
    }

    /// Whether lists and attribute sets nest deeper than `limit`, found without recursion so that
    /// no depth can exhaust the stack.
    package func nests(deeperThan limit: Int) -> Bool {
        var pending: [(NixValue, Int)] = [(self, 0)]
        while let (value, depth) = pending.popLast() {
            switch value {
            case .list(let items):
                if depth + 1 > limit { return true }
                pending += items.map { ($0, depth + 1) }
            case .attrs(let members):
                if depth + 1 > limit { return true }
                pending += members.values.map { ($0, depth + 1) }
            case .prioritized(_, let inner):
                pending.append((inner, depth))
            case .template(let parts):
                if depth + 1 > limit { return true }
                for case .value(let inner) in parts { pending.append((inner, depth + 1)) }
            default: continue
            }
        }
        return false
    }

    /// Whether a float cannot be written as a Nix literal: infinite, NaN, or subnormal (Nix's
    /// parser rejects `1.0e-310`).
    package var hasNonFiniteFloat: Bool {
        if case .float(let d) = self { return !d.isFinite || d.isSubnormal }
        return children.contains { $0.hasNonFiniteFloat }
    }

    /// Every reference this value holds, at any depth, templates included.
    package var references: [Reference] {
        if case .reference(let reference) = self { return [reference] }
        return children.flatMap(\.references)
    }

    /// Every raw Nix expression this value holds.
    package var rawExpressions: [RawNix] {
        if case .raw(let raw) = self { return [raw] }
        return children.flatMap(\.rawExpressions)
    }

    /// Names some attribute set literal of this value gave twice.
    package var repeatedNames: [String] {
        let own = if case .attrs(let attrs) = self { attrs.repeatedNames } else { [String]() }
        return own + children.flatMap(\.repeatedNames)
    }
}

extension Reference {
    /// The names a reference carries, for the NUL check.
    package var names: [String] {
        switch self {
        case .port(let service, let port): [service, port]
        case .address(let host): [host]
        case .endpoint(let service, let port, let scheme): [service, port] + (scheme.map { [$0] } ?? [])
        case .endpoints(let service, let port, let role, let scheme): [service, port] + [role, scheme].compactMap { $0 }
        case .hosts(let service, let role): [service] + (role.map { [$0] } ?? [])
        case .secretPath(let service, let secret): [secret] + (service.map { [$0] } ?? [])
        case .scrapeConfigs, .virtualHosts: []
        case .dnsRecords(let zone): [zone]
        case .meshPeers(let interface), .meshAddress(let interface): [interface]
        case .package(let name): [name]
        }
    }
}

