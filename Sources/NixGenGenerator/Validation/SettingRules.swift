import NixGen

/// Rules on settings, option bindings and secrets: well-formed, representable, not set twice.
enum SettingRules {
    private struct Entry {
        var path: AttrPath
        var location: SourceLocation
        var what: String
    }

    static func check(_ plan: Plan) -> [Diagnostic] {
        var out: [Diagnostic] = []
        for var service in plan.fleet.services {
            service.settings = shallow(service.settings, into: &out)
            var entries = service.settings.flatMap { leaves(of: $0) }
            entries += service.ports.compactMap { port in
                port.option.map { Entry(path: $0, location: port.location, what: "port \(quoted(port.name))") }
            }
            entries += service.secrets.compactMap { secret in
                secret.option.map { Entry(path: $0, location: secret.location, what: "secret \(quoted(secret.name))") }
            }
            out += problems(entries, owner: "service \(quoted(service.name))")
            out += values(service.settings)
            let portNames = Set(service.ports.map(\.name))
            for setting in service.settings {
                for name in setting.value.portReferences where !portNames.contains(name) {
                    out.append(.error("setting \(setting.path) of \(quoted(service.name)) refers to port \(quoted(name)), which the service does not declare",
                                      at: setting.location, hint: HostRules.didYouMean(name, portNames.sorted(), "declare Port(\(quoted(name)), ...) in the service")))
                }
            }
            out += secrets(service)
            out += strings([service.name, service.summary ?? "", service.systemdUnit ?? ""], at: service.location)
        }
        for var role in plan.fleet.roles {
            role.settings = shallow(role.settings, into: &out)
            out += problems(role.settings.flatMap { leaves(of: $0) }, owner: "role \(quoted(role.name))")
            out += values(role.settings, portsAllowed: false)
        }
        for var host in plan.fleet.hosts {
            host.settings = shallow(host.settings, into: &out)
            let entries = host.settings.flatMap { leaves(of: $0) }
            out += problems(entries, owner: "host \(quoted(host.name))")
            out += values(host.settings, portsAllowed: false)
            if let deployment = host.deployment { out += strings([deployment.sshUser], at: host.location) }
            out += strings([host.system.rawValue, host.address ?? "", host.hostKey ?? ""] + host.lanInterfaces, at: host.location)
        }
        // Nix would cut these at the NUL without a word.
        out += strings([plan.fleet.deployment.sshUser, plan.fleet.nixpkgs] + plan.fleet.recipients.keys + plan.fleet.admins.keys,
                       at: plan.fleet.location)
        return out
    }

    /// How deep a setting's lists and attribute sets may nest. Nix's parser gives up on a few
    /// thousand levels and the printer recurses per level; no real option nests anywhere near this.
    package static let maximumNesting = 100

    /// The settings that nest within the limit; an error for each that does not. Only these are
    /// examined further (every other check walks the value recursively).
    private static func shallow(_ settings: [Setting], into out: inout [Diagnostic]) -> [Setting] {
        settings.filter { setting in
            guard setting.value.nests(deeperThan: maximumNesting) else { return true }
            out.append(.error("setting \(setting.path) nests lists or attribute sets more than \(maximumNesting) levels deep",
                              at: setting.location, hint: "flatten the value, or write it in a user module"))
            return false
        }
    }

    /// A setting whose value is a non-empty attribute set stands for each of its leaves.
    private static func leaves(of setting: Setting) -> [Entry] {
        func walk(_ path: AttrPath, _ value: NixValue) -> [Entry] {
            if case .attrs(let attrs) = value, !attrs.isEmpty {
                return attrs.flatMap { walk(path.appending($0.key), $0.value) }
            }
            return [Entry(path: path, location: setting.location, what: "setting")]
        }
        return walk(setting.path, setting.value)
    }

