import NixGen

/// Prints `NixExpr` trees in the layout of nixfmt (RFC 166): two-space indents, non-empty
/// attribute sets and lists of two or more items expanded, `{ }`/`[ ]` for empties, multi-line
/// `{ config, lib, ... }:` headers. It alone decides quoting and escaping.
package enum NixPrinter {
    /// The marker that opens every generated file; the writer also uses it to recognise its own files.
    /// A whole generated file: header line, expression, final newline.
    package static func file(_ expr: NixExpr) -> String {
        // Room for a host's file from the start: growing from empty copied it a dozen times.
        var out: [UInt8] = []
        out.reserveCapacity(4096)
        out.add(GeneratedFile.header)
        out.append(0x0A)
        emit(expr, indent: 0, into: &out)
        out.append(0x0A)
        return String(decoding: out, as: UTF8.self)
    }

    /// One expression, starting at column 0.
    package static func print(_ expr: NixExpr) -> String { render(expr, indent: 0) }

    /// An attribute name, bare when it is an identifier and not a keyword, quoted otherwise.
    package static func attributeName(_ name: String) -> String { NixSyntax.attributeName(name) }

    /// A double-quoted Nix string. `${` is escaped so user text never interpolates.
    package static func stringLiteral(_ text: String) -> String { NixSyntax.stringLiteral(text) }

    static func escaped(_ text: String, dollarBeforeInterpolation: Bool) -> String {
        NixSyntax.escaped(text, dollarBeforeInterpolation: dollarBeforeInterpolation)
    }

    // MARK: - Layout

    /// Columns per level.
    private static let step = 2
    private static let parallelThreshold = 256

    /// Renders `expr` whose first line continues the current line; later lines start at `indent`.
    static func render(_ expr: NixExpr, indent: Int) -> String {
        var out: [UInt8] = []
        emit(expr, indent: indent, into: &out)
        return String(decoding: out, as: UTF8.self)
    }

    /// Appends `expr` to `out` (one buffer for the whole file: printing stays linear in its size;
    /// bytes, not `String`, whose appends cost more than the printing itself).
    private static func emit(_ expr: NixExpr, indent: Int, into out: inout [UInt8]) {
        switch expr {
        case .null: out.add("null")
        case .bool(let b): out.add(b ? "true" : "false")
        case .int(let i): out.add(i == Int.min ? "(-9223372036854775807 - 1)" : String(i))
        case .float(let d): out.add(float(d))
        case .string(let s): appendString(s, to: &out)
        case .interpolated(let parts): interpolated(parts, indent: indent, into: &out)
        case .path(let p): out.add(path(p))
        case .variable(let name): out.add(name)
        case .select(let base, let names, let fallback):
            wrap(base, indent, into: &out)
            for name in names {
                out.add(".")
                appendAttributeName(name, to: &out)
            }
            if let fallback {
                out.add(" or ")
                wrap(fallback, indent, into: &out)
            }
        case .list(let items): list(items, indent: indent, into: &out)
        case .attrs(let set): attrs(set, indent: indent, into: &out)
        case .apply:
            var spine: [NixExpr] = []
            var head = expr
            while case .apply(let function, let argument) = head {
                spine.append(argument)
                head = function
            }
            wrap(head, indent, into: &out)
            for argument in spine.reversed() {
                out.add(" ")
                wrap(argument, indent, into: &out)
            }
        case .lambda(let parameter, let body):
            self.parameter(parameter, indent: indent, into: &out)
            // A module's `{ ... }:` header stands on its own line; `x: body` stays on one.
            // So does a function whose body is a `let`.
            if case .pattern = parameter {
                out.add(":\n")
                out.spaces(indent)
            } else if case .letIn = body {
                out.add(":\n")
                out.spaces(indent)
            } else {
                out.add(": ")
            }
            emit(body, indent: indent, into: &out)
        case .letIn(let bindings, let body):
            let inner = indent + step
            out.add("let\n")
            for item in bindings {
                out.spaces(inner)
                binding(item, indent: inner, into: &out)
                out.add("\n")
            }
            out.spaces(indent)
            out.add("in\n")
            out.spaces(indent)
            emit(body, indent: indent, into: &out)
        case .binary(let lhs, let op, let rhs):
            wrap(lhs, indent, into: &out, operand: true)
            out.add(" ")
            out.add(op.rawValue)
            out.add(" ")
            wrap(rhs, indent, into: &out, operand: true)
        case .not(let operand):
            out.add("!")
            wrap(operand, indent, into: &out, operand: true)
        case .selectDynamic(let base, let key):
            wrap(base, indent, into: &out)
            out.add(".${")
            emit(key, indent: indent, into: &out)
            out.add("}")
        case .ifThenElse(let condition, let then, let otherwise):
            out.add("if ")
            emit(condition, indent: indent, into: &out)
            out.add(" then ")
            emit(then, indent: indent, into: &out)
            out.add(" else ")
            emit(otherwise, indent: indent, into: &out)
        case .raw(let text):
            // A `#` comment or a line break inside could swallow a closing parenthesis on its line.
            let open = text.contains("#") || text.contains("\n")
            out.add("/* raw Nix */ (")
            out.add(text)
            if open {
                out.add("\n")
                out.spaces(indent)
            }
            out.add(")")
        case .indented(let parts):
            indentedString(NixExpr.StringPart.joined(parts), indent: indent, step: step, into: &out) { expr, indent, out in
                emit(expr, indent: indent, into: &out)
            }
        case .deferred(let value): emit(value.build(), indent: indent, into: &out)
        }
    }

    /// Appends `expr` where looser-binding forms need parentheses (list items, arguments,
    /// operands, select bases). Application binds tighter than operators, so operands keep it bare.
    private static func wrap(_ expr: NixExpr, _ indent: Int, into out: inout [UInt8], operand: Bool = false) {
        if case .deferred(let value) = expr { return wrap(value.build(), indent, into: &out, operand: operand) }
        let needsParentheses: Bool
        switch expr {
        case .int(let i): needsParentheses = i < 0 && i != Int.min
        case .float(let d): needsParentheses = d.sign == .minus
        case .apply: needsParentheses = !operand
        case .select(_, _, let fallback): needsParentheses = fallback != nil
        case .lambda, .letIn, .binary, .not, .ifThenElse: needsParentheses = true
        default: needsParentheses = false
        }
        if needsParentheses { out.add("(") }
        emit(expr, indent: indent, into: &out)
        if needsParentheses { out.add(")") }
    }

    private static func list(_ items: [NixExpr], indent: Int, into out: inout [UInt8]) {
        if items.isEmpty { out.add("[ ]"); return }
        if items.count == 1 {
            var only: [UInt8] = []
            wrap(items[0], indent, into: &only)
            if !only.contains(0x0A) {
                out.add("[ ")
                out.append(contentsOf: only)
                out.add(" ]")
                return
            }
        }
        let inner = indent + step
        out.add("[\n")
        for item in items {
            out.spaces(inner)
            wrap(item, inner, into: &out)
            out.add("\n")
        }
        out.spaces(indent)
        out.add("]")
    }

    private static func attrs(_ set: NixExpr.AttrSet, indent: Int, into out: inout [UInt8]) {
        out.add(set.recursive ? "rec {" : "{")
        if set.bindings.isEmpty { out.add(" }"); return }
        let inner = indent + step
        // A binding prints the same wherever it is printed: a large set (the inventory's hosts)
        // is printed on all cores, then joined in order.
        if set.bindings.count >= parallelThreshold {
            var printed = PrintedRuns(set.bindings) { item, bytes in binding(item, indent: inner, into: &bytes) }
            // Grown once to its size: doubling a buffer of megabytes would hold it twice at once.
            out.reserveCapacity(out.count + printed.byteCount + set.bindings.count * ((set.spaced ? 2 : 1) + inner) + indent + 2)
            var index = 0
            printed.drain { bytes in
                out.add(index > 0 && set.spaced ? "\n\n" : "\n")
                out.spaces(inner)
                out.append(contentsOf: bytes)
                index += 1
            }
        } else {
            for (index, item) in set.bindings.enumerated() {
                out.add(index > 0 && set.spaced ? "\n\n" : "\n")
                out.spaces(inner)
                binding(item, indent: inner, into: &out)
            }
        }
        out.add("\n")
        out.spaces(indent)
        out.add("}")
    }

    private static func binding(_ binding: NixExpr.Binding, indent: Int, into out: inout [UInt8]) {
        switch binding {
        case .assign(let path, let value):
            for (index, name) in path.enumerated() {
                if index > 0 { out.add(".") }
                appendAttributeName(name, to: &out)
            }
            if case .lambda(.pattern(let names, _), _) = value, names.count > 1 {
                // nixfmt moves a function with an expanded header onto its own lines.
                let inner = indent + step
                out.add(" =\n")
                out.spaces(inner)
                emit(value, indent: inner, into: &out)
            } else {
                out.add(" = ")
                emit(value, indent: indent, into: &out)
            }
            out.add(";")
        case .inherit(let from, let names):
            out.add("inherit")
            if let from {
                out.add(" (")
                emit(from, indent: indent, into: &out)
                out.add(")")
            }
            for name in names {
                out.add(" ")
                appendAttributeName(name, to: &out)
            }
            out.add(";")
        }
    }

    private static func appendAttributeName(_ name: String, to out: inout [UInt8]) {
        if NixSyntax.isBareName(name) { out.add(name) } else { appendString(name, to: &out) }
    }

    private static func appendString(_ text: String, to out: inout [UInt8]) {
        out.add("\"")
        // Most strings need no escaping; copy those whole.
        if withUTF8Bytes(text, { $0.contains { $0 == 0x5C || $0 == 0x22 || $0 == 0x24 || $0 < 0x20 } }) {
            out.add(escaped(text, dollarBeforeInterpolation: false))
        } else {
            out.add(text)
        }
        out.add("\"")
    }

    private static func parameter(_ parameter: NixExpr.Parameter, indent: Int, into out: inout [UInt8]) {
        switch parameter {
        case .name(let name): out.add(name)
        case .pattern(let names, let ellipsis):
            let all = names + (ellipsis ? ["..."] : [])
            if names.count <= 1 {
                out.add(all.isEmpty ? "{ }" : "{ " + all.joined(separator: ", ") + " }")
                return
            }
            // Each name ends with a comma; the ellipsis, always last, must not.
            out.add("{\n")
            for name in all {
                out.spaces(indent + step)
                out.add(name)
                out.add(name == "..." ? "\n" : ",\n")
            }
            out.spaces(indent)
            out.add("}")
        }
    }

    private static func interpolated(_ given: [NixExpr.StringPart], indent: Int, into out: inout [UInt8]) {
        let parts = NixExpr.StringPart.joined(given)
        out.add("\"")
        for (index, part) in parts.enumerated() {
            switch part {
            case .text(let text):
                var beforeInterpolation = false
                if index + 1 < parts.count, case .interpolation = parts[index + 1] { beforeInterpolation = true }
                out.add(escaped(text, dollarBeforeInterpolation: beforeInterpolation))
            case .interpolation(let expr):
                out.add("${")
                emit(expr, indent: indent, into: &out)
                out.add("}")
            }
        }
        out.add("\"")
    }

    private static func float(_ value: Double) -> String {
        // Nix float literals need a dot before any exponent: `1e-05` must become `1.0e-05`.
        var text = String(describing: value.magnitude)
        if !text.contains(".") {
            if let e = text.firstIndex(where: { $0 == "e" || $0 == "E" }) {
                text.insert(contentsOf: ".0", at: e)
            } else {
                text += ".0"
            }
        }
        return value.sign == .minus ? "-" + text : text
    }

    private static func path(_ path: String) -> String {
        // Byte by byte: a path literal is ASCII, and no byte of another character is.
        let literal = withUTF8Bytes(path) { bytes in
            bytes.allSatisfy { byte in
                (0x41...0x5A).contains(byte) || (0x61...0x7A).contains(byte) || (0x30...0x39).contains(byte)
                    || byte == 0x2E || byte == 0x5F || byte == 0x2D || byte == 0x2B || byte == 0x2F
            } && bytes.contains(0x2F) && bytes.last != 0x2F && !zip(bytes, bytes.dropFirst()).contains { $0 == 0x2F && $1 == 0x2F }
        }
        if literal { return path }
        // Not expressible as a path literal: anchor on the file's folder and append a string.
        var ups = 0
        var rest = Substring(path)
        while rest.hasPrefix("../") {
            ups += 1
            rest = rest.dropFirst(3)
        }
        if rest.hasPrefix("./") { rest = rest.dropFirst(2) }
        let base = ups == 0 ? "./." : String(repeating: "../", count: ups) + "."
        return "(" + base + " + " + stringLiteral("/" + rest) + ")"
    }
}

