import NixGen

/// What a host is, runs and binds, its secrets and its deployment: the fields the policies
/// judged before access and exposure joined them.
extension ObservableConfiguration {
    static let core: [ObservableField] = [
        ObservableField(
            name: "platform", summary: "nixos or darwin: the flake output the host is under",
            reader: .v("platform"), schema: .object(["enum": .strings(Platform.allCases.map(\.rawValue))]),
            judging: .rules, policy: "hosts.rego", declared: { .string($0.plan.host.platform.rawValue) }),
        ObservableField(
            name: "hostName", summary: "networking.hostName",
            reader: .ref("config.networking.hostName"), schema: Schema.string,
            judging: .rules, policy: "hosts.rego", declared: { .string($0.plan.host.name) }),
        ObservableField(
            name: "system", summary: "nixpkgs.hostPlatform.system",
            reader: .ref("config.nixpkgs.hostPlatform.system"), schema: Schema.string,
            judging: .rules, policy: "hosts.rego", declared: { .string($0.plan.host.system.rawValue) }),
        ObservableField(
            name: "services", summary: "each service the host has to do with: nixgen's marker, its enable options, its bound ports and secrets",
            reader: servicesReader, schema: Schema.map(Schema.object([
                "nixgen": Schema.boolean, "enables": Schema.array(Schema.any),
                "ports": .object(["type": "object", "description": "port name → the value its bound option evaluates to"]),
                "secrets": .object(["type": "object", "description": "secret name → the value its bound option evaluates to"]),
            ], required: ["nixgen", "enables", "ports", "secrets"])),
            judging: .rules, policy: "services.rego",
            declared: { host in .object(JSONObject(host.services.map { ($0.name, $0.entry) })) }),
        ObservableField(
            name: "secrix", summary: "secrix.services: each installed secret's encrypted file, decrypted path and mode (and user and group where declared)",
            reader: secrixReader, schema: Schema.map(Schema.map(Schema.object([
                "file": Schema.string, "path": Schema.string, "mode": Schema.string, "user": Schema.oneOf(["string", "null"]), "group": Schema.string,
            ], required: ["file", "path", "mode"]))),
            judging: .rules, policy: "secrets.rego",
            declared: { host in .object(host.nixos ? JSONObject(host.services.compactMap { service in service.installed.map { (service.name, $0) } }) : [:]) }),
        ObservableField(
            name: "hostPubKey", summary: "secrix.hostPubKey",
            reader: .select(.v("config"), ["secrix", "hostPubKey"], or: .null), schema: Schema.oneOf(["string", "null"]),
            judging: .rules, policy: "hosts.rego", declared: { RegoData.access($0.plan, $0.fleet.plan).hostPubKey }),
        ObservableField(
            name: "recipients", summary: "secrix.defaultEncryptKeys",
            reader: .select(.v("config"), ["secrix", "defaultEncryptKeys"], or: .attrs([])), schema: Schema.map(Schema.array(Schema.string)),
            judging: .rules, policy: "secrets.rego",
            declared: { host in
                let plan = host.fleet.plan
                return .object(host.nixos && plan.usesSecrets ? JSONObject(plan.fleet.recipients.mapValues { .strings($0) }) : [:])
            }),
        ObservableField(
            name: "nixinate", summary: "_module.args.nixinate: what nixinate deploys the host with",
            reader: .select(.v("host"), ["_module", "args", "nixinate"], or: .attrs([])), schema: .object(["type": "object"]),
            judging: .rules, policy: "hosts.rego", declared: { RegoData.access($0.plan, $0.fleet.plan).nixinate }),
        ObservableField(
            name: "colmena", summary: "colmena's deployment: targetHost, targetUser, buildOnTarget, tags",
            reader: .call("builtins.intersectAttrs", .attrs(["targetHost", "targetUser", "buildOnTarget", "tags"].map { .set($0, .null) }),
                          .select(.selectDynamic(.ref("colmena"), .v("name")), [], or: .attrs([]))),
            schema: .object(["type": "object"]),
            judging: .rules, policy: "hosts.rego", declared: { RegoData.access($0.plan, $0.fleet.plan).colmena }),
        ObservableField(
            name: "bindings", summary: "\"port/protocol\" → the \"service/port name\" of each binding (nixgen.bindings)",
            reader: bindingsReader, schema: Schema.map(Schema.array(Schema.string)),
            judging: .rules, policy: "ports.rego", declared: bindingsDeclared),
    ]

