import NixGen

/// What is exposed and what listens: the firewall in every form NixOS has (port lists per
/// interface, trusted interfaces, ranges, rules of its own, the backend), nftables tables and
/// rulesets, and listeners beyond the registry's bindings (systemd sockets, services' own listen
/// options). All judged by rules (`ports.rego`): a port the registry declares may be opened
/// twice, an nftables backend is a choice, but nothing the policies cannot read opens a port.
extension ObservableConfiguration {
    static let exposure: [ObservableField] = [
        ObservableField(
            name: "firewall", summary: "networking.firewall: ports and ranges everywhere and per interface, trusted interfaces, whether rules of its own are added, the backend",
            reader: .ifThenElse(.binary(.ref("config.networking"), .hasAttribute, .ref("firewall")),
                                .call(.v("firewall"), .ref("config.networking.firewall")), .null),
            schema: firewallSchema, judging: .rules, policy: "ports.rego", declared: firewallDeclared),
        ObservableField(
            name: "nftables", summary: "networking.nftables: the tables besides NixOS' own firewall tables, and whether a ruleset is set",
            nixosOnly: true, reader: .attrs([
                .set("tables", .call(.v("sorted"), .call("builtins.attrNames", .call("lib.filterAttrs",
                    .fn("name", "table", .binary(.select(.v("table"), ["enable"], or: .bool(true)), .and,
                                                 .not(.call("builtins.elem", .v("name"), .list([.string("nixos-fw"), .string("nixos-nat")]))))),
                    .option("networking.nftables.tables", or: .attrs([])))))),
                .set("ruleset", .binary(.option("networking.nftables.ruleset", or: .string("")), .notEqual, .string(""))),
            ]),
            schema: Schema.object(["tables": Schema.array(Schema.string), "ruleset": Schema.boolean], required: ["tables", "ruleset"]),
            judging: .rules, policy: "ports.rego", declared: { _ in .object(["ruleset": false, "tables": .array([])]) }),
        ObservableField(
            name: "listeners", summary: "what listens besides the bindings: systemd sockets' ListenStream/ListenDatagram, and the listen options of services nixgen knows",
            nixosOnly: true, reader: listenersReader,
            schema: Schema.array(Schema.object(["source": Schema.string, "listen": Schema.string, "protocol": Schema.string],
                                               required: ["source", "listen", "protocol"])),
            judging: .rules, policy: "ports.rego", declared: { _ in .array([]) }),
    ]

    /// Listen options of services nixgen knows that open a second port beside the one a fleet binds.
    static let listenOptions: [(option: String, protocol: IPProtocol)] = [
        ("services.forgejo.settings.server.SSH_LISTEN_PORT", .tcp),
        ("services.gitea.settings.server.SSH_LISTEN_PORT", .tcp),
    ]

    /// The helpers the readers share, bound once in `nix/policy-input.nix`.
    static var helpers: [NixExpr.Binding] {
        let firewallPorts = NixExpr.fn("fw", .attrs([
            .set("tcp", .call(.v("sorted"), .ref("fw.allowedTCPPorts"))), .set("udp", .call(.v("sorted"), .ref("fw.allowedUDPPorts"))),
            .set("tcpRanges", .ref("fw.allowedTCPPortRanges")), .set("udpRanges", .ref("fw.allowedUDPPortRanges")),
        ]))
        let nonEmpty = { (option: String) in NixExpr.binary(.select(.v("fw"), [option], or: .string("")), .notEqual, .string("")) }
        let firewall = NixExpr.fn("fw", .binary(.call(.v("firewallPorts"), .v("fw")), .update, .attrs([
            .inherit(from: .v("fw"), ["enable", "trustedInterfaces"]),
            .set("interfaces", .call("lib.mapAttrs", .fn("_", .v("firewallPorts")), .ref("fw.interfaces"))),
            .set("extraCommands", nonEmpty("extraCommands")),
            .set("extraInputRules", nonEmpty("extraInputRules")),
            .set("extraForwardRules", nonEmpty("extraForwardRules")),
            .set("backend", .select(.v("fw"), ["backend"], or: .string("iptables"))),
        ])))
        return [.set("firewallPorts", firewallPorts), .set("firewall", firewall), .set("matches", matches)]
    }

