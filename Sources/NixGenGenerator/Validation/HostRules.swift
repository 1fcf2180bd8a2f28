import NixGen

/// Rules on hosts: system, platform, address, and what they are assigned.
enum HostRules {
    static func check(_ plan: Plan) -> [Diagnostic] {
        var out: [Diagnostic] = []
        let serviceNames = plan.services.map(\.name)
        let roleNames = plan.roles.map(\.name)
        for host in plan.fleet.hosts {
            // Messages are built only when there is something to say: this loop runs per host.
            var name: String { quoted(host.name) }
            if host.system.platform == nil {
                out.append(.error("host \(name) has the system \(quoted(host.system.rawValue)), which is neither a Linux nor a Darwin system",
                                  at: host.location, hint: "known systems: " + System.known.map(\.rawValue).joined(separator: ", ")))
            } else if !System.known.contains(host.system) {
                out.append(.warning("host \(name) has the unusual system \(quoted(host.system.rawValue))", at: host.location,
                                    hint: "known systems: " + System.known.map(\.rawValue).joined(separator: ", ")))
            }
            if host.system == .x86_64Darwin, Release.isLater(plan.fleet.nixpkgs, than: Release.lastForIntelMacs) {
                out.append(.warning("host \(name) is an Intel Mac (x86_64-darwin), which nixpkgs builds for up to \(Release.lastForIntelMacs) only, "
                                    + "and the fleet follows \(quoted(plan.fleet.nixpkgs))", at: host.location,
                                    hint: "keep the fleet on nixos-\(Release.lastForIntelMacs) until the Mac is replaced or moves to aarch64-darwin"))
            }
            if let address = host.address {
                // nixinate puts `user@address` into a shell unquoted.
                if let problem = Downstream.addressProblem(address) {
                    out.append(.error("host \(name) has an invalid address \(quoted(address)): \(problem)", at: host.location,
                                      hint: "an address is an IP address or a DNS name, as ssh takes it"))
                }
            } else if host.platform == .nixos {
                out.append(.error("host \(name) has no address, so it cannot be deployed", at: host.location,
                                  hint: "add address: \"10.0.0.2\" (or a DNS name) to the host"))
            }
            if plan.fleet.deployers.contains(.nixinate), ["conftest", "secrix"].contains(host.name) {
                out.append(.error("host \(name) would clash with the flake app of the same name (nixinate adds one app per host)",
                                  at: host.location, hint: "rename the host"))
            }
            if let key = host.hostKey, let problem = SSHPublicKey.problem(key) {
                out.append(.error("host \(name) has a host key that is not a well-formed SSH public key: \(problem)", at: host.location,
                                  hint: "use the line of /etc/ssh/ssh_host_ed25519_key.pub: \"ssh-ed25519 AAAA...\""))
            }
            // (`index(forKey:)`: only whether it is declared is asked, not for the service.)
            for assignment in host.services where plan.servicesByName.index(forKey: assignment.name) == nil {
                out.append(.error("host \(name) runs \(quoted(assignment.name)), which is not a declared service",
                                  at: assignment.location, hint: didYouMean(assignment.name, serviceNames, "declare the service in the fleet")))
            }
            for assignment in host.roles where plan.rolesByName.index(forKey: assignment.name) == nil {
                out.append(.error("host \(name) has role \(quoted(assignment.name)), which is not a declared role",
                                  at: assignment.location, hint: didYouMean(assignment.name, roleNames, "declare the role in the fleet")))
            }
            for duplicate in repeated(host.services) where host.services.count > 1 {
                out.append(.warning("host \(name) is assigned service \(quoted(duplicate.name)) more than once", at: duplicate.location))
            }
            for duplicate in repeated(host.roles) {
                out.append(.warning("host \(name) is given role \(quoted(duplicate.name)) more than once", at: duplicate.location))
            }
            if !host.imports.isEmpty { out += importProblems(host.imports, owner: "host \(name)") }
        }
        for role in plan.fleet.roles {
            for assignment in role.services where plan.servicesByName[assignment.name] == nil {
                out.append(.error("role \(quoted(role.name)) runs \(quoted(assignment.name)), which is not a declared service",
                                  at: assignment.location, hint: didYouMean(assignment.name, serviceNames, "declare the service in the fleet")))
            }
            out += importProblems(role.imports, owner: "role \(quoted(role.name))")
        }
        for (user, keys) in plan.fleet.recipients {
            if let problem = Names.fileNameProblem(user) {
                out.append(.error("secret recipient \(quoted(user)) has an invalid name: \(problem)", at: plan.fleet.location))
            }
            for key in keys {
                guard let problem = SSHPublicKey.problem(key) else { continue }
                out.append(.error("secret recipient \(quoted(user)) has a key that is not a well-formed SSH public key (\(problem)): \(quoted(key))",
                                  at: plan.fleet.location))
            }
        }
        // What each host checks of its services, worked out once per service, by its place in the plan.
        let hasSecrets = plan.services.map { !$0.secrets.isEmpty }
        let platforms = plan.services.map(\.platforms)
        for hostPlan in plan.hosts {
            let host = hostPlan.host
            let positions = hostPlan.services.positions
            // At the host, where the key or the platform is declared; a note for each service that
            // brings a secret there.
            let bringing = positions.enumerated().filter { hasSecrets[$0.element] }.map { hostPlan.services[$0.offset] }
            if !bringing.isEmpty, host.platform == .darwin || host.hostKey == nil {
                let notes = bringing.map { service in
                    Diagnostic.Note("runs \(quoted(service.name)), which brings secret\(service.secrets.count == 1 ? "" : "s") "
                                    + service.secrets.map { quoted($0.name) }.joined(separator: ", ") + " here",
                                    at: hostPlan.assignments[service.name] ?? host.location)
                }
                if host.platform == .darwin {
                    out.append(.error("host \(quoted(host.name)) is a Mac, and secrets need secrix, which is NixOS-only", at: host.location,
                                      hint: "run the services with secrets on a NixOS host", notes: notes))
                } else {
                    out.append(.error("host \(quoted(host.name)) has no hostKey, but secrets are encrypted to it", at: host.location,
                                      hint: "declare Host(\(quoted(host.name)), ..., hostKey: \"ssh-ed25519 AAAA...\") with the line of /etc/ssh/ssh_host_ed25519_key.pub",
                                      notes: notes))
                }
            }
            for (index, position) in positions.enumerated() where !platforms[position].contains(hostPlan.platform) {
                let service = hostPlan.services[index]
                out.append(.error("service \(quoted(service.name)) runs only on \(service.platforms.map(\.rawValue).joined(separator: ", ")), but host \(quoted(hostPlan.name)) is \(hostPlan.platform.rawValue)",
                                  at: hostPlan.assignments[service.name] ?? hostPlan.host.location,
                                  hint: "assign it to a \(service.platforms.first?.rawValue ?? "nixos") host, or declare Supports(...) on the service"))
            }
        }
        return out
    }

    private static func importProblems(_ imports: [Import], owner: String) -> [Diagnostic] {
        imports.compactMap { item in
            if let problem = Names.relativePathProblem(item.path) {
                return .error("\(owner) imports \(quoted(item.path)): \(problem)", at: item.location,
                              hint: "imports are paths relative to the nix/ folder, such as \"hardware/atlas.nix\"")
            }
            if !item.path.hasSuffix(".nix") {
                return .error("\(owner) imports \(quoted(item.path)), which is not a .nix file", at: item.location)
            }
            return nil
        }
    }

    private static func repeated(_ assignments: [Assignment]) -> [Assignment] {
        zip(assignments, assignments.repeats(by: \.name)).filter(\.1).map(\.0)
    }

    static func didYouMean(_ name: String, _ candidates: [String], _ otherwise: String) -> String {
        Names.suggestion(for: name, among: candidates).map { "did you mean \(quoted($0))?" } ?? otherwise
    }
}
