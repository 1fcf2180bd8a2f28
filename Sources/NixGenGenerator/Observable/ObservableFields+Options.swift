import NixGen

/// Every option nixgen renders from the declaration (settings, references, derived wiring such
/// as WireGuard peers, datasource and runner URLs) whose evaluated value differs from the
/// rendered one (`RenderedOptions`), judged in `options.rego`.
extension ObservableConfiguration {
    static let options: [ObservableField] = [
        ObservableField(
            name: "options", summary: "each option rendered from the declaration whose evaluated value differs: its path, the rendered and the evaluated value, whether it was a mkDefault",
            reader: optionsReader,
            schema: Schema.array(Schema.object(["path": Schema.array(Schema.string), "value": Schema.any, "found": Schema.any, "priority": .object(["type": "integer"])],
                                               required: ["path", "value", "found", "priority"])),
            judging: .rules, policy: "options.rego", declared: { _ in .array([]) }),
    ]

    /// The host's services', roles' and own entries of `renderedOptions` (from nix/expected.json),
    /// each with what the configuration holds there, kept where it does not match.
    private static var optionsReader: NixExpr {
        let plan = NixExpr.select(.selectDynamic(.ref("renderedOptions.hosts"), .v("name")), [],
                                  or: .attrs([.set("services", .list([])), .set("roles", .list([])), .set("own", .list([]))]))
        let entries = NixExpr.binary(.binary(
            .call("lib.concatMap", .fn("service", .select(.selectDynamic(.ref("renderedOptions.services"), .v("service")), [], or: .list([]))),
                  .ref("plan.services")), .concat,
            .call("lib.concatMap", .fn("role", .select(.selectDynamic(.ref("renderedOptions.roles"), .v("role")), [], or: .list([]))),
                  .ref("plan.roles"))), .concat, .ref("plan.own"))
        let found = NixExpr.fn("entry", .binary(.v("entry"), .update, .attrs([
            .set("found", .call("lib.attrByPath", .ref("entry.path"), .null, .v("config"))),
        ])))
        // Per option the entry that wins, as the module system picks it: the lowest priority.
        let winner = NixExpr.fn("chosen", "entry", .letIn([.set("key", .call("builtins.toJSON", .ref("entry.path")))], .ifThenElse(
            .binary(.binary(.v("chosen"), .hasAttribute, .interpolated([.interpolation(.v("key"))])), .and,
                    .not(.call("builtins.lessThan", .ref("entry.priority"), .select(.selectDynamic(.v("chosen"), .v("key")), ["priority"], or: nil)))),
            .v("chosen"), .binary(.v("chosen"), .update, .call("builtins.listToAttrs", .list([.attrs([.set("name", .v("key")), .set("value", .v("entry"))])]))))))
        return .letIn([.set("plan", plan)], .call("builtins.filter", .fn("entry", .not(.call(.v("matches"), .ref("entry.value"), .ref("entry.found")))),
                                                   .call("map", found, .call("builtins.attrValues", .call("builtins.foldl'", winner, .attrs([]), entries)))))
    }

    /// Whether an evaluated value holds a rendered one: a set has at least the rendered members,
    /// each matching (a submodule adds its defaults); a list has exactly as many items, each
    /// matching; a path matches its string; anything else is equal.
    static var matches: NixExpr {
        let isAttrs = NixExpr.binary(.call("builtins.isAttrs", .v("declared")), .and, .binary(.call("builtins.isAttrs", .v("found")), .and,
            .call("lib.all", .fn("key", .binary(.binary(.v("found"), .hasAttribute, .interpolated([.interpolation(.v("key"))])), .and,
                                                .call(.v("matches"), .selectDynamic(.v("declared"), .v("key")), .selectDynamic(.v("found"), .v("key"))))),
                  .call("builtins.attrNames", .v("declared")))))
        let isList = NixExpr.binary(.call("builtins.isList", .v("declared")), .and, .binary(.call("builtins.isList", .v("found")), .and,
            .binary(.binary(.call("builtins.length", .v("declared")), .equal, .call("builtins.length", .v("found"))), .and,
                    .call("lib.all", .fn("pair", .call(.v("matches"), .ref("pair.fst"), .ref("pair.snd"))),
                          .call("lib.zipLists", .v("declared"), .v("found"))))))
        let scalar = NixExpr.binary(.binary(.v("declared"), .equal, .v("found")), .or,
                                    .binary(.call("builtins.isPath", .v("found")), .and, .binary(.call("toString", .v("found")), .equal, .v("declared"))))
        return .fn("declared", "found", .ifThenElse(.call("builtins.isAttrs", .v("declared")), isAttrs,
                                                    .ifThenElse(.call("builtins.isList", .v("declared")), isList, scalar)))
    }
}
