/// `nix/policy-input.nix`: the document the policies judge, produced by evaluating the generated
/// Nix as it is on disk — the inventory, the registry, the listing of `nix/hosts/`, and for each
/// host what its file enables and what its service modules bind and open in the firewall, and the
/// encrypted files under `secrets/`.
///
/// Service modules are applied with a stand-in `lib` (they use only `mkIf` and `mkEnableOption`),
/// so this evaluates with plain `nix-instantiate --eval`, without nixpkgs. Its shape is described
/// by `policies/input.schema.json`.
enum PolicyInput {
    static func expression() -> NixExpr {
        func v(_ name: String) -> NixExpr { .variable(name) }
        func lambda(_ name: String, _ body: NixExpr) -> NixExpr { .lambda(.name(name), body) }
        func concatMap(_ module: String, _ attribute: [String]) -> NixExpr {
            .call("builtins.concatLists", .call("map", lambda(module, .select(v(module), attribute, or: .list([]))),
                                                v("evaluated")))
        }
        let hostFile = NixExpr.binary(.path("./hosts"), .plus, .interpolated([.text("/"), .interpolation(v("name")), .text(".nix")]))
        let isServiceModule = lambda("path", .binary(
            .call("builtins.match", .string(".*/services/[^/]+\\.nix"), .call("toString", v("path"))), .notEqual, .null))
        let enabled = NixExpr.call("builtins.filter",
            lambda("service", .select(.call("builtins.getAttr", v("service"), v("services")), ["enable"], or: nil)),
            .call("builtins.attrNames", v("services")))
        let onDisk = NixExpr.letIn([
            .assign(["host"], .call("import", hostFile, .attrs([]))),
            .assign(["services"], .select(v("host"), ["nixgen", "services"], or: .attrs([]))),
            .assign(["config"], .attrs([
                .assign(["networking", "hostName"], v("name")),
                .assign(["nixgen", "services"], v("services")),
            ])),
            .assign(["evaluated"], .call("map",
                lambda("path", .select(.call("import", v("path"), .attrs([.inherit(from: nil, ["config", "lib"])])), ["config"], or: nil)),
                .call("builtins.filter", isServiceModule, .select(v("host"), ["imports"], or: .list([]))))),
        ], .attrs([
            .assign(["file"], .bool(true)),
            .assign(["enabled"], enabled),
            .assign(["bindings"], concatMap("module", ["nixgen", "bindings"])),
            .assign(["firewall", "tcp"], concatMap("module", ["networking", "firewall", "allowedTCPPorts"])),
            .assign(["firewall", "udp"], concatMap("module", ["networking", "firewall", "allowedUDPPorts"])),
        ]))
        let missing = NixExpr.attrs([
            .assign(["file"], .bool(false)), .assign(["enabled"], .list([])), .assign(["bindings"], .list([])),
            .assign(["firewall"], .attrs([.assign(["tcp"], .list([])), .assign(["udp"], .list([]))])),
        ])
        let evalHost = lambda("name", .binary(
            .select(v("inventory"), ["hosts"], or: nil).selecting(v("name")), .update,
            .ifThenElse(.call("builtins.pathExists", hostFile), .call(v("hostOnDisk"), v("name")), v("missingHost"))))
        let hostFiles = NixExpr.call("builtins.filter",
            lambda("file", .binary(.call("builtins.match", .string(".*\\.nix"), v("file")), .notEqual, .null)),
            .call("builtins.attrNames", .call("builtins.readDir", .path("./hosts"))))
        // Every file below `dir`, as paths starting with `prefix`.
        let listFiles = lambda("dir", lambda("prefix", .call("builtins.concatLists", .call("map",
            lambda("name", .ifThenElse(
                .binary(.call("builtins.getAttr", v("name"), .call("builtins.readDir", v("dir"))), .equal, .string("directory")),
                .call(v("listFiles"), .binary(v("dir"), .plus, .interpolated([.text("/"), .interpolation(v("name"))])),
                      .interpolated([.interpolation(v("prefix")), .interpolation(v("name")), .text("/")])),
                .list([.interpolated([.interpolation(v("prefix")), .interpolation(v("name"))])]))),
            .call("builtins.attrNames", .call("builtins.readDir", v("dir")))))))
        return .letIn([
            .assign(["inventory"], .call("import", .path("./inventory.nix"))),
            .assign(["listFiles"], listFiles),
            .assign(["lib"], .attrs([
                .assign(["mkIf"], lambda("condition", lambda("value", .ifThenElse(v("condition"), v("value"), .attrs([]))))),
                .assign(["mkEnableOption"], lambda("description", .bool(false))),
            ])),
            .assign(["hostOnDisk"], lambda("name", onDisk)),
            .assign(["missingHost"], missing),
            .assign(["evalHost"], evalHost),
        ], .attrs([
            .assign(["hostFiles"], hostFiles),
            .assign(["hosts"], .call("builtins.listToAttrs", .call("map",
                lambda("name", .attrs([.inherit(from: nil, ["name"]), .assign(["value"], .call(v("evalHost"), v("name")))])),
                .call("builtins.attrNames", .select(v("inventory"), ["hosts"], or: nil))))),
            .assign(["registry"], .call("import", .path("./registry/ports.nix"))),
            .assign(["secretFiles"], .ifThenElse(.call("builtins.pathExists", .path("../secrets")),
                                                 .call(v("listFiles"), .path("../secrets"), .string("secrets/")), .list([]))),
            .assign(["services"], .select(v("inventory"), ["services"], or: nil)),
        ]))
    }
}

extension NixExpr {
    /// `builtins.getAttr key self`: selecting by a computed name.
    func selecting(_ key: NixExpr) -> NixExpr { .call("builtins.getAttr", key, self) }
}
