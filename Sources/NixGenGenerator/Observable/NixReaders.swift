/// Small constructors for the readers of `nix/policy-input.nix` and the observable fields.
extension NixExpr {
    static func v(_ name: String) -> NixExpr { .variable(name) }
    static func fn(_ name: String, _ body: NixExpr) -> NixExpr { .lambda(.name(name), body) }
    static func fn(_ a: String, _ b: String, _ body: NixExpr) -> NixExpr { fn(a, fn(b, body)) }

    /// The evaluated value at `dotted` (an option path of the host's configuration), or `fallback`
    /// where no module declares or defines it.
    static func option(_ dotted: String, or fallback: NixExpr) -> NixExpr {
        .select(.v("config"), dotted.split(separator: ".").map(String.init), or: fallback)
    }
}

extension NixExpr.Binding {
    /// `a.b.c = value;`
    static func set(_ dotted: String, _ value: NixExpr) -> NixExpr.Binding { .assign(dotted.split(separator: ".").map(String.init), value) }
}

/// Schema constructors.
enum Schema {
    static func object(_ properties: JSONObject, required: [String]) -> JSONValue {
        .object(["type": "object", "properties": .object(properties), "required": .strings(required)])
    }
    static func map(_ values: JSONValue) -> JSONValue { .object(["type": "object", "additionalProperties": values]) }
    static func array(_ items: JSONValue) -> JSONValue { .object(["type": "array", "items": items]) }
    static let string: JSONValue = .object(["type": "string"])
    static let boolean: JSONValue = .object(["type": "boolean"])
    static let port: JSONValue = .object(["type": "integer", "minimum": 1, "maximum": 65535])
    static let any: JSONValue = .object([:])
    static func oneOf(_ types: [String]) -> JSONValue { .object(["type": .strings(types)]) }
}
