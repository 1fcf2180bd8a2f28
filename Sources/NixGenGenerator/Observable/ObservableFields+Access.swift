import NixGen

/// Who gets in: users with SSH keys or wheel, sudo, Nix's trusted and allowed users and sshd's
/// authentication settings, each equal to what the declaration grants (`observed.rego`).
extension ObservableConfiguration {
    static let access: [ObservableField] = [
        ObservableField(
            name: "users", summary: "every user with SSH keys, key files or wheel: its keys (sorted), key files and wheel membership",
            nixosOnly: true, reader: usersReader,
            schema: Schema.map(Schema.object(["keys": Schema.array(Schema.string), "keyFiles": Schema.array(Schema.string), "wheel": Schema.boolean],
                                             required: ["keys", "keyFiles", "wheel"])),
            judging: .exact, policy: "observed.rego", declared: usersDeclared),
        ObservableField(
            name: "sudo", summary: "security.sudo: whether wheel needs a password, and the rules beyond NixOS' own for root and wheel",
            nixosOnly: true, reader: sudoReader,
            schema: Schema.object(["wheelNeedsPassword": Schema.boolean, "rules": Schema.array(Schema.any)], required: ["wheelNeedsPassword", "rules"]),
            judging: .exact, policy: "observed.rego", declared: sudoDeclared),
        ObservableField(
            name: "nixUsers", summary: "nix.settings: trusted-users and allowed-users, sorted",
            nixosOnly: true, reader: .attrs([
                .set("trusted", .call(.v("sorted"), .option("nix.settings.trusted-users", or: .list([.string("root")])))),
                .set("allowed", .call(.v("sorted"), .option("nix.settings.allowed-users", or: .list([.string("*")])))),
            ]),
            schema: Schema.object(["trusted": Schema.array(Schema.string), "allowed": Schema.array(Schema.string)], required: ["trusted", "allowed"]),
            judging: .exact, policy: "observed.rego",
            declared: { host in
                let user = host.plan.deployment.sshUser
                let deploys = host.plan.host.address != nil && user != "root"
                return .object([
                    "allowed": .strings(sortedBytes(host.literal("nix.settings.allowed-users")?.strings ?? ["*"])),
                    "trusted": .strings(deploys ? sortedBytes(["root", user]) : ["root"]),
                ])
            }),
        ObservableField(
            name: "sshd", summary: "services.openssh.settings' authentication settings where sshd runs, else null",
            nixosOnly: true, reader: sshdReader, schema: Schema.oneOf(["object", "null"]),
            judging: .noWeaker, policy: "observed.rego", declared: sshdDeclared),
    ]

    /// Options a field judges by its own rules (sshd may be hardened beyond the declaration):
    /// the rendered options leave them out.
    static let judgedElsewhere: Set<[String]> = Set(sshdDefaults.map { ["services", "openssh", "settings", $0.name] })

    /// NixOS 26.05's defaults for sshd's authentication settings (nixos/modules/services/networking/ssh/sshd.nix).
    static let sshdDefaults: [(name: String, value: JSONValue)] = [
        ("KbdInteractiveAuthentication", .bool(true)), ("PasswordAuthentication", .bool(true)), ("PermitRootLogin", .string("prohibit-password")),
    ]

    private static var usersReader: NixExpr {
        .call("lib.filterAttrs", .fn("_", "user", .binary(.binary(.binary(.ref("user.keys"), .notEqual, .list([])), .or,
                                                             .binary(.ref("user.keyFiles"), .notEqual, .list([]))), .or, .ref("user.wheel"))),
              .call("lib.mapAttrs", .fn("_", "user", .attrs([
                .set("keys", .call(.v("sorted"), .select(.v("user"), ["openssh", "authorizedKeys", "keys"], or: .list([])))),
                .set("keyFiles", .call("map", .v("relative"), .select(.v("user"), ["openssh", "authorizedKeys", "keyFiles"], or: .list([])))),
                .set("wheel", .call("builtins.elem", .string("wheel"), .select(.v("user"), ["extraGroups"], or: .list([])))),
              ])), .option("users.users", or: .attrs([]))))
    }

