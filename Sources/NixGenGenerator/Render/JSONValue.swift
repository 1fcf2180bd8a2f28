import NixGen

/// JSON-shaped data with one deterministic printer (keys sorted, two-space indents).
///
/// The inventory, the port registry and the policies' data are all this shape, so the same value
/// becomes Nix (`NixExpr(json)`), Rego data and `nixgen inventory --json` without drifting apart.
package indirect enum JSONValue: Sendable, Hashable {
    case null
    case bool(Bool)
    case int(Int)
    case string(String)
    case array([JSONValue])
    case object([String: JSONValue])

    /// Pretty JSON text with sorted keys and a final newline.
    package var prettyText: String {
        var out = ""
        write(into: &out, indent: "", pretty: true)
        return out + "\n"
    }

    /// JSON with sorted keys, indented `depth` levels deep and compact below, with a final newline:
    /// one line per host for the policies' data, so a diff names the host and the file stays small.
    package func linesText(depth: Int) -> String {
        var out = ""
        write(into: &out, indent: "", pretty: true, depth: depth)
        return out + "\n"
    }

    /// Compact JSON text with sorted keys (a Rego string literal is one of these).
    package var compactText: String {
        var out = ""
        write(into: &out, indent: "", pretty: false)
        return out
    }

    private func write(into out: inout String, indent: String, pretty: Bool, depth: Int = .max) {
        guard !pretty || depth > 0 else { return write(into: &out, indent: indent, pretty: false) }
        let inner = indent + "  "
        switch self {
        case .null: out += "null"
        case .bool(let b): out += b ? "true" : "false"
        case .int(let i): out += String(i)
        case .string(let s): out += JSONValue.quoted(s)
        case .array(let items):
            if items.isEmpty { out += "[]"; return }
            out += "["
            for (index, item) in items.enumerated() {
                out += index == 0 ? "" : ","
                if pretty { out += "\n" + inner }
                item.write(into: &out, indent: inner, pretty: pretty, depth: depth - 1)
            }
            out += pretty ? "\n" + indent + "]" : "]"
        case .object(let members):
            if members.isEmpty { out += "{}"; return }
            out += "{"
            for (index, key) in members.keys.sorted().enumerated() {
                out += index == 0 ? "" : ","
                if pretty { out += "\n" + inner }
                out += JSONValue.quoted(key) + (pretty ? ": " : ":")
                members[key]!.write(into: &out, indent: inner, pretty: pretty, depth: depth - 1)
            }
            out += pretty ? "\n" + indent + "}" : "}"
        }
    }

    /// A JSON string literal: also a valid Rego string literal.
    package static func quoted(_ text: String) -> String { NixGenGenerator.quoted(text) }
}

extension JSONValue: ExpressibleByStringLiteral, ExpressibleByIntegerLiteral, ExpressibleByBooleanLiteral {
    package init(stringLiteral value: String) { self = .string(value) }
    package init(integerLiteral value: Int) { self = .int(value) }
    package init(booleanLiteral value: Bool) { self = .bool(value) }
}

extension JSONValue {
    /// A list of strings.
    package static func strings(_ values: [String]) -> JSONValue { .array(values.map(JSONValue.string)) }
}