    /// Only the services the host has anything to do with (switched on through nixgen or one of
    /// their own options): the policies read the rest as "not running", and the input stays
    /// linear in what hosts run, not in hosts × declared services.
    private static var servicesReader: NixExpr {
        let relevant = NixExpr.fn("_", "state", .binary(.ref("state.nixgen"), .or, .call("builtins.elem", .bool(true), .ref("state.enables"))))
        return .call("lib.filterAttrs", relevant, .call("lib.mapAttrs", .fn("name", "service", .attrs([
            .set("nixgen", .select(.selectDynamic(.ref("config.nixgen.services"), .v("name")), ["enable"], or: .bool(false))),
            .set("enables", .call("map", .fn("path", .call(.v("get"), .v("path"), .v("config"))), .ref("service.enables"))),
            .set("ports", .call("lib.mapAttrs", .fn("_", "path", .call(.v("get"), .v("path"), .v("config"))), .ref("service.bindings"))),
            .set("secrets", .call("lib.mapAttrs", .fn("_", "secret", .call(.v("get"), .ref("secret.option"), .v("config"))),
                                  .call("lib.filterAttrs", .fn("_", "secret", .binary(.v("secret"), .hasAttribute, .ref("option"))),
                                        .ref("service.secrets")))),
        ])), .ref("inventory.services")))
    }

    /// secrix's user and group defaults read the service's systemd unit, which a service need not
    /// have: they are read where the declaration names them, the mode (a plain default) always.
    private static var secrixReader: NixExpr {
        let declared = NixExpr.call("lib.attrByPath", .list([.v("service"), .string("secrets"), .v("secret")]), .attrs([]), .ref("inventory.services"))
        let installed = NixExpr.letIn([.set("declared", declared)], .binary(.binary(.attrs([
            .set("file", .call(.v("relative"), .ref("value.encrypted.file"))),
            .set("path", .ref("value.decrypted.path")),
            .set("mode", .ref("value.decrypted.mode")),
        ]), .update, .call("lib.optionalAttrs", .binary(.v("declared"), .hasAttribute, .ref("owner")), .attrs([.set("user", .ref("value.decrypted.user"))]))),
            .update, .call("lib.optionalAttrs", .binary(.v("declared"), .hasAttribute, .ref("group")), .attrs([.set("group", .ref("value.decrypted.group"))]))))
        return .call("lib.mapAttrs", .fn("service", "entry", .call("lib.mapAttrs", .fn("secret", "value", installed), .ref("entry.secrets"))),
                     .select(.v("config"), ["secrix", "services"], or: .attrs([])))
    }

    private static var bindingsReader: NixExpr {
        .call("lib.mapAttrs", .fn("_", "claims", .call("lib.sort", .ref("builtins.lessThan"), .call("map",
            .fn("binding", .interpolated([.interpolation(.ref("binding.service")), .text("/"), .interpolation(.ref("binding.name"))])),
            .v("claims")))),
              .call("lib.groupBy", .fn("binding", .interpolated([
                .interpolation(.call("toString", .ref("binding.port"))), .text("/"), .interpolation(.ref("binding.protocol")),
              ])), .select(.v("config"), ["nixgen", "bindings"], or: .list([]))))
    }

    /// `number/protocol` → the `service/port`s bound to it, sorted by their bytes as Nix's
    /// `lessThan` sorts them; grouped by sorting.
    private static func bindingsDeclared(_ host: ObservedHost) -> JSONValue {
        let names = host.fleet.bindings
        let pairs = host.mine.flatMap { host.fleet.services[$0].bindings }.sorted()
        return .object(JSONObject(pairs.runs { $0 >> 32 == $1 >> 32 }.map { run in
            (names.keys.names[run.first! >> 32], JSONValue.array(run.map { .string(names.claims.names[$0 & 0xFFFF_FFFF]) }))
        }))
    }
}
