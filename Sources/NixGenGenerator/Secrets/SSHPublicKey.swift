import Foundation

/// An SSH public key line (`ssh-ed25519 AAAA… comment`), read from its wire encoding: the only
/// kinds age encrypts to by SSH key, `ssh-ed25519` (a 32-byte key) and `ssh-rsa` (at least 2048
/// bits). What secrix encrypts a secret to, and what age names in each recipient stanza.
package struct SSHPublicKey: Sendable, Hashable {
    package enum Kind: String, Sendable, Hashable {
        case ed25519 = "ssh-ed25519"
        case rsa = "ssh-rsa"
    }

    package var kind: Kind
    /// The key's wire encoding (the base64 field, decoded).
    package var blob: [UInt8]

    /// Why `line` is not a well-formed key line, or nil when it is one.
    package static func problem(_ line: String) -> String? {
        switch parse(line) {
        case .success: nil
        case .failure(let failure): failure.reason
        }
    }

    private init(kind: Kind, blob: [UInt8]) { (self.kind, self.blob) = (kind, blob) }

    package init?(line: String) {
        guard case .success(let key) = Self.parse(line) else { return nil }
        self = key
    }

    /// age's tag for this key in an `ssh-ed25519`/`ssh-rsa` stanza: the first four bytes of the
    /// SHA-256 of the wire encoding, in unpadded base64.
    package var ageTag: String {
        String(Data(SHA256.digest(blob).prefix(4)).base64EncodedString().prefix(6))
    }

    private struct Failure: Error { var reason: String }

    private static func parse(_ line: String) -> Result<SSHPublicKey, Failure> {
        func fail(_ reason: String) -> Result<SSHPublicKey, Failure> { .failure(Failure(reason: reason)) }
        if line.unicodeScalars.contains(where: { $0.value < 0x20 || $0.value == 0x7F || $0 == "\"" || $0 == "\\" }) {
            return fail("it holds a control character, a quote or a backslash")
        }
        let fields = line.split(separator: " ", omittingEmptySubsequences: true)
        guard fields.count >= 2 else { return fail("a key line is `ssh-ed25519 AAAA… comment`") }
        guard let kind = Kind(rawValue: String(fields[0])) else {
            return fail("\(fields[0]) is not ssh-ed25519 or ssh-rsa, the SSH keys age encrypts to")
        }
        guard let decoded = Data(base64Encoded: String(fields[1])) else { return fail("its key is not base64") }
        var reader = WireReader(bytes: Array(decoded))
        guard let name = reader.string(), String(decoding: name, as: UTF8.self) == kind.rawValue else {
            return fail("its key does not encode an \(kind.rawValue) key")
        }
        switch kind {
        case .ed25519:
            guard let key = reader.string(), key.count == 32 else { return fail("an ssh-ed25519 key is 32 bytes; this one is truncated or padded") }
        case .rsa:
            guard reader.string() != nil, let modulus = reader.string() else { return fail("its RSA key is truncated") }
            let bits = modulus.drop { $0 == 0 }.count * 8
            guard bits >= 2048 else { return fail("its RSA modulus has \(bits) bits; age and OpenSSH want at least 2048") }
        }
        guard reader.isAtEnd else { return fail("its key has bytes after the key") }
        return .success(SSHPublicKey(kind: kind, blob: Array(decoded)))
    }
}

/// SSH's wire encoding: strings as a 4-byte big-endian length and that many bytes.
private struct WireReader {
    var bytes: [UInt8]
    var offset = 0

    var isAtEnd: Bool { offset == bytes.count }

    mutating func string() -> ArraySlice<UInt8>? {
        guard bytes.count - offset >= 4 else { return nil }
        let length = bytes[offset..<offset + 4].reduce(0) { $0 << 8 | Int($1) }
        offset += 4
        guard length <= bytes.count - offset else { return nil }
        defer { offset += length }
        return bytes[offset..<offset + length]
    }
}