    private static func usersDeclared(_ host: ObservedHost) -> JSONValue {
        guard host.plan.host.address != nil else { return .object([:]) }
        let user = host.plan.deployment.sshUser
        let admins = host.fleet.plan.fleet.admins
        return .object([user: .object([
            "keyFiles": .array([]), "keys": .strings(sortedBytes(admins.values.flatMap { $0 })), "wheel": .bool(user != "root"),
        ])])
    }

    /// Each rule as users, groups and commands (a command string as `{ command; options = [ ]; }`),
    /// without the two rules NixOS' sudo module writes itself (root, and wheel as
    /// `wheelNeedsPassword` says), which the stand-ins leave out.
    private static var sudoReader: NixExpr {
        let command = NixExpr.fn("c", .ifThenElse(.call("builtins.isString", .v("c")),
                                                  .attrs([.set("command", .v("c")), .set("options", .list([]))]),
                                                  .attrs([.set("command", .ref("c.command")), .set("options", .select(.v("c"), ["options"], or: .list([])))])))
        let rule = NixExpr.fn("rule", .attrs([
            .set("users", .select(.v("rule"), ["users"], or: .list([]))),
            .set("groups", .select(.v("rule"), ["groups"], or: .list([]))),
            .set("commands", .call("map", command, .select(.v("rule"), ["commands"], or: .list([])))),
        ]))
        let all = { (options: [String]) in NixExpr.list([.attrs([.set("command", .string("ALL")), .set("options", .list(options.map(NixExpr.string)))])]) }
        let nixos = NixExpr.list([
            .attrs([.set("users", .list([.string("root")])), .set("groups", .list([])), .set("commands", all(["SETENV"]))]),
            .attrs([.set("users", .list([])), .set("groups", .list([.string("wheel")])), .set("commands", all([]))]),
            .attrs([.set("users", .list([])), .set("groups", .list([.string("wheel")])), .set("commands", all(["NOPASSWD"]))]),
        ])
        return .attrs([
            .set("wheelNeedsPassword", .option("security.sudo.wheelNeedsPassword", or: .bool(true))),
            .set("rules", .call("builtins.filter", .fn("rule", .not(.call("builtins.elem", .v("rule"), nixos))),
                                .call("map", rule, .option("security.sudo.extraRules", or: .list([]))))),
        ])
    }

    private static func sudoDeclared(_ host: ObservedHost) -> JSONValue {
        let user = host.plan.deployment.sshUser
        let rules: [JSONValue] = host.plan.host.address != nil && user != "root" ? [.object([
            "commands": .array([.object(["command": "ALL", "options": .strings(["NOPASSWD"])])]),
            "groups": .array([]), "users": .strings([user]),
        ])] : []
        return .object(["rules": .array(rules), "wheelNeedsPassword": host.literal("security.sudo.wheelNeedsPassword") ?? .bool(true)])
    }

    private static var sshdReader: NixExpr {
        .ifThenElse(.option("services.openssh.enable", or: .bool(false)), .attrs(sshdDefaults.map { setting in
            .set(setting.name, .option("services.openssh.settings.\(setting.name)", or: NixExpr(setting.value)))
        }), .null)
    }

    private static func sshdDeclared(_ host: ObservedHost) -> JSONValue {
        let runs = host.mine.contains { place in
            host.fleet.plan.services[place].enableOptions.contains { $0.components == ["services", "openssh", "enable"] }
        }
        guard runs else { return .null }
        return .object(JSONObject(sshdDefaults.map { ($0.name, host.literal("services.openssh.settings.\($0.name)") ?? $0.value) }))
    }
}

/// Sorted by their bytes, each once: as Nix's `lib.unique (lib.sort lessThan …)` leaves strings.
func sortedBytes(_ values: [String]) -> [String] {
    values.sorted { compareBytes($0, $1) < 0 }.runs { sameBytes($0, $1) }.map(\.first!)
}

extension JSONValue {
    /// The strings of a list of strings.
    var strings: [String]? {
        guard case .array(let items) = self else { return nil }
        let strings = items.compactMap { if case .string(let s) = $0 { s } else { nil } }
        return strings.count == items.count ? strings : nil
    }
}
