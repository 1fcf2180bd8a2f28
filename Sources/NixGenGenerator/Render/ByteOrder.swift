/// Negative, zero or positive as `a`'s UTF-8 bytes sort before, with or after `b`'s: the order
/// Nix and OPA sort names in. (Swift's `<` on strings is by canonical equivalence, and the generic
/// `utf8.lexicographicallyPrecedes` walked string indices byte by byte, several times slower.)
func compareBytes(_ a: String, _ b: String) -> Int {
    var a = a, b = b
    return a.withUTF8 { x in
        b.withUTF8 { y in
            for index in 0..<min(x.count, y.count) where x[index] != y[index] { return Int(x[index]) - Int(y[index]) }
            return x.count - y.count
        }
    }
}
