import NixGen

extension ObservedHost {
    /// The value the host's own, its roles' and its services' settings give the option at
    /// `dotted`, when one gives it a literal (a `mkForce` or `mkDefault` one as its value); nil
    /// when none sets it, or a setting gives it a reference or raw Nix the declaration cannot
    /// predict (the host then deviates and its rules judge it).
    func literal(_ dotted: String) -> JSONValue? {
        let target = dotted.split(separator: ".").map(String.init)
        var found: JSONValue?
        func look(_ settings: [Setting]) {
            for setting in settings {
                let path = setting.path.components
                guard target.starts(with: path) else { continue }
                var value: NixValue? = setting.value
                for name in target.dropFirst(path.count) {
                    guard case .attrs(let attrs)? = value.map(Self.unwrapped) else { value = nil; break }
                    value = attrs[name]
                }
                if let value, let json = Self.json(value) { found = json }
            }
        }
        for place in mine { look(fleet.plan.services[place].settings) }
        for role in plan.roles { look(role.settings) }
        look(plan.host.settings)
        return found
    }

    private static func unwrapped(_ value: NixValue) -> NixValue {
        if case .prioritized(_, let inner) = value { return unwrapped(inner) }
        return value
    }

    /// A literal as JSON; nil for what only Nix can work out.
    private static func json(_ value: NixValue) -> JSONValue? {
        switch unwrapped(value) {
        case .null: return .null
        case .bool(let b): return .bool(b)
        case .int(let i): return .int(i)
        case .string(let s): return .string(s)
        case .list(let items):
            let converted = items.compactMap(json)
            return converted.count == items.count ? .array(converted) : nil
        case .attrs(let attrs):
            var members: [(String, JSONValue)] = []
            for member in attrs.members {
                guard let value = json(member.value) else { return nil }
                members.append((member.name, value))
            }
            return .object(JSONObject(members))
        default: return nil
        }
    }
}
