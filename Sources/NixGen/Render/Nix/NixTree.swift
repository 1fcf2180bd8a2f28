/// The `nix/` tree: flake, inventory, registry, and the modules.
enum NixTree {
    static func files(_ plan: Plan) -> [String: String] {
        var files: [String: String] = [:]
        files["nix/flake.nix"] = NixPrinter.file(flake(plan))
        files["nix/nixgen.nix"] = NixPrinter.file(NixModules.core())
        files["nix/registry/ports.nix"] = NixPrinter.file(NixExpr(Inventory.ports(plan)))
        files["nix/inventory.nix"] = NixPrinter.file(inventory(plan))
        let hosts = plan.hosts.parallelMap { ("nix/hosts/\($0.host.name).nix", NixPrinter.file(NixModules.host($0))) }
        for (path, text) in hosts { files[path] = text }
        for service in plan.services {
            files["nix/services/\(service.name).nix"] = NixPrinter.file(NixModules.service(service))
        }
        for role in plan.roles { files["nix/roles/\(role.name).nix"] = NixPrinter.file(NixModules.role(role)) }
        return files
    }

    /// Pure data; the registry is imported, not repeated, so it stays the single source of truth.
    static func inventory(_ plan: Plan) -> NixExpr {
        var bindings = Inventory.withoutPorts(plan).map { key, value in (key, NixExpr(value)) }
        bindings.append(("ports", .call("import", .path("./registry/ports.nix"))))
        return .attrs(bindings.sorted { $0.0 < $1.0 }.map { .assign([$0.0], $0.1) })
    }

    static func flake(_ plan: Plan) -> NixExpr {
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
        var outputs: [NixExpr.Binding] = [
            .assign(["inventory"], .call("import", .path("./inventory.nix"))),
            .assign(["nixosConfigurations"], configurations),
        ]
        if usesSecrets {
            let systems = Set(nixos.compactMap { $0.host.system?.rawValue }).sorted()
            outputs.append(.assign(["apps"], .attrs(systems.map { system in
                .assign([system, "secrix"], .call("secrix.secrix", .variable("self")))
            })))
        }
        let parameters = ["self", "nixpkgs"] + (usesSecrets ? ["secrix"] : [])
        return .attrs([
            .assign(["inputs"], .attrs(inputs)),
            .assign(["outputs"], .lambda(.pattern(parameters, ellipsis: true), .attrs(outputs, spaced: true))),
        ], spaced: true)
    }
}
