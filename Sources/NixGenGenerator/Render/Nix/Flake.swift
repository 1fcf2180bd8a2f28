import NixGen

/// `flake.nix` at the repository root: the fleet's configurations, deployment wiring, data outputs
/// and the policy check. It sits at the root, not in `nix/`, because a flake's `self` is its own
/// folder: nixinate and colmena copy exactly that to a host, and it must hold `secrets/` and
/// `policies/` beside the modules.
enum Flake {
    /// Systems an operator runs `nix flake check` and the apps on (nixinate supports the same).
    static let workstationSystems = ["aarch64-darwin", "aarch64-linux", "x86_64-darwin", "x86_64-linux"]

    static let inputURLs: [(name: String, url: String)] = [
        ("nixinate", "github:MatthewCroughan/nixinate"),
        ("colmena", "github:zhaofengli/colmena"),
        ("nix-darwin", "github:nix-darwin/nix-darwin"),
        ("secrix", "github:Platonic-Systems/secrix"),
    ]

    /// The inputs this fleet needs besides nixpkgs, in a fixed order.
    static func inputs(_ plan: Plan) -> [String] {
        var used: Set<String> = []
        for deployer in plan.fleet.deployers { used.insert(deployer.rawValue) }
        if plan.hosts.contains(where: { $0.platform == .darwin }) { used.insert("nix-darwin") }
        if plan.usesSecrets { used.insert("secrix") }
        return inputURLs.map(\.name).filter(used.contains)
    }

    /// Modules every NixOS host gets besides its own file.
    static func sharedModules(_ plan: Plan) -> [NixExpr] {
        plan.usesSecrets ? [.ref("secrix.nixosModules.secrix"), .path("./nix/secrix.nix")] : []
    }

    static func expression(_ plan: Plan) -> NixExpr {
        let inputs = inputs(plan)
        var inputBindings: [NixExpr.Binding] = [.assign(["nixpkgs", "url"], .string(plan.fleet.nixpkgs))]
        for name in inputs {
            var url = inputURLs.first { $0.name == name }!.url
            if name == "nix-darwin", let release = Release.of(plan.fleet.nixpkgs) { url += "/nix-darwin-\(release)" }
            inputBindings.append(.assign([name, "url"], .string(url)))
            inputBindings.append(.assign([name, "inputs", "nixpkgs", "follows"], .string("nixpkgs")))
        }
        // Names, not the hosts' plans: copying ten thousand of those cost more than the flake.
        let nixos = plan.hosts.lazy.filter { $0.platform == .nixos }.map(\.name)
        let darwin = plan.hosts.lazy.filter { $0.platform == .darwin }.map(\.name)
        let shared = sharedModules(plan), nixosSystem = NixExpr.ref("nixpkgs.lib.nixosSystem")
        var outputs: [NixExpr.Binding] = [
            .assign(["inventory"], .call("import", .path("./nix/inventory.nix"))),
            .assign(["policyInput"], .variable("policyInput")),
            .assign(["nixosConfigurations"], .attrs(nixos.map { name in
                .assign([name], .call(nixosSystem, .attrs([
                    .assign(["modules"], .list(shared + [.path("./nix/hosts/\(name).nix")])),
                ])))
            })),
        ]
        if !darwin.isEmpty {
            let darwinSystem = NixExpr.ref("nix-darwin.lib.darwinSystem")
            outputs.append(.assign(["darwinConfigurations"], .attrs(darwin.map { name in
                .assign([name], .call(darwinSystem, .attrs([
                    .assign(["modules"], .list([.path("./nix/hosts/\(name).nix")])),
                ])))
            })))
        }
        if plan.fleet.deployers.contains(.colmena) {
            outputs.append(.assign(["colmenaHive"], colmenaHive(plan, plan.hosts.filter { $0.platform == .nixos })))
        }
        outputs.append(.assign(["checks"], .call(.variable("forAllSystems"), .lambda(.name("system"), .attrs([
            .assign(["policies"], .call(
                .select(.selectDynamic(.ref("nixpkgs.legacyPackages"), .variable("system")), ["runCommand"], or: nil),
                .string("nixgen-policies"), .attrs([]),
                .indented([.interpolation(.call(.variable("conftest"), .variable("system"))), .text("\ntouch $out\n")]))),
        ])))))
        outputs.append(.assign(["apps"], .call(.variable("forAllSystems"), .lambda(.name("system"), apps(plan)))))

        return .attrs([
            .assign(["inputs"], .attrs(inputBindings)),
            .assign(["outputs"], .lambda(.pattern(["self", "nixpkgs"] + inputs, ellipsis: true),
                                         .letIn(lets(plan), .attrs(outputs, spaced: true)))),
        ], spaced: true)
    }

