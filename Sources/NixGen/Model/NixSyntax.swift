/// How a name or a string is written in Nix: the lowest layer that needs it (an `AttrPath`'s text),
/// so the model and the printer cannot quote differently.
package enum NixSyntax {
    /// Whether `name` is a Nix keyword, which cannot stand bare as an attribute name. A switch,
    /// not a set: every attribute name printed asks, and hashing each cost more than the answer.
    @inlinable package static func isKeyword(_ name: String) -> Bool {
        switch name {
        case "assert", "else", "if", "in", "inherit", "let", "or", "rec", "then", "with": true
        default: false
        }
    }

    /// An attribute name, bare when it is an identifier and not a keyword, quoted otherwise.
    package static func attributeName(_ name: String) -> String {
        isIdentifier(name) && !isKeyword(name) ? name : stringLiteral(name)
    }

    package static func isIdentifier(_ name: String) -> Bool {
        // Byte by byte: an identifier is ASCII, and no byte of another character is.
        func letter(_ byte: UInt8) -> Bool { (0x41...0x5A).contains(byte) || (0x61...0x7A).contains(byte) }
        return withUTF8Bytes(name) { bytes in
            guard let first = bytes.first, letter(first) || first == 0x5F else { return false }
            return bytes.allSatisfy { letter($0) || (0x30...0x39).contains($0) || $0 == 0x5F || $0 == 0x27 || $0 == 0x2D }
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
