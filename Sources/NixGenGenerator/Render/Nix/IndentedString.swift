import NixGen

extension NixPrinter {
    /// Prints `'' ... ''`: each line one step past `indent` (Nix strips the common indentation),
    /// `''` written as `'''` and `${` as `''${` so text never ends the string or interpolates.
    static func indentedString(
        _ parts: [NixExpr.StringPart], indent: String, step: String, into out: inout String,
        emit: (NixExpr, String, inout String) -> Void
    ) {
        let inner = indent + step
        out += "''\n" + inner
        for (index, part) in parts.enumerated() {
            switch part {
            case .text(let text):
                var beforeInterpolation = false
                if index + 1 < parts.count, case .interpolation = parts[index + 1] { beforeInterpolation = true }
                let scalars = Array(text.unicodeScalars)
                var position = 0
                while position < scalars.count {
                    let scalar = scalars[position]
                    let following = position + 1 < scalars.count ? scalars[position + 1] : nil
                    if scalar == "\n" {
                        // Blank lines and the final newline carry no indentation.
                        let atEnd = following == nil && index + 1 == parts.count
                        out += following == "\n" || atEnd ? "\n" : "\n" + inner
                    } else if scalar == "'" && following == "'" {
                        out += "'''"
                        position += 1
                    } else if scalar == "$" && (following == "{" || (following == nil && beforeInterpolation)) {
                        out += "''$"
                    } else {
                        out.unicodeScalars.append(scalar)
                    }
                    position += 1
                }
            case .interpolation(let expr):
                out += "${"
                emit(expr, inner, &out)
                out += "}"
            }
        }
        if out.hasSuffix("\n") { out += indent }
        out += "''"
    }
}