    /// Per system, only apps that run there: nixinate's deploy apps (as `apps.<system>.<host>`,
    /// the form `nix flake check` accepts), conftest over the fleet, the colmena this hive was
    /// written for, and secrix's secret tool on x86_64-linux, the one system secrix builds it for.
    static func apps(_ plan: Plan) -> NixExpr {
        var own: [NixExpr.Binding] = [
            .assign(["conftest"], .attrs([
                .assign(["type"], .string("app")),
                .assign(["program"], .interpolated([.interpolation(.call(.variable("conftest"), .variable("system")))])),
            ])),
        ]
        if plan.fleet.deployers.contains(.colmena) {
            own.append(.assign(["colmena"], .select(.selectDynamic(.ref("colmena.apps"), .variable("system")), ["colmena"], or: nil)))
        }
        var apps = NixExpr.attrs(own)
        if plan.fleet.deployers.contains(.nixinate) {
            let nixinate = NixExpr.select(
                .call(.selectDynamic(.ref("nixinate.nixinate"), .variable("system")), .variable("self")), ["nixinate"], or: nil)
            apps = .binary(nixinate, .update, apps)
        }
        if plan.usesSecrets {
            apps = .binary(apps, .update, .call("nixpkgs.lib.optionalAttrs", .binary(.variable("system"), .equal, .string(secrixSystem)),
                                                 .attrs([.assign(["secrix"], .call("secrix.secrix", .variable("secrixFleet")))])))
        }
        return apps
    }

    /// secrix's app takes its own tools from x86_64-linux and calls the `age` of the hosts'
    /// configurations, which on an aarch64 host is an aarch64 binary: it gets the hosts with an
    /// x86_64-linux age (only for the app; the hosts decrypt with their own).
    static let secrixSystem = "x86_64-linux"
    static var secrixFleet: NixExpr.Binding {
        let age = NixExpr.interpolated([
            .interpolation(.select(.variable("nixpkgs"), ["legacyPackages", secrixSystem, "age"], or: nil)),
            .text("/bin/age"),
        ])
        let extend = NixExpr.lambda(.name("_"), .lambda(.name("host"), .call(.ref("host.extendModules"), .attrs([
            .assign(["modules"], .list([.attrs([.assign(["secrix", "ageBin"], .call("nixpkgs.lib.mkForce", age))])])),
        ]))))
        return .assign(["secrixFleet"], .binary(.variable("self"), .update, .attrs([
            .assign(["nixosConfigurations"], .call("nixpkgs.lib.mapAttrs", extend, .ref("self.nixosConfigurations"))),
        ])))
    }

