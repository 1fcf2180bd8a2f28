import NixGen

/// The flake at the repository root and the `nix/` tree: inventory, registry, policy input, and the modules.
enum NixTree {
    static func files(_ plan: Plan, ports: JSONValue) -> [String: String] {
        var files: [String: String] = [:]
        files["flake.nix"] = NixPrinter.file(Flake.expression(plan))
        files["nix/nixgen.nix"] = NixPrinter.file(NixModules.core())
        files["nix/registry/ports.nix"] = NixPrinter.file(NixExpr(ports))
        files["nix/inventory.nix"] = NixPrinter.file(inventory(plan))
        files["nix/policy-input.nix"] = NixPrinter.file(PolicyInput.expression())
        if plan.usesSecrets { files["nix/secrix.nix"] = NixPrinter.file(Flake.secrixModule(plan)) }
        let hosts = plan.hosts.parallelMap { ("nix/hosts/\($0.name).nix", NixPrinter.file(NixModules.host($0, in: plan))) }
        for (path, text) in hosts { files[path] = text }
        for service in plan.services {
            files["nix/services/\(service.name).nix"] = NixPrinter.file(NixModules.service(service, plan: plan))
        }
        for role in plan.roles { files["nix/roles/\(role.name).nix"] = NixPrinter.file(NixModules.role(role, plan: plan)) }
        return files
    }

    /// Pure data; the registry is imported, not repeated, so it stays the single source of truth.
    static func inventory(_ plan: Plan) -> NixExpr {
        var bindings = Inventory.withoutPorts(plan, hostsOnDemand: true).map { key, value in (key, NixExpr(value)) }
        bindings.append(("ports", .call("import", .path("./registry/ports.nix"))))
        return .attrs(bindings.sorted { $0.0 < $1.0 }.map { .assign([$0.0], $0.1) })
    }
}
