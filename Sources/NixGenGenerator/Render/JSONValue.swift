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
    /// A value built when it is printed, compact (see `DeferredJSON`); only JSON files hold these.
    case deferred(DeferredJSON)

    /// `value`, printed compact now. A fleet's per-host members are printed as they are built,
    /// on all cores (the caller's `parallelMap`), so the trees of thousands of hosts never exist
    /// at once; a printed value stays compact wherever it is placed.
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
    package var compactText: String { text(depth: 0, finalNewline: false) }

    /// The text, written straight into the string's own storage after counting its bytes: the
    /// largest files (a fleet's expectations, tens of megabytes) are not also built in a buffer
    /// and copied. Only their deferred members are printed first, each run of them into a buffer
    /// freed as soon as it is copied into the text.
    private func text(depth: Int, finalNewline: Bool = true) -> String {
        var deferred: [DeferredJSON] = []
        collectDeferred(into: &deferred)
        var printed = PrintedRuns(deferred) { value, bytes in value.build().write(into: &bytes, indent: 0, depth: 0) }
        for (value, size) in zip(deferred, printed.sizes) { value.count = size }
        var counter = ByteCounter()
        write(into: &counter, indent: 0, depth: depth)
        let count = counter.count + (finalNewline ? 1 : 0)
        return String(unsafeUninitializedCapacity: count) { storage in
            var sink = BufferWriter(buffer: storage)
            write(into: &sink, indent: 0, depth: depth)
            if finalNewline { sink.append(0x0A) }
            precondition(sink.position == count, "the count and the text of a JSON value differ")
            // The places are in the order the values were collected, and so printed.
            var place = sink.places.makeIterator()
            printed.drain { bytes in
                let at = place.next()!
                UnsafeMutableRawBufferPointer(UnsafeMutableBufferPointer(rebasing: storage[at..<at + bytes.count])).copyMemory(from: bytes)
            }
            precondition(place.next() == nil, "a deferred JSON value was printed in no run")
            return count
        }
    }

    private func collectDeferred(into out: inout [DeferredJSON]) {
        switch self {
        case .deferred(let value): out.append(value)
        case .array(let items): for item in items { item.collectDeferred(into: &out) }
        case .object(let members): for member in members.members { member.value.collectDeferred(into: &out) }
        default: break
        }
    }

    /// Appends the value: pretty (two-space indents from column `indent`) for `depth` levels, then
    /// compact. Bytes, not `String`: this prints the largest files nixgen writes.
    fileprivate func write<Sink: JSONTextSink>(into out: inout Sink, indent: Int, depth: Int) {
        switch self {
        case .null: out.append(contentsOf: "null".utf8)
        case .bool(let b): out.append(contentsOf: (b ? "true" : "false").utf8)
        case .int(let i): out.append(contentsOf: String(i).utf8)
        case .string(let s): appendQuoted(s, to: &out)
        case .printed(let text): out.append(contentsOf: text.bytes)
        case .deferred(let value):
            precondition(depth <= 0, "a deferred JSON value prints compact: place it below the text's pretty levels")
            out.append(deferred: value)
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
                appendQuoted(sorted[index].key, to: &out)
                out.append(contentsOf: (depth > 0 ? ": " : ":").utf8)
                sorted[index].value.write(into: &out, indent: indent + 2, depth: depth - 1)
            }
            out.append(0x7D)
        }
    }

    /// Appends `count` members, separated and (while pretty) each on its own line, then the line
    /// the closing bracket stands on.
    private static func members<Sink: JSONTextSink>(_ count: Int, indent: Int, depth: Int, into out: inout Sink,
                                                _ member: (Int, inout Sink) -> Void) {
        for index in 0..<count {
            if index > 0 { out.append(0x2C) }
            if depth > 0 { newline(indent + 2, into: &out) }
            member(index, &out)
        }
        if depth > 0 { newline(indent, into: &out) }
    }

    private static func newline<Sink: JSONTextSink>(_ indent: Int, into out: inout Sink) {
        out.append(0x0A)
        for _ in 0..<indent { out.append(0x20) }
    }

    /// A JSON string literal: also a valid Rego string literal.
    package static func quoted(_ text: String) -> String { NixGenGenerator.quoted(text) }
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

/// A compact JSON value built only as its file's text is printed, on all cores: a large fleet's
/// per-host members then never exist at once as values, only printed, in the file's own order.
package final class DeferredJSON: @unchecked Sendable, Hashable {
    let build: @Sendable () -> JSONValue
    /// Set when it is printed, before the text around it is counted.
    fileprivate var count: Int?

    package init(_ build: @escaping @Sendable () -> JSONValue) { self.build = build }

    package static func == (a: DeferredJSON, b: DeferredJSON) -> Bool { a === b }
    package func hash(into hasher: inout Hasher) { hasher.combine(ObjectIdentifier(self)) }
}

/// Where JSON values print: a sink that also takes deferred values.
protocol JSONTextSink: JSONSink {
    mutating func append(deferred value: DeferredJSON)
}

extension Array: JSONTextSink where Element == UInt8 {}

extension JSONTextSink {
    /// A deferred value, built and written in place (a buffer); the counter and the text's
    /// writer know it by its count instead.
    mutating func append(deferred value: DeferredJSON) {
        var bytes: [UInt8] = []
        value.build().write(into: &bytes, indent: 0, depth: 0)
        append(contentsOf: bytes)
    }
}

/// Counts what would be written.
private struct ByteCounter: JSONTextSink {
    var count = 0
    mutating func append(_ byte: UInt8) { count += 1 }
    mutating func append<Bytes: Collection<UInt8>>(contentsOf bytes: Bytes) { count += bytes.count }
    mutating func append(deferred value: DeferredJSON) { count += value.count! }
}

/// Writes into storage of exactly the counted size, leaving each deferred value's place empty.
private struct BufferWriter: JSONTextSink {
    let buffer: UnsafeMutableBufferPointer<UInt8>
    var position = 0
    /// Where each deferred value's bytes go, in the order it was met.
    var places: [Int] = []
    mutating func append(deferred value: DeferredJSON) {
        places.append(position)
        position += value.count!
    }
    mutating func append(_ byte: UInt8) {
        buffer[position] = byte
        position += 1
    }
    mutating func append<Bytes: Collection<UInt8>>(contentsOf bytes: Bytes) {
        let end = buffer[position...].initialize(fromContentsOf: bytes)
        position = end
    }
}