    /// colmena's hive: the same host files, deployment from the DSL, roles as tags (`--on @server`).
    static func colmenaHive(_ plan: Plan, _ nixos: [Plan.HostPlan]) -> NixExpr {
        func nixpkgs(_ system: String) -> NixExpr {
            .call("import", .variable("nixpkgs"), .attrs([.assign(["system"], .string(system))]))
        }
        let other = nixos.filter { $0.host.system != .x86_64Linux }
        var meta: [NixExpr.Binding] = [.assign(["nixpkgs"], nixpkgs("x86_64-linux"))]
        if !other.isEmpty {
            meta.append(.assign(["nodeNixpkgs"], .attrs(other.map { .assign([$0.name], nixpkgs($0.host.system.rawValue)) })))
        }
        var nodes: [NixExpr.Binding] = [.assign(["meta"], .attrs(meta))]
        for host in nixos {
            var deployment: [NixExpr.Binding] = []
            if let address = host.host.address { deployment.append(.assign(["targetHost"], .string(address))) }
            deployment += [
                .assign(["targetUser"], .string(host.deployment.sshUser)),
                .assign(["buildOnTarget"], .bool(host.deployment.buildOn == .remote)),
                .assign(["tags"], .list(host.roles.map { .string($0.name) })),
            ]
            nodes.append(.assign([host.name], .attrs([
                .assign(["imports"], .list(sharedModules(plan) + [.path("./nix/hosts/\(host.name).nix")])),
                .assign(["deployment"], .attrs(deployment)),
            ])))
        }
        return .call(.ref("colmena.lib.makeHive"), .attrs(nodes))
    }

    /// `forAllSystems`, the evaluated policy input, and the conftest script the check and the app run.
    static func lets(_ plan: Plan) -> [NixExpr.Binding] {
        let pkgs = NixExpr.variable("pkgs")
        let conftest = NixExpr.StringPart.interpolation(.select(pkgs, ["conftest"], or: nil))
        let policies = NixExpr.StringPart.interpolation(.path("./policies"))
        let inputFile = NixExpr.StringPart.interpolation(.call(.select(pkgs, ["writeText"], or: nil), .string("policy-input.json"),
                                                               .call("builtins.toJSON", .variable("policyInput"))))
        let data = NixExpr.StringPart.interpolation(.path("./policies/data"))
        let script = NixExpr.indented([
            .text("set -eu\n# conftest keeps state under $HOME, which the build sandbox does not provide.\nexport HOME=\"${TMPDIR:-/tmp}\"\n"),
            conftest, .text("/bin/conftest verify --policy "), policies, .text("\n"),
            conftest, .text("/bin/conftest test --all-namespaces --policy "), policies, .text(" --data "), data, .text(" "),
            inputFile, .text("\n"),
        ])
        return (plan.usesSecrets ? [secrixFleet] : []) + [
            .assign(["forAllSystems"], .call("nixpkgs.lib.genAttrs", .list(workstationSystems.map(NixExpr.string)))),
            // policy-input.nix digests every generated file but itself, which the flake does: an
            // edit that makes it answer "as expected" is then a deny of its own.
            .assign(["policyInput"], .letIn([
                .assign(["evaluated"], .call(.call("import", .path("./nix/policy-input.nix")), .attrs([
                    .inherit(from: nil, ["self"]), .assign(["lib"], .ref("nixpkgs.lib")),
                ]))),
            ], .binary(.variable("evaluated"), .update, .attrs([.assign(["generated"], .binary(.ref("evaluated.generated"), .update, .attrs([
                .assign(["nix/policy-input.nix"], .call("builtins.hashFile", .string("sha256"), .path("./nix/policy-input.nix"))),
            ])))])))),
            .assign(["conftest"], .lambda(.name("system"), .letIn(
                [.assign(["pkgs"], .selectDynamic(.ref("nixpkgs.legacyPackages"), .variable("system")))],
                .call(.select(pkgs, ["writeShellScript"], or: nil), .string("nixgen-conftest"), script)))),
        ]
    }

    /// `nix/secrix.nix`: who besides the hosts can decrypt every secret.
    static func secrixModule(_ plan: Plan) -> NixExpr {
        let recipients = plan.fleet.recipients
        return .lambda(NixModules.plainArguments, .attrs([
            .assign(["secrix", "defaultEncryptKeys"], .attrs(recipients.keys.sorted().map { user in
                .assign([user], .list(recipients[user]!.map(NixExpr.string)))
            })),
        ]))
    }
}
