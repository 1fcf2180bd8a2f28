/// Names compared as Nix and OPA compare them: by their UTF-8 bytes. (Swift's `==` and `<` on
/// strings go by canonical equivalence, so "é" and "e\u{301}" would be one name.)

/// Calls `body` with the string's UTF-8 bytes, in place for native and small strings (the generic
/// `utf8` view walks string indices byte by byte, several times slower).
@inlinable @inline(__always)
package func withUTF8Bytes<Result>(_ text: String, _ body: (UnsafeBufferPointer<UInt8>) throws -> Result) rethrows -> Result {
    if let result = try text.utf8.withContiguousStorageIfAvailable(body) { return result }
    var copy = text
    return try copy.withUTF8(body)
}

/// Negative, zero or positive as `a`'s UTF-8 bytes sort before, with or after `b`'s.
@inlinable
package func compareBytes(_ a: String, _ b: String) -> Int {
    withUTF8Bytes(a) { x in
        withUTF8Bytes(b) { y in
            for index in 0..<min(x.count, y.count) where x[index] != y[index] { return Int(x[index]) - Int(y[index]) }
            return x.count - y.count
        }
    }
}

/// Whether the two strings are the same bytes.
@inlinable
package func sameBytes(_ a: String, _ b: String) -> Bool {
    a.utf8.count == b.utf8.count && compareBytes(a, b) == 0
}

/// Feeds a string's UTF-8 bytes to a hasher without copying them (names hash as they compare:
/// byte for byte), with their count so that `["ab", "c"]` and `["a", "bc"]` differ.
package func hashBytes(_ text: String, into hasher: inout Hasher) {
    withUTF8Bytes(text) { hasher.combine(bytes: UnsafeRawBufferPointer($0)) }
    hasher.combine(text.utf8.count)
}