    private static var listenersReader: NixExpr {
        let listens = { (field: String, config: String, proto: String) -> NixExpr in
            .call("map", .fn("listen", .attrs([
                .set("source", .interpolated([.text("systemd.sockets."), .interpolation(.v("name"))])),
                .set("listen", .call("toString", .v("listen"))), .set("protocol", .string(proto)),
            ])), .binary(.select(.v("socket"), [field], or: .list([])), .concat,
                         .call("lib.toList", .select(.v("socket"), ["socketConfig", config], or: .list([])))))
        }
        let sockets = NixExpr.call("lib.concatLists", .call("lib.mapAttrsToList", .fn("name", "socket", .binary(
            listens("listenStreams", "ListenStream", "tcp"), .concat, listens("listenDatagrams", "ListenDatagram", "udp"))),
            .option("systemd.sockets", or: .attrs([]))))
        let options = NixExpr.call("builtins.filter", .fn("listener", .binary(.ref("listener.listen"), .notEqual, .string(""))),
                                   .list(listenOptions.map { entry in
            .attrs([.set("source", .string(entry.option)), .set("listen", .call("toString", .option(entry.option, or: .null))),
                    .set("protocol", .string(entry.protocol.rawValue))])
        }))
        return .binary(sockets, .concat, options)
    }

    private static var firewallSchema: JSONValue {
        let ports: JSONObject = ["tcp": Schema.array(Schema.port), "udp": Schema.array(Schema.port),
                                 "tcpRanges": Schema.array(Schema.any), "udpRanges": Schema.array(Schema.any)]
        var properties = ports
        properties["enable"] = Schema.boolean
        properties["trustedInterfaces"] = Schema.array(Schema.string)
        properties["interfaces"] = Schema.map(Schema.object(ports, required: ["tcp", "udp", "tcpRanges", "udpRanges"]))
        for flag in ["extraCommands", "extraInputRules", "extraForwardRules"] { properties[flag] = Schema.boolean }
        properties["backend"] = Schema.string
        let firewall = Schema.object(properties, required: ["enable", "interfaces", "trustedInterfaces", "extraCommands", "extraInputRules",
                                                            "extraForwardRules", "backend", "tcp", "udp", "tcpRanges", "udpRanges"])
        return .object(["oneOf": .array([firewall, .object(["type": "null"])])])
    }

    /// Public ports everywhere, lan ports on the lan interfaces (when it has any), nothing else.
    private static func firewallDeclared(_ host: ObservedHost) -> JSONValue {
        guard host.nixos else { return .null }
        let open = RegoData.OpenPorts(host.mine.map { host.fleet.services[$0].opens })
        func numbers(_ exposure: Exposure, _ proto: IPProtocol) -> JSONValue { .array(open.numbers(exposure, proto).map(JSONValue.int)) }
        func ports(_ exposure: Exposure) -> JSONObject {
            ["tcp": numbers(exposure, .tcp), "tcpRanges": .array([]), "udp": numbers(exposure, .udp), "udpRanges": .array([])]
        }
        let lan = !open.numbers(.lan, .tcp).isEmpty || !open.numbers(.lan, .udp).isEmpty
        return .object([
            "backend": .string(host.literal("networking.nftables.enable") == .bool(true) ? "nftables" : "iptables"),
            "enable": .bool(true), "extraCommands": .bool(false), "extraForwardRules": .bool(false), "extraInputRules": .bool(false),
            "interfaces": .object(lan ? JSONObject(host.plan.host.lanInterfaces.map { ($0, JSONValue.object(ports(.lan))) }) : [:]),
            "tcp": numbers(.public, .tcp), "tcpRanges": .array([]), "trustedInterfaces": .array([]),
            "udp": numbers(.public, .udp), "udpRanges": .array([]),
        ])
    }
}
