/// `text` between double quotes, written scalar by scalar: each as `escape` spells it, or as
/// itself when `escape` returns nil. Scalar by scalar, because a search for `"` in a `String`
/// would skip one a combining mark follows. DOT, Mermaid and Swift literals each pass their own
/// table of escapes.
func quotedScalarByScalar(_ text: String, escaping escape: (Unicode.Scalar) -> String?) -> String {
    var out = "\""
    for scalar in text.unicodeScalars {
        if let escaped = escape(scalar) { out += escaped } else { out.unicodeScalars.append(scalar) }
    }
    return out + "\""
}
