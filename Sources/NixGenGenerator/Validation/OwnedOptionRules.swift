import NixGen

/// Options nixgen writes itself, from a field of the declaration: a `Setting` of a host, role or
/// service on one of them would be merged with (or silently lose to) nixgen's own definition, so it
/// is an error at the setting, naming the field that owns the option.
enum OwnedOptionRules {
    private struct Owned {
        var path: [String]
        var owner: String
        var hint: String
    }

    private static let owned: [Owned] = [
        Owned(path: ["imports"], owner: "the host's Import declarations", hint: "Import(\"hardware/host.nix\")"),
        Owned(path: ["system", "stateVersion"], owner: "the host's stateVersion", hint: "Host(..., stateVersion: \"24.05\"), or Fleet(stateVersion:)"),
        Owned(path: ["networking", "hostName"], owner: "the host's name", hint: "rename the Host"),
        Owned(path: ["nixpkgs", "hostPlatform"], owner: "the host's system", hint: "Host(..., system: .aarch64Linux)"),
        Owned(path: ["secrix", "hostPubKey"], owner: "the host's hostKey", hint: "Host(..., hostKey: \"ssh-ed25519 AAAA...\")"),
        Owned(path: ["secrix", "defaultEncryptKeys"], owner: "the fleet's recipients", hint: "Fleet(recipients: [\"ops\": [\"ssh-ed25519 AAAA...\"]])"),
        Owned(path: ["_module", "args", "nixinate"], owner: "the host's Deployment", hint: "Deployment(sshUser:buildOn:substituteOnTarget:hermetic:)"),
        Owned(path: ["nix", "settings", "trusted-users"], owner: "the deploy user (Deployment's sshUser)", hint: "Deployment(sshUser: \"deploy\")"),
        Owned(path: ["security", "sudo", "extraRules"], owner: "the deploy user's sudo rule (Deployment's sshUser)", hint: "Deployment(sshUser: \"deploy\")"),
        Owned(path: ["nixgen"], owner: "the host's lanInterfaces, services and roles", hint: "declare them on the Host"),
    ] + ["allowedTCPPorts", "allowedUDPPorts", "allowedTCPPortRanges", "allowedUDPPortRanges", "interfaces"].map {
        Owned(path: ["networking", "firewall", $0], owner: "the port registry (each Port's exposure:)",
              hint: "declare the port in its service: Port(\"http\", 8920, exposure: .lan)")
    }

    static func check(_ plan: Plan) -> [Diagnostic] {
        var out: [Diagnostic] = []
        func check(_ settings: [Setting], users: Set<String>) {
            for setting in settings where !setting.value.nests(deeperThan: SettingRules.maximumNesting) {
                let rules = owned + users.sorted().map {
                    Owned(path: ["users", "users", $0], owner: "the deploy user, who logs in with the admins' keys",
                          hint: "Fleet(admins:) and Deployment(sshUser:); another account may be set in a user module")
                }
                for leaf in leaves(setting.path.components, setting.value) {
                    guard let rule = rules.first(where: { leaf.starts(with: $0.path) || $0.path.starts(with: leaf) }) else { continue }
                    out.append(.error("setting \(setting.path) sets \(rule.path.joined(separator: ".")), which nixgen writes from \(rule.owner)",
                                      at: setting.location, hint: rule.hint))
                    break
                }
            }
        }
        let deployUsers = Set([plan.fleet.deployment.sshUser] + plan.hosts.map(\.deployment.sshUser))
        for service in plan.fleet.services { check(service.settings, users: deployUsers) }
        for role in plan.fleet.roles { check(role.settings, users: deployUsers) }
        for host in plan.hosts { check(host.host.settings, users: [host.deployment.sshUser]) }
        return out
    }

    /// The option paths a setting defines: a non-empty attribute set stands for its members.
    private static func leaves(_ path: [String], _ value: NixValue) -> [[String]] {
        var out: [[String]] = []
        var pending = [(path, value)]
        while let (path, value) = pending.popLast() {
            if case .attrs(let attrs) = value, !attrs.isEmpty {
                pending += attrs.map { (path + [$0.key], $0.value) }
            } else {
                out.append(path)
            }
        }
        return out
    }
}