    /// Empty names, NUL bytes, and options set twice or overlapping (`a.b` and `a.b.c`). In path
    /// order, a path that another extends comes right before the extensions, so each entry is
    /// compared with the last one kept only: linear after the sort, at any number of settings.
    private static func problems(_ entries: [Entry], owner: String) -> [Diagnostic] {
        var out: [Diagnostic] = []
        var kept: Entry?
        for entry in entries.sorted(by: { ($0.path, $0.location) < ($1.path, $1.location) }) {
            if entry.path.components.isEmpty || entry.path.components.contains(where: \.isEmpty) {
                out.append(.error("\(owner) has an option path with an empty name: \(quoted(entry.path.components.joined(separator: ".")))",
                                  at: entry.location, hint: "write option paths like \"services.nginx.enable\""))
                continue
            }
            out += strings(entry.path.components, at: entry.location)
            guard let previous = kept, entry.path.hasPrefix(previous.path) else {
                kept = entry
                continue
            }
            // Reported at the later of the two declarations, pointing back at the earlier.
            let (first, second) = previous.location <= entry.location ? (previous, entry) : (entry, previous)
            let message = first.path == second.path
                ? "\(owner) sets \(second.path) twice (\(first.what) and \(second.what))"
                : "\(owner) sets both \(first.path) and \(second.path), which overlap"
            out.append(.error(message, at: second.location, notes: [.init("first set here", at: first.location)]))
        }
        return out
    }

    private static func values(_ settings: [Setting], portsAllowed: Bool = true) -> [Diagnostic] {
        settings.flatMap { setting -> [Diagnostic] in
            var out = strings(setting.value.strings, at: setting.location)
            if !portsAllowed, !setting.value.portReferences.isEmpty {
                out.append(.error("setting \(setting.path) refers to a port, which only a service's settings can",
                                  at: setting.location, hint: "move the setting into the service that declares the port"))
            }
            for name in setting.value.repeatedNames {
                out.append(.error("setting \(setting.path) names \(quoted(name)) twice in one attribute set, so one value would be lost",
                                  at: setting.location, hint: "give each key once"))
            }
            if setting.value.hasNonFiniteFloat {
                out.append(.error("setting \(setting.path) holds an infinite, NaN or subnormal number, which Nix cannot read",
                                  at: setting.location, hint: "use 0.0, or a string the module parses"))
            }
            return out
        }
    }

    private static func secrets(_ service: Service) -> [Diagnostic] {
        var out: [Diagnostic] = []
        var seen: [String: SourceLocation] = [:]
        for secret in service.secrets.sorted(by: { $0.location < $1.location }) {
            if let problem = Names.fileNameProblem(secret.name) {
                out.append(.error("secret \(quoted(secret.name)) of \(quoted(service.name)) has an invalid name: \(problem)",
                                  at: secret.location))
            }
            if let first = seen[secret.name] {
                out.append(.error("service \(quoted(service.name)) declares secret \(quoted(secret.name)) twice",
                                  at: secret.location, notes: [.init("first declared here", at: first)]))
            } else {
                seen[secret.name] = secret.location
            }
            if let problem = Names.relativePathProblem(secret.file) ?? (secret.file.hasPrefix("secrets/") ? nil : "it is not under secrets/") {
                out.append(.error("secret \(quoted(secret.name)) of \(quoted(service.name)) has file \(quoted(secret.file)): \(problem)",
                                  at: secret.location, hint: "give the encrypted file's path relative to the repository, e.g. \"secrets/\(service.name)/\(secret.name).age\""))
            }
            out += strings([secret.owner, secret.group, secret.mode].compactMap { $0 }, at: secret.location)
            // secrix's activation script runs `chown owner:group` and `chmod mode` as root.
            for (field, value) in [("owner", secret.owner), ("group", secret.group)] {
                guard let value, let problem = Downstream.userNameProblem(value) else { continue }
                out.append(.error("secret \(quoted(secret.name)) of \(quoted(service.name)) has \(field) \(quoted(value)), which is not a \(field == "owner" ? "user" : "group") name: \(problem)",
                                  at: secret.location))
            }
            if let mode = secret.mode, let problem = Downstream.modeProblem(mode) {
                out.append(.error("secret \(quoted(secret.name)) of \(quoted(service.name)) has mode \(quoted(mode)): \(problem)", at: secret.location))
            }
        }
        return out
    }

    /// Nix strings cannot hold NUL.
    static func strings(_ values: [String], at location: SourceLocation) -> [Diagnostic] {
        values.filter { $0.unicodeScalars.contains("\u{0}") }.map { value in
            .error("\(quoted(value)) contains a NUL character, which Nix strings cannot hold", at: location)
        }
    }
}
