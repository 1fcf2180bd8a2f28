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
    private static func assign(_ name: String, _ value: NixExpr) -> NixExpr.Binding { .assign(name.split(separator: ".").map(String.init), value) }
    private static func inherit(_ from: String, _ names: [String]) -> NixExpr.Binding { .inherit(from: v(from), names) }

    static func expression() -> NixExpr {
        // Port lists sorted and without repeats (the module system concatenates in module order),
        // so equal configurations give equal documents.
        let normalized = fn("ports", .call("lib.unique", .call("lib.sort", .ref("builtins.lessThan"), v("ports"))))
        let firewallPorts = fn("fw", .attrs([
            assign("tcp", .call(v("sorted"), .ref("fw.allowedTCPPorts"))), assign("udp", .call(v("sorted"), .ref("fw.allowedUDPPorts"))),
            assign("tcpRanges", .ref("fw.allowedTCPPortRanges")), assign("udpRanges", .ref("fw.allowedUDPPortRanges")),
        ]))
        let firewall = fn("fw", .binary(.call(v("firewallPorts"), v("fw")), .update, .attrs([
            inherit("fw", ["enable", "trustedInterfaces"]),
            assign("interfaces", .call("lib.mapAttrs", fn("_", v("firewallPorts")), .ref("fw.interfaces"))),
            assign("extraCommands", .binary(.ref("fw.extraCommands"), .notEqual, .string(""))),
        ])))
        // A repository-relative path for files inside the flake; anything else stays absolute.
        let relative = fn("file", .call("lib.removePrefix", .interpolated([.interpolation(.call("toString", v("self"))), .text("/")]),
                                       .call("toString", v("file"))))
        let get = fn("path", "config", .call("lib.attrByPath", v("path"), .null, v("config")))
        // Only the services the host has anything to do with (switched on through nixgen or one of
        // their own options): the policies read the rest as "not running", and the input stays
        // linear in what hosts run, not in hosts × declared services.
        let relevant = fn("_", "state", .binary(.ref("state.nixgen"), .or,
                                                .call("builtins.elem", .bool(true), .ref("state.enables"))))
        let services = NixExpr.call("lib.filterAttrs", relevant, .call("lib.mapAttrs", fn("name", "service", .attrs([
            assign("nixgen", .select(.selectDynamic(.ref("config.nixgen.services"), v("name")), ["enable"], or: .bool(false))),
            assign("enables", .call("map", fn("path", .call(v("get"), v("path"), v("config"))), .ref("service.enables"))),
            assign("ports", .call("lib.mapAttrs", fn("_", "path", .call(v("get"), v("path"), v("config"))), .ref("service.bindings"))),
            assign("secrets", .call("lib.mapAttrs", fn("_", "secret", .call(v("get"), .ref("secret.option"), v("config"))),
                                    .call("lib.filterAttrs", fn("_", "secret", .binary(v("secret"), .hasAttribute, .ref("option"))),
                                          .ref("service.secrets")))),
        ])), .ref("inventory.services")))
        let secrix = NixExpr.call("lib.mapAttrs", fn("_", "service", .call("lib.mapAttrs", fn("_", "secret", .attrs([
            assign("file", .call(v("relative"), .ref("secret.encrypted.file"))),
            assign("path", .ref("secret.decrypted.path")),
        ])), .ref("service.secrets"))), .select(v("config"), ["secrix", "services"], or: .attrs([])))
        let host = fn("platform", "name", .lambda(.name("host"), .letIn([assign("config", .ref("host.config"))], .attrs([
            .inherit(from: nil, ["platform"]),
            assign("hostName", .ref("config.networking.hostName")),
            assign("system", .ref("config.nixpkgs.hostPlatform.system")),
            assign("firewall", .ifThenElse(.binary(.ref("config.networking"), .hasAttribute, .ref("firewall")),
                                           .call(v("firewall"), .ref("config.networking.firewall")), .null)),
            assign("services", services),
            assign("secrix", secrix),
            assign("hostPubKey", .select(v("config"), ["secrix", "hostPubKey"], or: .null)),
            assign("recipients", .select(v("config"), ["secrix", "defaultEncryptKeys"], or: .attrs([]))),
            assign("nixinate", .select(v("host"), ["_module", "args", "nixinate"], or: .attrs([]))),
            assign("colmena", .call("builtins.intersectAttrs", .attrs(["targetHost", "targetUser", "buildOnTarget", "tags"].map { assign($0, .null) }),
                                    .select(.selectDynamic(.ref("colmena"), v("name")), [], or: .attrs([])))),
            assign("bindings", .call("lib.mapAttrs", fn("_", "claims", .call("lib.sort", .ref("builtins.lessThan"), .call("map",
                fn("binding", .interpolated([.interpolation(.ref("binding.service")), .text("/"), .interpolation(.ref("binding.name"))])),
                v("claims")))),
                                     .call("lib.groupBy", fn("binding", .interpolated([
                                        .interpolation(.call("toString", .ref("binding.port"))), .text("/"), .interpolation(.ref("binding.protocol")),
                                     ])), .select(v("config"), ["nixgen", "bindings"], or: .list([]))))),
        ]))))
        let hostFiles = NixExpr.call("builtins.filter", fn("file", .call("lib.hasSuffix", .string(".nix"), v("file"))),
                                     .call("builtins.attrNames", .call("builtins.readDir", .path("./hosts"))))
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
            assign("firewallPorts", firewallPorts),
            assign("firewall", firewall),
            assign("evaluated", host),
            assign("wiringOf", wiringOf),
            assign("expected", .select(.call("builtins.fromJSON", .call("builtins.readFile", .path("./expected.json"))), ["hosts"], or: nil)),
            assign("judged", fn("name", "document", .ifThenElse(
                .binary(v("document"), .equal, .select(.selectDynamic(v("expected"), v("name")), [], or: .null)),
                .attrs([assign("asExpected", .bool(true))]), v("document")))),
        ], .attrs([
            assign("flake", .attrs([
                assign("nixos", .call("builtins.attrNames", nixos)),
                assign("darwin", .call("builtins.attrNames", darwin)),
            ])),
            assign("hostFiles", hostFiles),
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
