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
    case attrs([String: NixValue])
    /// The number of the enclosing service's port of this name, read from the registry when the
    /// module is evaluated, so a port number is written in one place only. Valid in service settings.
    case portNumber(String)

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
    public init(dictionaryLiteral elements: (String, NixValue)...) {
        self = .attrs(Dictionary(elements, uniquingKeysWith: { _, last in last }))
    }
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
    public var nixValue: NixValue { .attrs(mapValues(\.nixValue)) }
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
        default: []
        }
    }

    /// Names of the ports this value refers to.
    package var portReferences: [String] {
        switch self {
        case .portNumber(let name): [name]
        case .list(let items): items.flatMap(\.portReferences)
        case .attrs(let attrs): attrs.values.flatMap(\.portReferences)
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
        default: false
        }
    }
}
