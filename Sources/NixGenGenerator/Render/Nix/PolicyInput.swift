import NixGen

/// `nix/policy-input.nix`: the document the policies judge. A function of the flake (`self`) and
/// nixpkgs' `lib`, it reads each host's **evaluated** configuration — whatever the module system
/// merged from host files, roles, hardware and user modules, `mkForce`, `mkMerge` or `mkIf` — plus
/// the listing of `nix/hosts/` and `secrets/` (with what each entry there is) and the registry on disk. Which options to read comes
/// from the inventory (ports' and secrets' bound options, services' enable options), so the input
/// holds for every declared port the value its option really has. Its shape is described by
/// `policies/input.schema.json`, and the policies check it before they judge.
enum PolicyInput {
    private static func v(_ name: String) -> NixExpr { .variable(name) }
    private static func fn(_ name: String, _ body: NixExpr) -> NixExpr { .lambda(.name(name), body) }
    private static func fn(_ a: String, _ b: String, _ body: NixExpr) -> NixExpr { fn(a, fn(b, body)) }
    private static func assign(_ name: String, _ value: NixExpr) -> NixExpr.Binding { .set(name, value) }

    static func expression() -> NixExpr {
        // Port lists sorted and without repeats (the module system concatenates in module order),
        // so equal configurations give equal documents.
        let normalized = fn("ports", .call("lib.unique", .call("lib.sort", .ref("builtins.lessThan"), v("ports"))))
        // A repository-relative path for files inside the flake; anything else stays absolute.
        let relative = fn("file", .call("lib.removePrefix", .interpolated([.interpolation(.call("toString", v("self"))), .text("/")]),
                                       .call("toString", v("file"))))
        let get = fn("path", "config", .call("lib.attrByPath", v("path"), .null, v("config")))
        // Each host's observable configuration, one member per field (ObservableConfiguration).
        let host = fn("platform", "name", .lambda(.name("host"), .letIn([assign("config", .ref("host.config"))],
                                                                          .attrs(ObservableConfiguration.readers))))
        // Regular `.nix` files only, not hidden ones: an editor's lock (`.#atlas.nix`, a link) is
        // no host file.
        let hostFiles = NixExpr.call("builtins.attrNames", .call("lib.filterAttrs", fn("file", "type", .binary(.binary(
            .binary(v("type"), .equal, .string("regular")), .and, .call("lib.hasSuffix", .string(".nix"), v("file"))), .and,
            .not(.call("lib.hasPrefix", .string("."), v("file"))))), .call("builtins.readDir", .path("./hosts"))))
        let listFiles = fn("dir", "prefix", .call("lib.concatLists", .call("lib.mapAttrsToList",
            fn("name", "type", .ifThenElse(.binary(v("type"), .equal, .string("directory")),
                .call(v("listFiles"), .binary(v("dir"), .plus, .interpolated([.text("/"), .interpolation(v("name"))])),
                      .interpolated([.interpolation(v("prefix")), .interpolation(v("name")), .text("/")])),
                .list([.interpolated([.interpolation(v("prefix")), .interpolation(v("name"))])]))),
            .call("builtins.readDir", v("dir")))))
        // What each entry under secrets/ is: an age file (binary or armored), plaintext, a link or
        // another non-file, read from the listing and the first bytes, never followed.
        let fileKind = fn("file", .letIn([
            assign("path", .binary(.path("../."), .plus, .interpolated([.text("/"), .interpolation(v("file"))]))),
            assign("type", .selectDynamic(.call("builtins.readDir", .call("dirOf", v("path"))), .call("baseNameOf", v("file")))),
        ], .ifThenElse(.binary(v("type"), .equal, .string("symlink")), .string("symlink"),
            .ifThenElse(.binary(v("type"), .notEqual, .string("regular")), .string("other"),
                .letIn([assign("text", .call("builtins.readFile", v("path")))],
                       .ifThenElse(.binary(.call("lib.hasPrefix", .string("age-encryption.org/v1\n"), v("text")), .or,
                                           .call("lib.hasPrefix", .string("-----BEGIN AGE ENCRYPTED FILE-----"), v("text"))),
                                   .string("age"), .string("plaintext")))))))
        // What a host says about others (the derived wiring), read where nginx, Prometheus and
        // unbound keep it, whoever set it; empty parts are left out, so are hosts without any.
        let read = { (path: [String], fallback: NixExpr) in NixExpr.call("lib.attrByPath", .list(path.map(NixExpr.string)), fallback, v("config")) }
        let wiringOf = fn("config", .call("lib.filterAttrs", fn("_", "part", .binary(
            .binary(v("part"), .notEqual, .list([])), .and, .binary(v("part"), .notEqual, .attrs([])))), .attrs([
            assign("proxies", .call("lib.filterAttrs", fn("_", "upstream", .binary(v("upstream"), .notEqual, .null)),
                .call("lib.mapAttrs", fn("_", "vhost", .select(v("vhost"), ["locations", "/", "proxyPass"], or: .null)),
                      read(["services", "nginx", "virtualHosts"], .attrs([]))))),
            assign("scrapeTargets", .call(v("sorted"), .call("lib.concatMap",
                fn("job", .call("lib.concatMap", fn("group", .select(v("group"), ["targets"], or: .list([]))),
                                .select(v("job"), ["static_configs"], or: .list([])))),
                read(["services", "prometheus", "scrapeConfigs"], .list([]))))),
            assign("dnsRecords", .call(v("sorted"), read(["services", "unbound", "settings", "server", "local-data"], .list([])))),
        ])))
        let nixos = NixExpr.select(v("self"), ["nixosConfigurations"], or: .attrs([]))
        let darwin = NixExpr.select(v("self"), ["darwinConfigurations"], or: .attrs([]))
        return .lambda(.pattern(["self", "lib"], ellipsis: true), .letIn([
            assign("inventory", .call("import", .path("./inventory.nix"))),
            assign("colmena", .select(v("self"), ["colmenaHive", "deploymentConfig"], or: .attrs([]))),
            assign("listFiles", listFiles),
            assign("fileKind", fileKind),
            assign("files", .ifThenElse(.call("builtins.pathExists", .path("../secrets")),
                                        .call(v("listFiles"), .path("../secrets"), .string("secrets/")), .list([]))),
            assign("get", get),
            assign("sorted", normalized),
            assign("relative", relative),
        ] + ObservableConfiguration.helpers + [
            assign("evaluated", host),
            assign("wiringOf", wiringOf),
            assign("expectations", .call("builtins.fromJSON", .call("builtins.readFile", .path("./expected.json")))),
            assign("expected", .ref("expectations.hosts")),
            assign("renderedOptions", .ref("expectations.options")),
            // A deviating host carries what the declaration makes its exactly judged fields.
            assign("judged", fn("name", "document", .letIn([
                assign("declared", .select(.selectDynamic(v("expected"), v("name")), [], or: .null)),
            ], .ifThenElse(
                .binary(v("document"), .equal, v("declared")),
                .attrs([assign("asExpected", .bool(true))]),
                .binary(v("document"), .update, .attrs([assign("declared", .call("builtins.intersectAttrs",
                    .attrs(ObservableConfiguration.declaredNames.map { assign($0, .null) }),
                    .ifThenElse(.binary(v("declared"), .equal, .null), .attrs([]), v("declared"))))])))))),
        ], .attrs([
            assign("flake", .attrs([
                assign("nixos", .call("builtins.attrNames", nixos)),
                assign("darwin", .call("builtins.attrNames", darwin)),
            ])),
            assign("hostFiles", hostFiles),
            // The SHA-256 of each file the manifest names (and of the manifest), null for one
            // that is missing; the flake adds this file's own.
            assign("generated", .call("lib.genAttrs", .binary(.call("builtins.filter",
                fn("path", .binary(.binary(v("path"), .notEqual, .string("")), .and, .not(.call("lib.hasPrefix", .string("#"), v("path"))))),
                .call("lib.splitString", .string("\n"), .call("builtins.readFile", .path("./.nixgen-manifest")))), .concat,
                .list([.string("nix/.nixgen-manifest")])),
                fn("path", .letIn([assign("file", .binary(.path("../."), .plus, .interpolated([.text("/"), .interpolation(v("path"))])))],
                    .ifThenElse(.call("builtins.pathExists", v("file")), .call("builtins.hashFile", .string("sha256"), v("file")), .null))))),
            // A host exactly as declared (nix/expected.json) is sent as { asExpected = true; }: it passes
            // every policy, so only the others are examined rule by rule.
            assign("hosts", .call("lib.mapAttrs", v("judged"), .binary(
                .call("lib.mapAttrs", .call(v("evaluated"), .string("nixos")), nixos), .update,
                .call("lib.mapAttrs", .call(v("evaluated"), .string("darwin")), darwin)))),
            assign("registry", .call("import", .path("./registry/ports.nix"))),
            assign("secretFileKinds", .call("lib.genAttrs", v("files"), v("fileKind"))),
            assign("secretFiles", v("files")),
            assign("wiring", .call("lib.filterAttrs", fn("_", "wiring", .binary(v("wiring"), .notEqual, .attrs([]))),
                                   .call("lib.mapAttrs", fn("_", "host", .call(v("wiringOf"), .ref("host.config"))), nixos))),
        ], spaced: true)))
    }
}