extension [UInt8] {
    /// Appends the text's UTF-8 bytes.
    @inline(__always) mutating func add(_ text: String) {
        // Most are a few bytes of punctuation (` = `, `;`): appended in line, byte by byte,
        // where a call to copy a buffer cost more than the bytes.
        withUTF8Bytes(text) { bytes in
            if bytes.count <= 4 { for byte in bytes { append(byte) } } else { append(contentsOf: bytes) }
        }
    }

    /// Appends `count` spaces (an indentation).
    @inline(__always) mutating func spaces(_ count: Int) {
        // Copied from a row of spaces: appending a repeated element went byte by byte.
        guard count <= blanks.count else { return append(contentsOf: repeatElement(0x20, count: count)) }
        blanks.withUnsafeBufferPointer { append(contentsOf: UnsafeBufferPointer(rebasing: $0[..<count])) }
    }
}

/// The spaces `spaces(_:)` copies from; deeper indentation is written byte by byte.
private let blanks = [UInt8](repeating: 0x20, count: 64)

extension NixExpr.StringPart {
    /// The parts with adjacent texts joined: escaped apart, a text ending in `$` and the next
    /// starting with `{` would print an interpolation (`"a$" + "{b}"` as `"a${b}"`).
    static func joined(_ parts: [NixExpr.StringPart]) -> [NixExpr.StringPart] {
        var out: [NixExpr.StringPart] = []
        for part in parts {
            if case .text(let text) = part, case .text(let previous)? = out.last {
                out[out.count - 1] = .text(previous + text)
            } else {
                out.append(part)
            }
        }
        return out
    }
}
