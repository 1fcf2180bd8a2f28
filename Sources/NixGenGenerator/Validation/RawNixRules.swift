import NixGen

/// Raw Nix (`.nix("…")`) is printed inside parentheses where the DSL could not say something: it
/// must be exactly one expression, or it escapes its value (`1); networking.firewall.enable =
/// (false`) or leaves a file Nix cannot parse (`1 /*`). A small lexer of nixgen's own decides;
/// what the expression does, the policies judge. Every raw-Nix place is listed in one warning.
enum RawNixRules {
    static func check(_ plan: Plan) -> [Diagnostic] {
        var places: [(setting: Setting, raw: RawNix)] = []
        for setting in plan.fleet.everySetting where !setting.value.nests(deeperThan: SettingRules.maximumNesting) {
            for raw in setting.value.rawExpressions { places.append((setting, raw)) }
        }
        var out: [Diagnostic] = places.compactMap { place in
            problem(place.raw.expression).map {
                .error("setting \(place.setting.path) holds raw Nix that is not one expression: \($0)", at: place.setting.location,
                       hint: "write one expression, such as `pkgs.htop` or `[ pkgs.htop ]`; a whole module goes in a user module")
            }
        }
        let sorted = places.sorted { $0.setting.location < $1.setting.location }
        if let first = sorted.first {
            out.append(.warning("raw Nix in \(sorted.count) setting\(sorted.count == 1 ? "" : "s"): validation reads none of it, "
                                + "the policies judge what it evaluates to", at: first.setting.location,
                                notes: sorted.dropFirst().map { .init("raw Nix in \($0.setting.path)", at: $0.setting.location) }))
        }
        return out
    }

    private enum Context: Equatable {
        case bracket(UInt8)
        case interpolation
        case string
        case indented
    }

    /// Why `expression` is not one Nix expression as far as brackets, strings and comments go, or
    /// nil when it is.
    static func problem(_ expression: String) -> String? {
        let bytes = Array(expression.utf8)
        var stack: [Context] = []
        var index = 0
        var significant = false
        func at(_ offset: Int) -> UInt8? { index + offset < bytes.count ? bytes[index + offset] : nil }
        while index < bytes.count {
            let byte = bytes[index]
            switch stack.last {
            case .string:
                if byte == UInt8(ascii: "\\") { index += 2; continue }
                if byte == UInt8(ascii: "\"") { stack.removeLast() }
                if byte == UInt8(ascii: "$"), at(1) == UInt8(ascii: "{") { stack.append(.interpolation); index += 2; continue }
                index += 1
            case .indented:
                if byte == UInt8(ascii: "'"), at(1) == UInt8(ascii: "'") {
                    // ''$, ''' and ''\x are escapes inside; any other '' ends the string.
                    if let next = at(2), next == UInt8(ascii: "$") || next == UInt8(ascii: "'") { index += 3; continue }
                    if at(2) == UInt8(ascii: "\\") { index += 4; continue }
                    stack.removeLast(); index += 2; continue
                }
                if byte == UInt8(ascii: "$"), at(1) == UInt8(ascii: "{") { stack.append(.interpolation); index += 2; continue }
                index += 1
            default:
                switch byte {
                case UInt8(ascii: "#"):
                    guard let end = bytes[index...].firstIndex(of: 0x0A) else {
                        return "it ends inside a # comment, which would swallow what follows it"
                    }
                    index = end + 1
                    continue
                case UInt8(ascii: "/") where at(1) == UInt8(ascii: "*"):
                    var end = index + 2
                    while end + 1 < bytes.count, !(bytes[end] == UInt8(ascii: "*") && bytes[end + 1] == UInt8(ascii: "/")) { end += 1 }
                    guard end + 1 < bytes.count else { return "a /* comment is not closed" }
                    index = end + 2
                    continue
                case UInt8(ascii: "\""): stack.append(.string)
                case UInt8(ascii: "'") where at(1) == UInt8(ascii: "'"):
                    stack.append(.indented); index += 2; significant = true; continue
                case UInt8(ascii: "$") where at(1) == UInt8(ascii: "{"):
                    stack.append(.interpolation); index += 2; significant = true; continue
                case UInt8(ascii: "("): stack.append(.bracket(UInt8(ascii: ")")))
                case UInt8(ascii: "["): stack.append(.bracket(UInt8(ascii: "]")))
                case UInt8(ascii: "{"): stack.append(.bracket(UInt8(ascii: "}")))
                case UInt8(ascii: ")"), UInt8(ascii: "]"), UInt8(ascii: "}"):
                    let expected: UInt8? = switch stack.last {
                    case .bracket(let closing): closing
                    case .interpolation: UInt8(ascii: "}")
                    default: nil
                    }
                    guard expected == byte else {
                        return "it closes \(Character(Unicode.Scalar(byte))) that it did not open"
                            + (expected.map { ", where \(Character(Unicode.Scalar($0))) was due" } ?? "")
                    }
                    stack.removeLast()
                default: break
                }
                if ![0x20, 0x09, 0x0A, 0x0D].contains(byte) { significant = true }
                index += 1
            }
        }
        switch stack.last {
        case nil: return significant ? nil : "it is empty"
        case .string: return "a \" string is not closed"
        case .indented: return "a '' string is not closed"
        case .interpolation: return "a ${ is not closed"
        case .bracket(let closing): return "a bracket is not closed: \(Character(Unicode.Scalar(closing))) is due"
        }
    }
}
