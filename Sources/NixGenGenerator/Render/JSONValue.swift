import NixGen

/// JSON-shaped data with one deterministic printer (keys sorted by their bytes, two-space indents).
///
/// The inventory, the port registry and the policies' data are all this shape, so the same value
/// becomes Nix (`NixExpr(json)`), Rego data and `nixgen inventory --json` without drifting apart.
package enum JSONValue: Sendable, Hashable {
    case null
    case bool(Bool)
    case int(Int)
    case string(String)
    case array([JSONValue])
    case object(JSONObject)
    /// A value printed compact already (see `printed(_:)`); only JSON files hold these.
    case printed(PrintedJSON)

    /// `value`, printed compact now. A fleet's per-host members are printed as they are built,
    /// on all cores, so the trees of thousands of hosts never exist at once; a printed value
    /// stays compact wherever it is placed.
    package static func printed(_ value: JSONValue) -> JSONValue {
        var out: [UInt8] = []
        value.write(into: &out, indent: 0, depth: 0)
        return .printed(PrintedJSON(bytes: out))
    }

    /// Pretty JSON text with sorted keys and a final newline.
    package var prettyText: String { text(depth: .max) }

    /// JSON with sorted keys, indented `depth` levels deep and compact below, with a final newline:
    /// one line per host for the policies' data, so a diff names the host and the file stays small.
    package func linesText(depth: Int) -> String { text(depth: depth) }

    /// Compact JSON text with sorted keys (a Rego string literal is one of these).
    package var compactText: String {
        var out: [UInt8] = []
        write(into: &out, indent: 0, depth: 0)
        return String(decoding: out, as: UTF8.self)
    }

    private func text(depth: Int) -> String {
        var out: [UInt8] = []
        write(into: &out, indent: 0, depth: depth)
        out.append(0x0A)
        return String(decoding: out, as: UTF8.self)
    }

    /// Members of a large object or array printed compact are printed on all cores (a fleet's
    /// hosts, one line each); the bytes are those of the serial printer.
    private static let parallelThreshold = 256

    /// Appends the value: pretty (two-space indents from column `indent`) for `depth` levels, then
    /// compact. Bytes, not `String`: this prints the largest files nixgen writes.
    private func write(into out: inout [UInt8], indent: Int, depth: Int) {
        switch self {
        case .null: out.append(contentsOf: "null".utf8)
        case .bool(let b): out.append(contentsOf: (b ? "true" : "false").utf8)
        case .int(let i): out.append(contentsOf: String(i).utf8)
        case .string(let s): JSONValue.appendQuoted(s, to: &out)
        case .printed(let text): out.append(contentsOf: text.bytes)
        case .array(let items):
            if items.isEmpty { out.append(contentsOf: "[]".utf8); return }
            out.append(0x5B)
            JSONValue.members(items.count, indent: indent, depth: depth, into: &out) { index, out in
                items[index].write(into: &out, indent: indent + 2, depth: depth - 1)
            }
            out.append(0x5D)
        case .object(let members):
            if members.isEmpty { out.append(contentsOf: "{}".utf8); return }
            out.append(0x7B)
            let sorted = members.members
            JSONValue.members(sorted.count, indent: indent, depth: depth, into: &out) { index, out in
                JSONValue.appendQuoted(sorted[index].key, to: &out)
                out.append(contentsOf: (depth > 0 ? ": " : ":").utf8)
                sorted[index].value.write(into: &out, indent: indent + 2, depth: depth - 1)
            }
            out.append(0x7D)
        }
    }

    /// Appends `count` members, separated and (while pretty) each on its own line, then the line
    /// the closing bracket stands on. Many members printed compact are printed on all cores, each
    /// into its own buffer (a fleet's hosts, one line each): the bytes are the serial printer's.
    private static func members(_ count: Int, indent: Int, depth: Int, into out: inout [UInt8],
                                _ member: @Sendable (Int, inout [UInt8]) -> Void) {
        if depth == 1 && count >= parallelThreshold {
            let parts = Array(0..<count).parallelMap { index in
                var part: [UInt8] = []
                member(index, &part)
                return part
            }
            out.reserveCapacity(out.count + parts.reduce(0) { $0 + $1.count + indent + 4 } + indent + 1)
            for (index, part) in parts.enumerated() {
                if index > 0 { out.append(0x2C) }
                newline(indent + 2, into: &out)
                out.append(contentsOf: part)
            }
        } else {
            for index in 0..<count {
                if index > 0 { out.append(0x2C) }
                if depth > 0 { newline(indent + 2, into: &out) }
                member(index, &out)
            }
        }
        if depth > 0 { newline(indent, into: &out) }
    }

    private static func newline(_ indent: Int, into out: inout [UInt8]) {
        out.append(0x0A)
        out.append(contentsOf: repeatElement(0x20, count: indent))
    }
    /// A JSON string literal: also a valid Rego string literal.
    package static func quoted(_ text: String) -> String { NixGenGenerator.quoted(text) }

    static func appendQuoted(_ text: String, to out: inout [UInt8]) { NixGenGenerator.appendQuoted(text, to: &out) }
}

/// Compact JSON text made by `JSONValue.printed(_:)`, and only there.
package struct PrintedJSON: Sendable, Hashable {
    fileprivate let bytes: [UInt8]
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
