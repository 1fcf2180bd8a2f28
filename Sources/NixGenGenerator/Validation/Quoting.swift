import NixGen

/// A user-supplied text as a JSON string literal (also a valid Rego string literal): how a
/// diagnostic shows a name, so a terminal never mangles it. Validation is the lowest layer that
/// needs it; the JSON and Rego printers use it too.
package func quoted(_ text: String) -> String {
    var out: [UInt8] = []
    appendQuoted(text, to: &out)
    return String(decoding: out, as: UTF8.self)
}

/// Appends `quoted(text)` as UTF-8 to any sink of bytes, each append whole UTF-8 (the printers
/// of large files work in bytes).
func appendQuoted<Sink: JSONSink>(_ text: String, to out: inout Sink) {
    out.append(0x22)
    // Most names and values need no escaping: copy those whole. (0xE2 may start U+2028/2029.)
    // (From the bytes just scanned: appending the `utf8` view went through its indices.)
    let copied = withUTF8Bytes(text) { bytes in
        guard !bytes.contains(where: { $0 < 0x20 || $0 == 0x22 || $0 == 0x5C || $0 == 0x7F || $0 == 0xE2 }) else { return false }
        out.append(contentsOf: bytes)
        return true
    }
    if copied {
        out.append(0x22)
        return
    }
    for scalar in text.unicodeScalars {
        switch scalar {
        case "\"": out.append(contentsOf: #"\""#.utf8)
        case "\\": out.append(contentsOf: #"\\"#.utf8)
        case "\n": out.append(contentsOf: #"\n"#.utf8)
        case "\r": out.append(contentsOf: #"\r"#.utf8)
        case "\t": out.append(contentsOf: #"\t"#.utf8)
        case "\u{08}": out.append(contentsOf: #"\b"#.utf8)
        case "\u{0C}": out.append(contentsOf: #"\f"#.utf8)
        default:
            if scalar.value < 0x20 || scalar.value == 0x7F || (0x2028...0x2029).contains(scalar.value) {
                let hex = String(scalar.value, radix: 16)
                out.append(contentsOf: ("\\u" + String(repeating: "0", count: 4 - hex.count) + hex).utf8)
            } else {
                out.append(contentsOf: String(scalar).utf8)
            }
        }
    }
    out.append(0x22)
}

/// Where the JSON printers put bytes (a buffer, a counter, a string's storage): every
/// `append(contentsOf:)` is whole UTF-8.
protocol JSONSink {
    mutating func append(_ byte: UInt8)
    mutating func append<Bytes: Collection<UInt8>>(contentsOf bytes: Bytes)
}

extension Array: JSONSink where Element == UInt8 {}
