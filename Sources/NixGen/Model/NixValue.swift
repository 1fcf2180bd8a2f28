/// A Nix value as data: what a fleet may set on a NixOS option.
///
/// Settings are typed values, never Nix source text: the printer owns quoting and escaping, so a
/// string holding `${` or `''` reaches the evaluator exactly as written.
public indirect enum NixValue: Sendable, Hashable, Codable {
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
    case prioritized(Priority, NixValue)

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
    /// Every string this value contains, keys included; validation checks them for NUL.
    package var strings: [String] {
        switch self {
        case .string(let s): [s]
        case .list(let items): items.flatMap(\.strings)
        case .attrs(let attrs): attrs.flatMap { [$0.key] + $0.value.strings }
        case .template(let parts): parts.flatMap { part -> [String] in
            switch part {
            case .text(let text): [text]
            case .value(let value): value.strings
            }
        }
        case .prioritized(_, let value): value.strings
        case .raw(let raw): [raw.expression] + raw.arguments
        case .reference(let reference): reference.names
        default: []
        }
    }

    /// Names of the ports this value refers to.
    package var portReferences: [String] {
        switch self {
        case .portNumber(let name): [name]
        case .list(let items): items.flatMap(\.portReferences)
        case .attrs(let attrs): attrs.values.flatMap(\.portReferences)
        case .template(let parts): parts.flatMap { part -> [String] in
            if case .value(let value) = part { return value.portReferences }
            return []
        }
        case .prioritized(_, let value): value.portReferences
        default: []
        }
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
        switch self {
        case .float(let d): !d.isFinite || d.isSubnormal
        case .list(let items): items.contains { $0.hasNonFiniteFloat }
        case .attrs(let attrs): attrs.values.contains { $0.hasNonFiniteFloat }
        case .prioritized(_, let value): value.hasNonFiniteFloat
        case .template(let parts): parts.contains { if case .value(let value) = $0 { value.hasNonFiniteFloat } else { false } }
        default: false
        }
    }
}

extension NixValue {
    /// Every reference this value holds, at any depth, templates included.
    package var references: [Reference] {
        switch self {
        case .reference(let reference): [reference]
        case .list(let items): items.flatMap(\.references)
        case .attrs(let attrs): attrs.values.flatMap(\.references)
        case .template(let parts): parts.flatMap { part -> [Reference] in
            if case .value(let value) = part { return value.references }
            return []
        }
        case .prioritized(_, let value): value.references
        default: []
        }
    }

    /// Every raw Nix expression this value holds.
    package var rawExpressions: [RawNix] {
        switch self {
        case .raw(let raw): [raw]
        case .list(let items): items.flatMap(\.rawExpressions)
        case .attrs(let attrs): attrs.values.flatMap(\.rawExpressions)
        case .template(let parts): parts.flatMap { part -> [RawNix] in
            if case .value(let value) = part { return value.rawExpressions }
            return []
        }
        case .prioritized(_, let value): value.rawExpressions
        default: []
        }
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
        }
    }
}

extension NixValue {
    /// Names some attribute set literal of this value gave twice.
    package var repeatedNames: [String] {
        switch self {
        case .attrs(let attrs): attrs.repeatedNames + attrs.values.flatMap(\.repeatedNames)
        case .list(let items): items.flatMap(\.repeatedNames)
        case .prioritized(_, let value): value.repeatedNames
        case .template(let parts): parts.flatMap { part -> [String] in
            if case .value(let value) = part { return value.repeatedNames }
            return []
        }
        default: []
        }
    }
}
