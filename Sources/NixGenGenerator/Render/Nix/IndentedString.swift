import NixGen

extension NixPrinter {
    /// Prints `'' ... ''`: each line one step past `indent` (Nix strips the common indentation),
    /// `''` written as `'''` and `${` as `''${` so text never ends the string or interpolates.
    static func indentedString(
        _ parts: [NixExpr.StringPart], indent: Int, step: Int, into out: inout [UInt8],
        emit: (NixExpr, Int, inout [UInt8]) -> Void
    ) {
        let inner = indent + step
        out.add("''\n")
        out.spaces(inner)
        for (index, part) in parts.enumerated() {
            switch part {
            case .text(let text):
                var beforeInterpolation = false
                if index + 1 < parts.count, case .interpolation = parts[index + 1] { beforeInterpolation = true }
                // Byte by byte: every byte this looks at is ASCII, which no other character's
                // UTF-8 bytes can be mistaken for.
                let bytes = Array(text.utf8)
                var position = 0
                while position < bytes.count {
                    let byte = bytes[position]
                    let following = position + 1 < bytes.count ? bytes[position + 1] : nil
                    if byte == 0x0A {
                        // Blank lines and the final newline carry no indentation.
                        let atEnd = following == nil && index + 1 == parts.count
                        out.append(0x0A)
                        if following != 0x0A && !atEnd { out.spaces(inner) }
                    } else if byte == 0x27 && following == 0x27 {
                        out.add("'''")
                        position += 1
                    } else if byte == 0x24 && (following == 0x7B || (following == nil && beforeInterpolation)) {
                        out.add("''$")
                    } else {
                        out.append(byte)
                    }
                    position += 1
                }
            case .interpolation(let expr):
                out.add("${")
                emit(expr, inner, &out)
                out.add("}")
            }
        }
        // As `String.hasSuffix("\n")` decided it: "\r\n" is one character, not a line end.
        if out.last == 0x0A && !(out.count > 1 && out[out.count - 2] == 0x0D) { out.spaces(indent) }
        out.add("''")
    }
}
