import NixGen

/// The NixOS modules of the `nix/` tree: one per host, service and role, plus nixgen's own.
package enum NixModules {
    /// `{ config, lib, ... }:` — the header of a module that reads options.
    static let moduleArguments = NixExpr.Parameter.pattern(["config", "lib"], ellipsis: true)
    /// `{ ... }:` — the header of a module that only sets options.
    static let plainArguments = NixExpr.Parameter.pattern([], ellipsis: true)

    /// `nix/nixgen.nix`: the options every service module contributes to, and the assertion that
    /// no two enabled services on a host bind the same port — still true after hand edits.
    static func core() -> NixExpr {
        let claimants = NixExpr.call(
            "lib.concatMapStringsSep", .string(" and "),
            .lambda(.name("binding"), .ref("binding.service")), .variable("claimants"))
        let message = NixExpr.interpolated([
            .text("port "), .interpolation(.variable("port")), .text(" on "),
            .interpolation(.ref("config.networking.hostName")), .text(" is bound by "), .interpolation(claimants),
        ])
        let assertion = NixExpr.lambda(.name("port"), .lambda(.name("claimants"), .attrs([
            .assign(["assertion"], .binary(.call("builtins.length", .variable("claimants")), .equal, .int(1))),
            .assign(["message"], message),
        ])))
        let key = NixExpr.lambda(.name("binding"), .interpolated([
            .interpolation(.call("toString", .ref("binding.port"))), .text("/"), .interpolation(.ref("binding.protocol")),
        ]))
        return .lambda(moduleArguments, .letIn(
            [.assign(["claims"], .call("lib.groupBy", key, .ref("config.nixgen.bindings")))],
            .attrs([
                .assign(["options", "nixgen", "bindings"], .call("lib.mkOption", .attrs([
                    .assign(["type"], .call("lib.types.listOf", .ref("lib.types.attrs"))),
                    .assign(["default"], .list([])),
                    .assign(["internal"], .bool(true)),
                    .assign(["description"], .string("Ports bound by the enabled nixgen services on this host.")),
                ]))),
                .assign(["options", "nixgen", "lanInterfaces"], .call("lib.mkOption", .attrs([
                    .assign(["type"], .call("lib.types.listOf", .ref("lib.types.str"))),
                    .assign(["default"], .list([])),
                    .assign(["description"], .string("Interfaces on the local network: lan ports open on these only.")),
                ]))),
                .assign(["config", "assertions"], .call("lib.mapAttrsToList", assertion, .variable("claims"))),
            ], spaced: true)))
    }

    /// `nix/services/<name>.nix`: enabled per host, every port read from the registry.
    static func service(_ service: Service, plan: Plan) -> NixExpr {
        let ports = service.ports
        func port(_ port: Port, _ field: String) -> NixExpr { .select(.variable("ports"), [service.name, port.name, field], or: nil) }
        let resolver = ValueResolver(plan: plan, service: service)
        var tree = SettingsTree()
        for setting in service.settings { tree.set(setting.path, value: setting.value, resolver: resolver) }
        for item in ports { if let option = item.option { tree.set(option.components, port(item, "port")) } }
        if let unit = service.systemdUnit, !service.secrets.isEmpty {
            tree.set(["secrix", "services", service.name, "systemdService"], .string(unit))
        }
        for secret in service.secrets {
            let base = ["secrix", "services", service.name, "secrets", secret.name]
            tree.set(base + ["encrypted", "file"], .path("../../" + secret.file))
            if let owner = secret.owner { tree.set(base + ["decrypted", "user"], .string(owner)) }
            if let group = secret.group { tree.set(base + ["decrypted", "group"], .string(group)) }
            if let mode = secret.mode { tree.set(base + ["decrypted", "mode"], .string(mode)) }
            if let option = secret.option {
                tree.set(option.components, .select(.variable("config"), base + ["decrypted", "path"], or: nil))
            }
        }
        // `.public` ports open on every interface, `.lan` ports on the host's lan interfaces only.
        var firewall: [(path: [String], value: NixExpr)] = []
        var perInterface: [NixExpr.Binding] = []
        for proto in IPProtocol.allCases {
            let option = "allowed\(proto.rawValue.uppercased())Ports"
            let open = service.firewallPorts.filter { $0.protocol == proto }
            let everywhere = open.filter { $0.exposure == .public }
            let lan = open.filter { $0.exposure == .lan }
            if !everywhere.isEmpty { firewall.append((["networking", "firewall", option], .list(everywhere.map { port($0, "port") }))) }
            if !lan.isEmpty { perInterface.append(.assign([option], .list(lan.map { port($0, "port") }))) }
        }
        if !perInterface.isEmpty {
            firewall.append((["networking", "firewall", "interfaces"], .call(
                "lib.genAttrs", .ref("config.nixgen.lanInterfaces"), .lambda(.name("interface"), .attrs(perInterface)))))
        }
        if !ports.isEmpty {
            tree.set(["nixgen", "bindings"], .list(ports.map { item in
                .attrs([
                    .assign(["name"], .string(item.name)), .assign(["port"], port(item, "port")),
                    .assign(["protocol"], port(item, "protocol")), .assign(["service"], .string(service.name)),
                ])
            }))
        }
        var lets = dataBindings(resolver, ports: !ports.isEmpty)
        lets.append(.assign(["cfg"], .select(.variable("config"), ["nixgen", "services", service.name], or: nil)))
        var arguments = header(["config", "lib"], resolver)
        var config: NixExpr
        if service.runsOnDarwin, !firewall.isEmpty {
            // nix-darwin has no firewall options: open ports only where NixOS declares them.
            var nixosOnly = SettingsTree()
            for (path, value) in firewall { nixosOnly.set(path, value) }
            arguments = header(["config", "lib", "options"], resolver)
            config = .call("lib.mkMerge", .list([.attrs(tree.bindings()), .call(
                "lib.optionalAttrs", .binary(.variable("options"), .hasAttribute, .ref("networking.firewall")),
                .attrs(nixosOnly.bindings()))]))
        } else {
            for (path, value) in firewall { tree.set(path, value) }
            config = .attrs(tree.bindings())
        }
        let body = NixExpr.attrs([
            .assign(["options", "nixgen", "services", service.name, "enable"],
                    .call("lib.mkEnableOption", .string(service.summary ?? service.name))),
            .assign(["config"], .call("lib.mkIf", .ref("cfg.enable"), config)),
        ], spaced: true)
        return .lambda(arguments, .letIn(lets, body))
    }

    /// `nix/roles/<name>.nix`: the role's settings and imports.
    static func role(_ role: Role, plan: Plan) -> NixExpr {
        let resolver = ValueResolver(plan: plan, service: nil)
        var tree = SettingsTree()
        for setting in role.settings { tree.set(setting.path, value: setting.value, resolver: resolver) }
        var bindings: [NixExpr.Binding] = []
        let imports = role.imports.map(\.path)
        if !imports.isEmpty { bindings.append(.assign(["imports"], .list(imports.map { .path("../" + $0) }))) }
        return module(.attrs(bindings + tree.bindings(), spaced: true), resolver)
    }

    /// `{ ... }:` grown by what the resolved values read: `config`, `lib`, raw arguments; and a
    /// `let` for the registry and the inventory when they are read.
    private static func module(_ body: NixExpr, _ resolver: ValueResolver) -> NixExpr {
        var names: [String] = []
        if resolver.usesConfig { names.append("config") }
        if resolver.usesLib { names.append("lib") }
        let lets = dataBindings(resolver)
        let arguments = header(names, resolver)
        return .lambda(arguments, lets.isEmpty ? body : .letIn(lets, body))
    }

    /// `ports = import ../registry/ports.nix;` and `inventory = import ../inventory.nix;`, each when
    /// the module reads it (`ports` also when the service declares ports of its own).
    private static func dataBindings(_ resolver: ValueResolver, ports: Bool = false) -> [NixExpr.Binding] {
        var lets: [NixExpr.Binding] = []
        if ports || resolver.usesPorts { lets.append(.assign(["ports"], .call("import", .path("../registry/ports.nix")))) }
        if resolver.usesInventory { lets.append(.assign(["inventory"], .call("import", .path("../inventory.nix")))) }
        return lets
    }

    /// A module header: `fixed`, then the raw expressions' arguments, sorted.
    private static func header(_ fixed: [String], _ resolver: ValueResolver) -> NixExpr.Parameter {
        .pattern(fixed + resolver.arguments.subtracting(fixed).sorted(), ellipsis: true)
    }

    /// `nix/hosts/<name>.nix`: the one file per host.
    static func host(_ plan: Plan.HostPlan, in whole: Plan) -> NixExpr {
        let fleet = whole.fleet
        let resolver = ValueResolver(plan: whole, service: nil)
        let host = plan.host
        var imports: [NixExpr] = [.path("../nixgen.nix")]
        imports += plan.ownImports.map { .path("../" + $0.path) }
        imports += plan.roles.map { .path("../roles/\($0.name).nix") }
        let services = plan.services.names
        imports += services.map { .path("../services/\($0).nix") }

        var tree = SettingsTree()
        for setting in host.settings { tree.set(setting.path, value: setting.value, resolver: resolver) }
        tree.set(["networking", "hostName"], .string(host.name))
        tree.set(["nixpkgs", "hostPlatform"], .string(host.system.rawValue))
        switch plan.stateVersion {
        case .nixos(let release): tree.set(["system", "stateVersion"], .string(release))
        case .darwin(let number): tree.set(["system", "stateVersion"], .int(number))
        case nil: break
        }
        for service in services { tree.set(["nixgen", "services", service, "enable"], .bool(true)) }
        if !host.lanInterfaces.isEmpty { tree.set(["nixgen", "lanInterfaces"], .list(host.lanInterfaces.map(NixExpr.string))) }
        if host.platform == .nixos, let key = host.hostKey, plan.services.haveSecrets {
            tree.set(["secrix", "hostPubKey"], .string(key))
        }
        if host.platform == .nixos, host.address != nil { deployUser(plan.deployment, admins: fleet.admins, into: &tree) }
        if host.platform == .nixos, fleet.deployers.contains(.nixinate), let address = host.address {
            let deployment = plan.deployment
            // A default: a module argument takes one definition, and a host adopted with
            // `nixgen import` may still set its own; the policies judge whichever is in effect.
            resolver.useLib()
            tree.set(["_module", "args", "nixinate"], .call("lib.mkDefault", .attrs([
                .assign(["host"], .string(address)),
                .assign(["sshUser"], .string(deployment.sshUser)),
                .assign(["buildOn"], .string(deployment.buildOn.rawValue)),
                .assign(["substituteOnTarget"], .bool(deployment.substituteOnTarget)),
                .assign(["hermetic"], .bool(deployment.hermetic)),
            ])))
        }
        return module(.attrs([.assign(["imports"], .list(imports))] + tree.bindings(), spaced: true), resolver)
    }

    /// The user nixinate and colmena log in as, with the admins' keys and exactly the rights a
    /// deploy needs: a trusted Nix user (every deploy copies unsigned store paths: the flake
    /// source, derivations or a locally built closure) and password-less sudo (activation runs the
    /// new system's switch script as root). root needs only the keys.
    private static func deployUser(_ deployment: Deployment, admins: [String: [String]], into tree: inout SettingsTree) {
        let user = deployment.sshUser
        let keys = NixExpr.list(admins.keys.sorted().flatMap { admins[$0]! }.map(NixExpr.string))
        tree.set(["users", "users", user, "openssh", "authorizedKeys", "keys"], keys)
        guard user != "root" else { return }
        tree.set(["users", "users", user, "isNormalUser"], .bool(true))
        tree.set(["users", "users", user, "extraGroups"], .list([.string("wheel")]))
        tree.set(["nix", "settings", "trusted-users"], .list([.string("root"), .string(user)]))
        tree.set(["security", "sudo", "extraRules"], .list([.attrs([
            .assign(["users"], .list([.string(user)])),
            .assign(["commands"], .list([.attrs([
                .assign(["command"], .string("ALL")),
                .assign(["options"], .list([.string("NOPASSWD")])),
            ])])),
        ])]))
    }
}
