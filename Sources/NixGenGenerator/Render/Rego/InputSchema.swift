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
        let ports = object(["tcp": array(port), "udp": array(port), "tcpRanges": array(any), "udpRanges": array(any)],
                           required: ["tcp", "udp", "tcpRanges", "udpRanges"])
        var firewall = object(["enable": boolean, "trustedInterfaces": array(string), "extraCommands": boolean,
                               "interfaces": .object(["type": "object", "additionalProperties": ports])],
                              required: ["enable", "interfaces", "trustedInterfaces", "extraCommands"])
        if case .object(var members) = firewall, case .object(let portMembers) = ports,
           case .object(var properties) = members["properties"], case .object(let portProperties) = portMembers["properties"] {
            for (key, value) in portProperties where properties[key] == nil { properties[key] = value }
            members["properties"] = .object(properties)
            members["required"] = .strings(["enable", "interfaces", "trustedInterfaces", "extraCommands", "tcp", "udp", "tcpRanges", "udpRanges"])
            firewall = .object(members)
        }
        let service = object([
            "nixgen": boolean, "enables": array(any),
            "ports": .object(["type": "object", "description": "port name → the value its bound option evaluates to"]),
            "secrets": .object(["type": "object", "description": "secret name → the value its bound option evaluates to"]),
        ], required: ["nixgen", "enables", "ports", "secrets"])
        let installed = object(["file": string, "path": string], required: ["file", "path"])
        let host = object([
            "platform": .object(["enum": .strings(Platform.allCases.map(\.rawValue))]),
            "system": string, "hostName": string,
            "firewall": .object(["oneOf": .array([firewall, .object(["type": "null"])])]),
            "services": .object(["type": "object", "additionalProperties": service]),
            "secrix": .object(["type": "object", "additionalProperties": .object(["type": "object", "additionalProperties": installed])]),
            "hostPubKey": .object(["type": .strings(["string", "null"])]),
            "recipients": .object(["type": "object", "additionalProperties": array(string)]),
            "nixinate": .object(["type": "object"]),
            "colmena": .object(["type": "object", "description": "targetHost, targetUser, buildOnTarget, tags"]),
            "bindings": .object(["type": "object", "description": "\"port/protocol\" → \"service/port name\" of each binding",
                                 "additionalProperties": array(string)]),
        ], required: ["platform", "system", "hostName", "firewall", "services", "secrix", "recipients", "bindings"])
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
        ], required: ["flake", "hostFiles", "hosts", "registry", "secretFileKinds", "secretFiles", "wiring"])
        if case .object(var members) = schema {
            members["$schema"] = "https://json-schema.org/draft/2020-12/schema"
            members["$comment"] = .string(GeneratedFile.header.dropFirst(2).description)
            members["title"] = "nixgen policy input: nix eval --json .#policyInput"
            schema = .object(members)
        }
        return schema
    }()
}
