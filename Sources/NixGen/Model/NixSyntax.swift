import Foundation

/// How a name or a string is written in Nix: the lowest layer that needs it (an `AttrPath`'s text),
/// so the model and the printer cannot quote differently.
package enum NixSyntax {
    /// An attribute name, bare when it is an identifier and not a keyword, quoted otherwise.
    package static func attributeName(_ name: String) -> String {
        isBareName(name) ? name : stringLiteral(name)
    }

    /// Whether `name` can stand bare as an attribute name or a function argument: a Nix
    /// identifier that is not a keyword. Byte by byte in one pass (every attribute name printed
    /// asks): an identifier is ASCII, and no byte of another character is.
    package static func isBareName(_ name: String) -> Bool {
        func letter(_ byte: UInt8) -> Bool { (0x41...0x5A).contains(byte) || (0x61...0x7A).contains(byte) }
        return withUTF8Bytes(name) { bytes in
            guard let first = bytes.first, letter(first) || first == 0x5F else { return false }
            return bytes.allSatisfy { letter($0) || (0x30...0x39).contains($0) || $0 == 0x5F || $0 == 0x27 || $0 == 0x2D }
                && !isKeyword(bytes)
        }
    }

    /// Whether `bytes` spell one of Nix's keywords, which cannot stand bare. Picked by the first
    /// byte, then compared: hashing or comparing each name as a `String` cost more than the answer.
    private static func isKeyword(_ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        func equals(_ word: StaticString) -> Bool {
            word.utf8CodeUnitCount == bytes.count && memcmp(word.utf8Start, bytes.baseAddress!, bytes.count) == 0
        }
        switch bytes.first {
        case UInt8(ascii: "a"): return equals("assert")
        case UInt8(ascii: "e"): return equals("else")
        case UInt8(ascii: "i"): return equals("if") || equals("in") || equals("inherit")
        case UInt8(ascii: "l"): return equals("let")
        case UInt8(ascii: "o"): return equals("or")
        case UInt8(ascii: "r"): return equals("rec")
        case UInt8(ascii: "t"): return equals("then")
        case UInt8(ascii: "w"): return equals("with")
        default: return false
        }
    }

    /// A double-quoted Nix string. `${` is escaped so user text never interpolates.
    package static func stringLiteral(_ text: String) -> String {
        "\"" + escaped(text, dollarBeforeInterpolation: false) + "\""
    }

    package static func escaped(_ text: String, dollarBeforeInterpolation: Bool) -> String {
        var out = ""
        let scalars = Array(text.unicodeScalars)
        for (index, scalar) in scalars.enumerated() {
            switch scalar {
            case "\\": out += "\\\\"
            case "\"": out += "\\\""
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            case "$":
                let next = index + 1 < scalars.count ? scalars[index + 1] : nil
                // `${` would start an interpolation; so would a trailing `$` before one (`$${`).
                out += next == "{" || (next == nil && dollarBeforeInterpolation) ? "\\$" : "$"
            default: out.unicodeScalars.append(scalar)
            }
        }
        return out
    }
}

extension Unicode.Scalar {
    package var isASCIILetter: Bool { ("a"..."z").contains(self) || ("A"..."Z").contains(self) }
    package var isASCIIDigit: Bool { ("0"..."9").contains(self) }
}
