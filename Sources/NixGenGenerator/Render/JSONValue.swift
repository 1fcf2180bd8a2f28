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
    /// A value printed already (see `printed(_:)`); only pretty JSON files hold these.
    case printed(PrintedJSON)
    /// A value built when it is printed (see `DeferredJSON`); only pretty JSON files hold these.
    case deferred(DeferredJSON)

    /// `value`, printed pretty now, as if at the left margin; placed deeper, each of its lines is
    /// indented as it is copied. A fleet's per-host members are printed as they are built, on all
    /// cores (the caller's `parallelMap`), so the trees of thousands of hosts never exist at once.
    package static func printed(_ value: JSONValue) -> JSONValue {
        var out: [UInt8] = []
        value.write(into: &out, indent: 0, depth: .max)
        return .printed(PrintedJSON(bytes: out))
    }

    /// Pretty JSON text with sorted keys, one member per line, and a final newline: a diff of
    /// the policies' data or the expectations names the one member that changed.
    package var prettyText: String { text(depth: .max) }

    /// Compact JSON text with sorted keys (a Rego string literal is one of these).
    package var compactText: String { text(depth: 0, finalNewline: false) }

    /// The text, written straight into the string's own storage after counting its bytes: the
    /// largest files (a fleet's expectations, tens of megabytes) are not also built in a buffer
    /// and copied. Only their deferred members are printed first, each run of them into a buffer
    /// freed as soon as it is copied into the text.
    private func text(depth: Int, finalNewline: Bool = true) -> String {
        var deferred: [DeferredJSON] = []
        collectDeferred(into: &deferred, indent: 0)
        var printed = PrintedRuns(deferred) { value, bytes in value.build().write(into: &bytes, indent: value.indent, depth: .max) }
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

    /// The deferred values in printing order, each told the indent of the place it prints at
    /// (they print pretty, and are built on all cores before the text around them).
    private func collectDeferred(into out: inout [DeferredJSON], indent: Int) {
        switch self {
        case .deferred(let value):
            value.indent = indent
            out.append(value)
        case .array(let items): for item in items { item.collectDeferred(into: &out, indent: indent + 2) }
        case .object(let members): for member in members.members { member.value.collectDeferred(into: &out, indent: indent + 2) }
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
        case .printed(let text):
            precondition(depth > 0, "a printed JSON value is pretty: place it in a pretty text")
            text.write(into: &out, indent: indent)
        case .deferred(let value):
            precondition(depth > 0, "a deferred JSON value prints pretty: place it in a pretty text")
            out.append(deferred: value, indent: indent)
        case .array(let items):
            if items.isEmpty { out.append(contentsOf: "[]".utf8); return }
            if depth > 0, JSONValue.isShortScalarList(items) {
                // A short list of numbers or names stays on its member's line (`"tcp": [22, 3000]`).
                out.append(0x5B)
                for (index, item) in items.enumerated() {
                    if index > 0 { out.append(contentsOf: ", ".utf8) }
                    item.write(into: &out, indent: indent, depth: 0)
                }
                out.append(0x5D)
                return
            }
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

    /// Numbers, booleans and nulls, or strings of 80 bytes together at most (as nixfmt keeps a
    /// short list on one line).
    private static func isShortScalarList(_ items: [JSONValue]) -> Bool {
        var bytes = 0
        for item in items {
            switch item {
            case .int, .bool, .null: bytes += 6
            case .string(let text): bytes += text.utf8.count + 4
            default: return false
            }
            if bytes > 80 { return false }
        }
        return true
    }

    /// A JSON string literal: also a valid Rego string literal.
    package static func quoted(_ text: String) -> String { NixGenGenerator.quoted(text) }
}

/// Pretty JSON text made by `JSONValue.printed(_:)`, and only there, printed at the left margin.
package struct PrintedJSON: Sendable, Hashable {
    fileprivate let bytes: [UInt8]
    /// Its line breaks: a JSON string holds none of its own (they are escaped), so each is one
    /// the printer wrote and is followed by the place's indent when the text is copied.
    fileprivate let breaks: Int

    fileprivate init(bytes: [UInt8]) {
        self.bytes = bytes
        breaks = bytes.reduce(0) { $0 + ($1 == 0x0A ? 1 : 0) }
    }

    fileprivate func write<Sink: JSONTextSink>(into out: inout Sink, indent: Int) {
        if indent == 0 || breaks == 0 { out.append(contentsOf: bytes); return }
        out.reserve(bytes.count + breaks * indent)
        var start = 0
        for (offset, byte) in bytes.enumerated() where byte == 0x0A {
            out.append(contentsOf: bytes[start...offset])
            for _ in 0..<indent { out.append(0x20) }
            start = offset + 1
        }
        out.append(contentsOf: bytes[start...])
    }
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
/// One instance has one place in a text (its size and indent are those of that place).
package final class DeferredJSON: @unchecked Sendable, Hashable {
    let build: @Sendable () -> JSONValue
    /// Set when it is printed, before the text around it is counted.
    fileprivate var count: Int?
    /// The indent of the place it prints at, set as the text collects its deferred values.
    fileprivate var indent = 0

    package init(_ build: @escaping @Sendable () -> JSONValue) { self.build = build }

    package static func == (a: DeferredJSON, b: DeferredJSON) -> Bool { a === b }
    package func hash(into hasher: inout Hasher) { hasher.combine(ObjectIdentifier(self)) }
}

/// Where JSON values print: a sink that also takes deferred values.
protocol JSONTextSink: JSONSink {
    mutating func append(deferred value: DeferredJSON, indent: Int)
    /// Room for `count` more bytes, where the sink has storage to grow.
    mutating func reserve(_ count: Int)
}

extension Array: JSONTextSink where Element == UInt8 {
    mutating func reserve(_ count: Int) { reserveCapacity(self.count + count) }
}

extension JSONTextSink {
    /// A deferred value, built and written in place (a buffer); the counter and the text's
    /// writer know it by its count instead.
    mutating func append(deferred value: DeferredJSON, indent: Int) {
        var bytes: [UInt8] = []
        value.build().write(into: &bytes, indent: indent, depth: .max)
        append(contentsOf: bytes)
    }

    mutating func reserve(_ count: Int) {}
}

/// Counts what would be written.
private struct ByteCounter: JSONTextSink {
    var count = 0
    mutating func append(_ byte: UInt8) { count += 1 }
    mutating func append<Bytes: Collection<UInt8>>(contentsOf bytes: Bytes) { count += bytes.count }
    mutating func append(deferred value: DeferredJSON, indent: Int) { count += value.count! }
}

/// Writes into storage of exactly the counted size, leaving each deferred value's place empty.
private struct BufferWriter: JSONTextSink {
    let buffer: UnsafeMutableBufferPointer<UInt8>
    var position = 0
    /// Where each deferred value's bytes go, in the order it was met.
    var places: [Int] = []
    mutating func append(deferred value: DeferredJSON, indent: Int) {
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
