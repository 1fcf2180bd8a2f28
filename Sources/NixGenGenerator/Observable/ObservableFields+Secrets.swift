import NixGen

/// Secrets pasted as values: options whose names say they hold a password, token, secret or key
/// (PastedSecretRules' names) set to a literal in a service's settings or environment variables,
/// `environment.etc` texts with a `password = …` line, and WireGuard private keys inlined. Each
/// would sit in the world-readable Nix store; judged in `secrets.rego`.
extension ObservableConfiguration {
    static let secrets: [ObservableField] = [
        ObservableField(
            name: "pastedSecrets", summary: "options holding a secret as a literal value: a service's settings and environment variables by name, environment.etc texts, WireGuard private keys",
            reader: pastedReader, schema: Schema.array(Schema.string),
            judging: .rules, policy: "secrets.rego", declared: { _ in .array([]) }),
    ]

    private static var pastedReader: NixExpr {
        let strings = { (values: [String]) in NixExpr.list(values.map(NixExpr.string)) }
        let secretName = NixExpr.fn("name", .letIn([.set("lower", .call("lib.toLower", .v("name")))], .binary(
            .call("lib.any", .fn("ending", .call("lib.hasSuffix", .v("ending"), .v("lower"))), strings(PastedSecretRules.endings)), .and,
            .not(.call("lib.any", .fn("part", .call("lib.hasInfix", .v("part"), .v("lower"))), strings(PastedSecretRules.exceptions))))))
        let literal = NixExpr.fn("value", .binary(.call("builtins.isString", .v("value")), .and, .not(.binary(.binary(.binary(
            .binary(.v("value"), .equal, .string("")), .or,
            .binary(.call("lib.hasPrefix", .string("/"), .v("value")), .and, .not(.call("lib.hasPrefix", .string("/nix/store/"), .v("value"))))), .or,
            .call("lib.hasPrefix", .string("$__file{"), .v("value"))), .or, .call("lib.hasPrefix", .string("${"), .v("value"))))))
        // A value that does not evaluate is left to whatever uses it.
        let member = NixExpr.fn("name", "member", .letIn([.set("inner", .call("builtins.tryEval", .v("member")))], .ifThenElse(
            .binary(.binary(.ref("inner.success"), .and, .call(.v("secretName"), .v("name"))), .and, .call(.v("literal"), .ref("inner.value"))),
            .list([.binary(.v("path"), .concat, .list([.v("name")]))]),
            .call(.v("scan"), .binary(.v("depth"), .plus, .int(1)), .binary(.v("path"), .concat, .list([.v("name")])), .v("member")))))
        let stop = NixExpr.binary(.binary(.binary(.call("builtins.lessThan", .int(6), .v("depth")), .or, .not(.ref("tried.success"))), .or,
                                          .not(.call("builtins.isAttrs", .ref("tried.value")))), .or, .call("lib.isDerivation", .ref("tried.value")))
        let body = NixExpr.letIn([.set("tried", .call("builtins.tryEval", .v("value")))],
                                 .ifThenElse(stop, .list([]), .call("lib.concatLists", .call("lib.mapAttrsToList", member, .ref("tried.value")))))
        let scan = NixExpr.fn("depth", .fn("path", .fn("value", body)))
        // The settings of each service nixgen runs here, under the option its enable sits beside.
        let settings = NixExpr.call("lib.concatMap", .fn("service", .call("lib.concatMap", .fn("enable", .letIn([
            .set("prefix", .binary(.call("lib.init", .v("enable")), .concat, .list([.string("settings")]))),
        ], .call(.v("scan"), .int(0), .v("prefix"), .call("lib.attrByPath", .v("prefix"), .attrs([]), .v("config"))))),
            .select(.selectDynamic(.ref("inventory.services"), .v("service")), ["enables"], or: .list([])))),
            .call("builtins.filter", .fn("service", .select(.selectDynamic(.ref("config.nixgen.services"), .v("service")), ["enable"], or: .bool(false))),
                  .call("builtins.attrNames", .ref("inventory.services"))))
        let variables = NixExpr.call(.v("scan"), .int(5), .list([.string("environment"), .string("variables")]),
                                     .option("environment.variables", or: .attrs([])))
        let line = NixExpr.fn("line", .binary(.call("builtins.match", .string("(.*[^a-z])?(password|passwd|token|secret)[ \t]*[=:][ \t]*[^ \t$].*"),
                                                    .call("lib.toLower", .v("line"))), .notEqual, .null))
        let etc = NixExpr.call("lib.concatLists", .call("lib.mapAttrsToList", .fn("name", "entry", .letIn([
            .set("text", .select(.v("entry"), ["text"], or: .null)),
        ], .ifThenElse(.binary(.call("builtins.isString", .v("text")), .and, .call("lib.any", line, .call("lib.splitString", .string("\n"), .v("text")))),
                       .list([.list([.string("environment"), .string("etc"), .v("name"), .string("text")])]), .list([])))),
            .option("environment.etc", or: .attrs([]))))
        let wireguard = NixExpr.call("lib.concatLists", .call("lib.mapAttrsToList", .fn("name", "interface", .ifThenElse(
            .binary(.select(.v("interface"), ["privateKey"], or: .null), .notEqual, .null),
            .list([.list([.string("networking"), .string("wireguard"), .string("interfaces"), .v("name"), .string("privateKey")])]), .list([]))),
            .option("networking.wireguard.interfaces", or: .attrs([]))))
        return .letIn([.set("secretName", secretName), .set("literal", literal), .set("scan", scan)],
                      .call("map", .call("lib.concatStringsSep", .string(".")),
                            .binary(.binary(.binary(settings, .concat, variables), .concat, etc), .concat, wireguard)))
    }
}
