import NixGen

/// `nix/policy-input.nix`: the document the policies judge. A function of the flake (`self`) and
/// nixpkgs' `lib`, it reads each host's **evaluated** configuration — whatever the module system
/// merged from host files, roles, hardware and user modules, `mkForce`, `mkMerge` or `mkIf` — plus
/// the listing of `nix/hosts/` and `secrets/` (with what each entry there is) and the registry on disk. Which options to read comes
/// from the inventory (ports' and secrets' bound options, services' enable options), so the input
/// holds for every declared port the value its option really has. Its shape is described by
/// `policies/input.schema.json`, and the policies check it before they judge.
enum PolicyInput {

    static func expression() -> NixExpr {
        // Port lists sorted and without repeats (the module system concatenates in module order),
        // so equal configurations give equal documents.
        let normalized = NixExpr.fn("ports", .call("lib.unique", .call("lib.sort", .ref("builtins.lessThan"), NixExpr.v("ports"))))
        // A repository-relative path for files inside the flake; anything else stays absolute.
        let relative = NixExpr.fn("file", .call("lib.removePrefix", .interpolated([.interpolation(.call("toString", NixExpr.v("self"))), .text("/")]),
                                       .call("toString", NixExpr.v("file"))))
        let get = NixExpr.fn("path", "config", .call("lib.attrByPath", NixExpr.v("path"), .null, NixExpr.v("config")))
        // Each host's observable configuration, one member per field (ObservableConfiguration).
        let host = NixExpr.fn("platform", "name", .lambda(.name("host"), .letIn([NixExpr.Binding.set("config", .ref("host.config"))],
                                                                          .attrs(ObservableConfiguration.readers))))
        // Regular `.nix` files only, not hidden ones: an editor's lock (`.#atlas.nix`, a link) is
        // no host file.
        let hostFiles = NixExpr.call("builtins.attrNames", .call("lib.filterAttrs", NixExpr.fn("file", "type", .binary(.binary(
            .binary(NixExpr.v("type"), .equal, .string("regular")), .and, .call("lib.hasSuffix", .string(".nix"), NixExpr.v("file"))), .and,
            .not(.call("lib.hasPrefix", .string("."), NixExpr.v("file"))))), .call("builtins.readDir", .path("./hosts"))))
        let listFiles = NixExpr.fn("dir", "prefix", .call("lib.concatLists", .call("lib.mapAttrsToList",
            NixExpr.fn("name", "type", .ifThenElse(.binary(NixExpr.v("type"), .equal, .string("directory")),
                .call(NixExpr.v("listFiles"), .binary(NixExpr.v("dir"), .plus, .interpolated([.text("/"), .interpolation(NixExpr.v("name"))])),
                      .interpolated([.interpolation(NixExpr.v("prefix")), .interpolation(NixExpr.v("name")), .text("/")])),
                .list([.interpolated([.interpolation(NixExpr.v("prefix")), .interpolation(NixExpr.v("name"))])]))),
            .call("builtins.readDir", NixExpr.v("dir")))))
        // What each entry under secrets/ is: an age file (binary or armored), plaintext, a link or
        // another non-file, read from the listing and the first bytes, never followed.
        let fileKind = NixExpr.fn("file", .letIn([
            NixExpr.Binding.set("path", .binary(.path("../."), .plus, .interpolated([.text("/"), .interpolation(NixExpr.v("file"))]))),
            NixExpr.Binding.set("type", .selectDynamic(.call("builtins.readDir", .call("dirOf", NixExpr.v("path"))), .call("baseNameOf", NixExpr.v("file")))),
        ], .ifThenElse(.binary(NixExpr.v("type"), .equal, .string("symlink")), .string("symlink"),
            .ifThenElse(.binary(NixExpr.v("type"), .notEqual, .string("regular")), .string("other"),
                .letIn([NixExpr.Binding.set("text", .call("builtins.readFile", NixExpr.v("path")))],
                       .ifThenElse(.binary(.call("lib.hasPrefix", .string("age-encryption.org/v1\n"), NixExpr.v("text")), .or,
                                           .call("lib.hasPrefix", .string("-----BEGIN AGE ENCRYPTED FILE-----"), NixExpr.v("text"))),
                                   .string("age"), .string("plaintext")))))))
        // What a host says about others (the derived wiring), read where nginx, Prometheus and
        // unbound keep it, whoever set it; empty parts are left out, so are hosts without any.
        let read = { (path: [String], fallback: NixExpr) in NixExpr.call("lib.attrByPath", .list(path.map(NixExpr.string)), fallback, NixExpr.v("config")) }
        let wiringOf = NixExpr.fn("config", .call("lib.filterAttrs", NixExpr.fn("_", "part", .binary(
            .binary(NixExpr.v("part"), .notEqual, .list([])), .and, .binary(NixExpr.v("part"), .notEqual, .attrs([])))), .attrs([
            NixExpr.Binding.set("proxies", .call("lib.filterAttrs", NixExpr.fn("_", "upstream", .binary(NixExpr.v("upstream"), .notEqual, .null)),
                .call("lib.mapAttrs", NixExpr.fn("_", "vhost", .select(NixExpr.v("vhost"), ["locations", "/", "proxyPass"], or: .null)),
                      read(["services", "nginx", "virtualHosts"], .attrs([]))))),
            NixExpr.Binding.set("scrapeTargets", .call(NixExpr.v("sorted"), .call("lib.concatMap",
                NixExpr.fn("job", .call("lib.concatMap", NixExpr.fn("group", .select(NixExpr.v("group"), ["targets"], or: .list([]))),
                                .select(NixExpr.v("job"), ["static_configs"], or: .list([])))),
                read(["services", "prometheus", "scrapeConfigs"], .list([]))))),
            NixExpr.Binding.set("dnsRecords", .call(NixExpr.v("sorted"), read(["services", "unbound", "settings", "server", "local-data"], .list([])))),
        ])))
        let nixos = NixExpr.select(NixExpr.v("self"), ["nixosConfigurations"], or: .attrs([]))
        let darwin = NixExpr.select(NixExpr.v("self"), ["darwinConfigurations"], or: .attrs([]))
        return .lambda(.pattern(["self", "lib"], ellipsis: true), .letIn([
            NixExpr.Binding.set("inventory", .call("import", .path("./inventory.nix"))),
            NixExpr.Binding.set("colmena", .select(NixExpr.v("self"), ["colmenaHive", "deploymentConfig"], or: .attrs([]))),
            NixExpr.Binding.set("listFiles", listFiles),
            NixExpr.Binding.set("fileKind", fileKind),
            NixExpr.Binding.set("files", .ifThenElse(.call("builtins.pathExists", .path("../secrets")),
                                        .call(NixExpr.v("listFiles"), .path("../secrets"), .string("secrets/")), .list([]))),
            NixExpr.Binding.set("get", get),
            NixExpr.Binding.set("sorted", normalized),
            NixExpr.Binding.set("relative", relative),
        ] + ObservableConfiguration.helpers + [
            NixExpr.Binding.set("evaluated", host),
            NixExpr.Binding.set("wiringOf", wiringOf),
            NixExpr.Binding.set("expectations", .call("builtins.fromJSON", .call("builtins.readFile", .path("./expected.json")))),
            NixExpr.Binding.set("expected", .ref("expectations.hosts")),
            NixExpr.Binding.set("renderedOptions", .ref("expectations.options")),
            // A deviating host carries what the declaration makes its exactly judged fields.
            NixExpr.Binding.set("judged", NixExpr.fn("name", "document", .letIn([
                NixExpr.Binding.set("declared", .select(.selectDynamic(NixExpr.v("expected"), NixExpr.v("name")), [], or: .null)),
            ], .ifThenElse(
                .binary(NixExpr.v("document"), .equal, NixExpr.v("declared")),
                .attrs([NixExpr.Binding.set("asExpected", .bool(true))]),
                .binary(NixExpr.v("document"), .update, .attrs([NixExpr.Binding.set("declared", .call("builtins.intersectAttrs",
                    .attrs(ObservableConfiguration.declaredNames.map { NixExpr.Binding.set($0, .null) }),
                    .ifThenElse(.binary(NixExpr.v("declared"), .equal, .null), .attrs([]), NixExpr.v("declared"))))])))))),
        ], .attrs([
            NixExpr.Binding.set("flake", .attrs([
                NixExpr.Binding.set("nixos", .call("builtins.attrNames", nixos)),
                NixExpr.Binding.set("darwin", .call("builtins.attrNames", darwin)),
            ])),
            NixExpr.Binding.set("hostFiles", hostFiles),
            // The SHA-256 of each file the manifest names (and of the manifest), null for one
            // that is missing; the flake adds this file's own.
            NixExpr.Binding.set("generated", .call("lib.genAttrs", .binary(.call("builtins.filter",
                NixExpr.fn("path", .binary(.binary(NixExpr.v("path"), .notEqual, .string("")), .and, .not(.call("lib.hasPrefix", .string("#"), NixExpr.v("path"))))),
                .call("lib.splitString", .string("\n"), .call("builtins.readFile", .path("./.nixgen-manifest")))), .concat,
                .list([.string("nix/.nixgen-manifest")])),
                NixExpr.fn("path", .letIn([NixExpr.Binding.set("file", .binary(.path("../."), .plus, .interpolated([.text("/"), .interpolation(NixExpr.v("path"))])))],
                    .ifThenElse(.call("builtins.pathExists", NixExpr.v("file")), .call("builtins.hashFile", .string("sha256"), NixExpr.v("file")), .null))))),
            // A host exactly as declared (nix/expected.json) is sent as { asExpected = true; }: it passes
            // every policy, so only the others are examined rule by rule.
            NixExpr.Binding.set("hosts", .call("lib.mapAttrs", NixExpr.v("judged"), .binary(
                .call("lib.mapAttrs", .call(NixExpr.v("evaluated"), .string("nixos")), nixos), .update,
                .call("lib.mapAttrs", .call(NixExpr.v("evaluated"), .string("darwin")), darwin)))),
            NixExpr.Binding.set("registry", .call("import", .path("./registry/ports.nix"))),
            NixExpr.Binding.set("secretFileKinds", .call("lib.genAttrs", NixExpr.v("files"), NixExpr.v("fileKind"))),
            NixExpr.Binding.set("secretFiles", NixExpr.v("files")),
            NixExpr.Binding.set("wiring", .call("lib.filterAttrs", NixExpr.fn("_", "wiring", .binary(NixExpr.v("wiring"), .notEqual, .attrs([]))),
                                   .call("lib.mapAttrs", NixExpr.fn("_", "host", .call(NixExpr.v("wiringOf"), .ref("host.config"))), nixos))),
        ], spaced: true)))
    }
}
