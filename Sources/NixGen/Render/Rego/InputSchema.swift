/// `policies/input.schema.json`: the one description of the document the policies read, as
/// `nix-instantiate --eval --strict --json nix/policy-input.nix` produces it.
enum InputSchema {
    static let json: JSONValue = {
        func object(_ properties: [String: JSONValue], required: [String]) -> JSONValue {
            .object(["type": "object", "properties": .object(properties), "required": .strings(required)])
        }
        func array(_ items: JSONValue) -> JSONValue { .object(["type": "array", "items": items]) }
        let string: JSONValue = .object(["type": "string"])
        let port: JSONValue = .object(["type": "integer", "minimum": 1, "maximum": 65535])
        let proto: JSONValue = .object(["enum": .strings(IPProtocol.allCases.map(\.rawValue))])
        let binding = object(["service": string, "name": string, "port": port, "protocol": proto],
                             required: ["service", "name", "port", "protocol"])
        let host = object([
            "platform": .object(["enum": .strings(Platform.allCases.map(\.rawValue))]),
            "system": string, "address": string,
            "roles": array(string), "services": array(string), "imports": array(string),
            "deployment": object(["sshUser": string, "buildOn": .object(["enum": .strings(["local", "remote"])]),
                                  "substituteOnTarget": .object(["type": "boolean"]), "hermetic": .object(["type": "boolean"])],
                                 required: ["sshUser", "buildOn"]),
            "file": .object(["type": "boolean", "description": "whether nix/hosts/<host>.nix exists"]),
            "enabled": array(string), "bindings": array(binding),
            "firewall": object(["tcp": array(port), "udp": array(port)], required: ["tcp", "udp"]),
        ], required: ["platform", "roles", "services", "file", "enabled", "bindings", "firewall"])
        let registryEntry = object([
            "port": port, "protocol": proto, "exposure": .object(["enum": .strings(Exposure.allCases.map(\.rawValue))]),
        ], required: ["port", "protocol", "exposure"])
        let secret = object(["file": string, "owner": string, "group": string, "mode": string], required: ["file"])
        let dependency = object(["service": string, "scope": .object(["enum": .strings(["sameHost", "fleet"])])],
                                required: ["service", "scope"])
        let service = object([
            "dependencies": array(dependency), "secrets": .object(["type": "object", "additionalProperties": secret]),
            "platforms": array(string), "hosts": array(string), "summary": string,
        ], required: ["dependencies", "secrets"])
        var schema = object([
            "hostFiles": array(string),
            "hosts": .object(["type": "object", "additionalProperties": host]),
            "registry": .object(["type": "object", "additionalProperties": .object(["type": "object", "additionalProperties": registryEntry])]),
            "services": .object(["type": "object", "additionalProperties": service]),
            "secretFiles": array(string),
        ], required: ["hostFiles", "hosts", "registry", "secretFiles", "services"])
        if case .object(var members) = schema {
            members["$schema"] = "https://json-schema.org/draft/2020-12/schema"
            members["$comment"] = .string(NixPrinter.generatedHeader.dropFirst(2).description)
            members["title"] = "nixgen policy input: nix-instantiate --eval --strict --json nix/policy-input.nix"
            schema = .object(members)
        }
        return schema
    }()
}
