/// `nix/flake.nix`: the fleet's configurations, its data outputs, and the policy check.
enum Flake {
    /// Systems an operator runs `nix flake check` and the apps on.
    static let workstationSystems = ["aarch64-darwin", "aarch64-linux", "x86_64-darwin", "x86_64-linux"]

    static func expression(_ plan: Plan) -> NixExpr {
        let usesSecrets = plan.services.contains { !$0.secrets.isEmpty }
        var inputs: [NixExpr.Binding] = [.assign(["nixpkgs", "url"], .string(plan.fleet.nixpkgs))]
        if usesSecrets {
            inputs.append(.assign(["secrix", "url"], .string("github:Platonic-Systems/secrix")))
            inputs.append(.assign(["secrix", "inputs", "nixpkgs", "follows"], .string("nixpkgs")))
        }
        var shared: [NixExpr] = []
        if usesSecrets { shared.append(.ref("secrix.nixosModules.secrix")) }

        let nixos = plan.hosts.filter { $0.host.platform == .nixos }
        let configurations = NixExpr.attrs(nixos.map { host in
            .assign([host.host.name], .call("nixpkgs.lib.nixosSystem", .attrs([
                .assign(["modules"], .list(shared + [.path("./hosts/\(host.host.name).nix")])),
            ])))
        })

        var apps: [NixExpr.Binding] = [
            .assign(["conftest"], .attrs([
                .assign(["type"], .string("app")),
                .assign(["program"], .interpolated([.interpolation(.call(.variable("conftest"), .variable("system")))])),
            ])),
        ]
        if usesSecrets { apps.append(.assign(["secrix"], .call("secrix.secrix", .variable("self")))) }

        let outputs: [NixExpr.Binding] = [
            .assign(["inventory"], .call("import", .path("./inventory.nix"))),
            .assign(["policyInput"], .variable("policyInput")),
            .assign(["nixosConfigurations"], configurations),
            .assign(["checks"], .call(.variable("forAllSystems"), .lambda(.name("system"), .attrs([
                .assign(["policies"], .call(
                    .select(.selectDynamic(.ref("nixpkgs.legacyPackages"), .variable("system")), ["runCommand"], or: nil),
                    .string("nixgen-policies"), .attrs([]),
                    .indented([
                        .interpolation(.call(.variable("conftest"), .variable("system"))), .text("\ntouch $out\n"),
                    ]))),
            ])))),
            .assign(["apps"], .call(.variable("forAllSystems"), .lambda(.name("system"), .attrs(apps)))),
        ]
        let parameters = ["self", "nixpkgs"] + (usesSecrets ? ["secrix"] : [])
        return .attrs([
            .assign(["inputs"], .attrs(inputs)),
            .assign(["outputs"], .lambda(.pattern(parameters, ellipsis: true), .letIn(lets, .attrs(outputs, spaced: true)))),
        ], spaced: true)
    }

    /// `forAllSystems`, the evaluated policy input, and the conftest script the check and the app run.
    static var lets: [NixExpr.Binding] {
        let pkgs = NixExpr.variable("pkgs")
        let conftest = NixExpr.StringPart.interpolation(.select(pkgs, ["conftest"], or: nil))
        let policies = NixExpr.StringPart.interpolation(.path("../policies"))
        let inputFile = NixExpr.StringPart.interpolation(.call(.select(pkgs, ["writeText"], or: nil), .string("policy-input.json"),
                                                     .call("builtins.toJSON", .variable("policyInput"))))
        let script = NixExpr.indented([
            .text("set -eu\n# conftest keeps state under $HOME, which the build sandbox does not provide.\nexport HOME=\"${TMPDIR:-/tmp}\"\n"),
            conftest, .text("/bin/conftest verify --policy "), policies, .text("\n"),
            conftest, .text("/bin/conftest test --all-namespaces --policy "), policies, .text(" "), inputFile, .text("\n"),
        ])
        return [
            .assign(["forAllSystems"], .call("nixpkgs.lib.genAttrs", .list(workstationSystems.map(NixExpr.string)))),
            .assign(["policyInput"], .call("import", .path("./policy-input.nix"))),
            .assign(["conftest"], .lambda(.name("system"), .letIn(
                [.assign(["pkgs"], .selectDynamic(.ref("nixpkgs.legacyPackages"), .variable("system")))],
                .call(.select(pkgs, ["writeShellScript"], or: nil), .string("nixgen-conftest"), script)))),
        ]
    }
}
