/// The declared fleet as Rego data (`policies/fleet.rego`, package `nixgen.fleet`): what the
/// policies compare the evaluated Nix against. Every string is a JSON string literal.
enum RegoData {
    static func file(_ plan: Plan, _ data: Inventory.Data) -> String {
        let rules: [(String, JSONValue)] = [
            ("hosts", only(["platform", "roles", "services"], of: data.withoutPorts["hosts"]!)),
            ("services", only(["dependencies", "platforms", "secrets", "summary"], of: data.withoutPorts["services"]!)),
            ("registry", data.ports),
            ("firewall", firewall(plan)),
            ("privileged", privileged(plan)),
        ]
        var out = NixPrinter.generatedHeader + "\n"
        out += "# The declared fleet, as data for the policies.\npackage nixgen.fleet\n\nimport rego.v1\n"
        for (name, value) in rules {
            out += "\n\(name) := "
            literal(value, indent: "", into: &out)
            out += "\n"
        }
        return out
    }

    /// Each entry of `collection` cut down to `keys`: the policies read the rest from the input.
    static func only(_ keys: Set<String>, of collection: JSONValue) -> JSONValue {
        guard case .object(let entries) = collection else { return collection }
        return .object(entries.mapValues { entry in
            guard case .object(let fields) = entry else { return entry }
            return .object(fields.filter { keys.contains($0.key) })
        })
    }

    /// Ports each NixOS host's firewall opens: `lan`/`public` ports of NixOS-only services.
    static func firewall(_ plan: Plan) -> JSONValue {
        var hosts: [String: JSONValue] = [:]
        for host in plan.hosts where host.host.platform == .nixos {
            var open = Set<String>()
            for service in host.services {
                for port in NixModules.firewallPorts(of: service) { open.insert("\(port.number)/\(port.protocol.rawValue)") }
            }
            hosts[host.host.name] = .strings(open.sorted())
        }
        return .object(hosts)
    }

    /// `service.port` names of privileged ports declared public on purpose.
    static func privileged(_ plan: Plan) -> JSONValue {
        .strings(plan.services.flatMap { service in
            service.ports.filter { $0.privileged && $0.exposure == .public }.map { "\(service.name).\($0.name)" }
        }.sorted())
    }

    /// A Rego literal in `opa fmt` layout: tabs, one member per line, trailing commas.
    static func literal(_ value: JSONValue, indent: String, into out: inout String) {
        let inner = indent + "\t"
        switch value {
        case .array(let items) where !items.isEmpty:
            out += "[\n"
            for item in items {
                out += inner
                literal(item, indent: inner, into: &out)
                out += ",\n"
            }
            out += indent + "]"
        case .object(let members) where !members.isEmpty:
            out += "{\n"
            for key in members.keys.sorted() {
                out += inner + JSONValue.quoted(key) + ": "
                literal(members[key]!, indent: inner, into: &out)
                out += ",\n"
            }
            out += indent + "}"
        case .string(let text): out += JSONValue.quoted(text)
        case .int(let number): out += String(number)
        default: out += value.compactText
        }
    }
}
