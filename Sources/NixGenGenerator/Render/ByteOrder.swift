/// Calls `body` with the string's UTF-8 bytes, in place for native and small strings (the generic
/// `utf8` view walks string indices byte by byte, several times slower).
@inline(__always)
func withUTF8Bytes<Result>(_ text: String, _ body: (UnsafeBufferPointer<UInt8>) -> Result) -> Result {
    if let result = text.utf8.withContiguousStorageIfAvailable(body) { return result }
    var copy = text
    return copy.withUTF8(body)
}

/// Negative, zero or positive as `a`'s UTF-8 bytes sort before, with or after `b`'s: the order
/// Nix and OPA sort names in (Swift's `<` on strings is by canonical equivalence).
func compareBytes(_ a: String, _ b: String) -> Int {
    withUTF8Bytes(a) { x in
        withUTF8Bytes(b) { y in
            for index in 0..<min(x.count, y.count) where x[index] != y[index] { return Int(x[index]) - Int(y[index]) }
            return x.count - y.count
        }
    }
}

/// Whether the two strings are the same bytes, as Nix and OPA compare names (Swift's `==` would
/// take "é" and "e\u{301}" for one name).
func sameBytes(_ a: String, _ b: String) -> Bool {
    a.utf8.count == b.utf8.count && compareBytes(a, b) == 0
}
