import NixGen

/// `policies/input.schema.json`: the one description of the document the policies read, as the
/// flake's `policyInput` output evaluates to (`nix eval --json .#policyInput`).
enum InputSchema {
    static let json: JSONValue = {
        func object(_ properties: JSONObject, required: [String]) -> JSONValue {
            .object(["type": "object", "properties": .object(properties), "required": .strings(required)])
        }
        func array(_ items: JSONValue) -> JSONValue { .object(["type": "array", "items": items]) }
        let string: JSONValue = .object(["type": "string"])
        let boolean: JSONValue = .object(["type": "boolean"])
        let port: JSONValue = .object(["type": "integer", "minimum": 1, "maximum": 65535])
        let proto: JSONValue = .object(["enum": .strings(IPProtocol.allCases.map(\.rawValue))])
        let any: JSONValue = .object([:])
        var host = ObservableConfiguration.schema
        if case .object(var members) = host, case .object(var properties) = members["properties"] {
            properties["declared"] = .object(["type": "object", "description":
                "on a host that deviates: what the declaration makes its fields judged exactly (from nix/expected.json)"])
            members["properties"] = .object(properties)
            host = .object(members)
        }
        // A host equal to nix/expected.json arrives as this marker instead of its whole document.
        let asExpected: JSONValue = .object([
            "type": "object", "properties": .object(["asExpected": .object(["const": true])]),
            "required": .strings(["asExpected"]), "additionalProperties": false,
        ])
        let registryEntry = object([
            "port": port, "protocol": proto, "exposure": .object(["enum": .strings(Exposure.allCases.map(\.rawValue))]),
        ], required: ["port", "protocol", "exposure"])
        var schema = object([
            "flake": object(["nixos": array(string), "darwin": array(string)], required: ["nixos", "darwin"]),
            "generated": .object(["type": "object", "description": "generated file → its SHA-256 as it is (null: missing)",
                                  "additionalProperties": .object(["type": .strings(["string", "null"])])]),
            "hostFiles": array(string),
            "hosts": .object(["type": "object", "additionalProperties": .object(["oneOf": .array([asExpected, host])])]),
            "registry": .object(["type": "object", "additionalProperties": .object(["type": "object", "additionalProperties": registryEntry])]),
            "secretFiles": array(string),
            "secretFileKinds": .object(["type": "object", "description": "entry under secrets/ → what it is",
                                        "additionalProperties": .object(["enum": .strings(["age", "plaintext", "symlink", "other"])])]),
            "wiring": .object(["type": "object", "description": "host → what it says about other hosts", "additionalProperties": object([
                "proxies": .object(["type": "object", "description": "nginx virtual host → its \"/\" proxyPass",
                                    "additionalProperties": string]),
                "scrapeTargets": array(string),
                "dnsRecords": array(string),
            ], required: [])]),
        ], required: ["flake", "generated", "hostFiles", "hosts", "registry", "secretFileKinds", "secretFiles", "wiring"])
        if case .object(var members) = schema {
            members["$schema"] = "https://json-schema.org/draft/2020-12/schema"
            members["$comment"] = .string(GeneratedFile.header.dropFirst(2).description)
            members["title"] = "nixgen policy input: nix eval --json .#policyInput"
            schema = .object(members)
        }
        return schema
    }()
}
