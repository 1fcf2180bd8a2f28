import Foundation

/// The header of an age file (age-encryption.org/v1): one stanza per recipient, then the MAC,
/// read from the binary or the ASCII-armored form. Reading stops at the header: nothing is
/// decrypted, and no input makes it trap or read past what it was given.
package struct AgeHeader: Sendable, Hashable {
    package struct Stanza: Sendable, Hashable {
        package var type: String
        package var arguments: [String]
    }

    package var stanzas: [Stanza]
    package var armored: Bool

    package enum Reading: Sendable, Hashable {
        case encrypted(AgeHeader)
        /// Not an age file at all: no age header, no armor.
        case plaintext
        /// It claims to be one, but its header is not age's.
        case malformed(String)
    }

    static let versionLine = Array("age-encryption.org/v1".utf8)
    static let armorBegin = Array("-----BEGIN AGE ENCRYPTED FILE-----".utf8)
    static let armorEnd = Array("-----END AGE ENCRYPTED FILE-----".utf8)
    /// age's headers are small; a longer one is refused rather than read on.
    static let maximumHeader = 1 << 20

    package static func read(_ bytes: [UInt8]) -> Reading {
        var start = 0
        while start < bytes.count, [0x20, 0x09, 0x0A, 0x0D].contains(bytes[start]) { start += 1 }
        let rest = bytes[start...]
        if rest.starts(with: armorBegin) { return dearmored(Array(rest)) }
        guard bytes.starts(with: Array("age-encryption.org/".utf8)) else { return .plaintext }
        return parse(bytes[...], armored: false)
    }

    /// The armor's base64 lines, decoded, read as a binary age file.
    private static func dearmored(_ bytes: [UInt8]) -> Reading {
        let text = String(decoding: bytes.prefix(maximumHeader * 2), as: UTF8.self)
        let lines = text.split(omittingEmptySubsequences: false, whereSeparator: { $0 == "\n" || $0 == "\r\n" })
            .map { $0.trimmingCharacters(in: .whitespaces) }
        guard let end = lines.firstIndex(of: String(decoding: armorEnd, as: UTF8.self)), end > 1 else {
            return .malformed("armored, but the armor has no end line")
        }
        let body = lines[1..<end].joined()
        guard let decoded = Data(base64Encoded: body) else { return .malformed("armored, but the armor is not base64") }
        switch parse(Array(decoded)[...], armored: true) {
        case .plaintext: return .malformed("armored, but no age header is inside")
        case let other: return other
        }
    }

    private static func parse(_ bytes: ArraySlice<UInt8>, armored: Bool) -> Reading {
        var lines = LineReader(bytes: bytes.prefix(maximumHeader))
        guard let first = lines.next() else { return .malformed("the header ends before its first line") }
        guard first.elementsEqual(versionLine) else {
            return first.starts(with: Array("age-encryption.org/".utf8))
                ? .malformed("\(String(decoding: first.prefix(80), as: UTF8.self)) is not a version this reads")
                : .plaintext
        }
        var stanzas: [Stanza] = []
        while true {
            guard let line = lines.next() else { return .malformed("the header ends before its MAC line") }
            if line.starts(with: Array("--- ".utf8)) {
                guard line.count == 47, isBase64(line.dropFirst(4)) else { return .malformed("its MAC line is not age's") }
                return .encrypted(AgeHeader(stanzas: stanzas, armored: armored))
            }
            guard line.starts(with: Array("-> ".utf8)) else { return .malformed("line \(lines.number) is neither a stanza nor the MAC") }
            let fields = line.dropFirst(3).split(separator: 0x20, omittingEmptySubsequences: false)
            guard !fields.isEmpty, fields.allSatisfy({ !$0.isEmpty && $0.allSatisfy { (0x21...0x7E).contains($0) } }) else {
                return .malformed("stanza at line \(lines.number) has an empty or non-ASCII argument")
            }
            // The body: full 64-column lines of base64, ended by a shorter one (possibly empty).
            while true {
                guard let body = lines.next() else { return .malformed("the header ends inside a stanza's body") }
                guard body.count <= 64, isBase64(body) else { return .malformed("stanza body at line \(lines.number) is not age's base64") }
                if body.count < 64 { break }
            }
            let strings = fields.map { String(decoding: $0, as: UTF8.self) }
            stanzas.append(Stanza(type: strings[0], arguments: Array(strings.dropFirst())))
        }
    }

    private static func isBase64(_ bytes: ArraySlice<UInt8>) -> Bool {
        bytes.allSatisfy { (0x41...0x5A).contains($0) || (0x61...0x7A).contains($0) || (0x30...0x39).contains($0) || $0 == 0x2B || $0 == 0x2F }
    }
}

/// Lines ended by "\n" (the header's only line ending), counted from 1.
private struct LineReader {
    var bytes: ArraySlice<UInt8>
    var number = 0

    mutating func next() -> ArraySlice<UInt8>? {
        guard let end = bytes.firstIndex(of: 0x0A) else { return nil }
        defer { bytes = bytes[(end + 1)...] }
        number += 1
        return bytes[bytes.startIndex..<end]
    }
}
