import NixGen

/// Rules that decide whether a rendered host can be deployed at all: its state version, its
/// hardware module, where its `.lan` ports open, and who may log in to deploy it.
package enum DeployRules {
    /// nix-darwin 26.05's highest `system.stateVersion` (`system.maxStateVersion`).
    static let darwinMaxStateVersion = 7

    static func check(_ plan: Plan) -> [Diagnostic] {
        var out: [Diagnostic] = []
        if let release = plan.fleet.stateVersion, !isRelease(release) {
            out.append(.error("the fleet's stateVersion \(quoted(release)) is not a NixOS release", at: plan.fleet.location,
                              hint: "a release is written YY.MM, such as \"26.05\""))
        }
        if let number = plan.fleet.darwinStateVersion, !(1...darwinMaxStateVersion).contains(number) {
            out.append(.error("the fleet's darwinStateVersion \(number) is not between 1 and \(darwinMaxStateVersion)",
                              at: plan.fleet.location))
        }
        var deployed = false
        for hostPlan in plan.hosts {
            let host = hostPlan.host
            out += stateVersionProblems(hostPlan)
            guard host.platform == .nixos else { continue }
            deployed = deployed || host.address != nil
            if !hostPlan.imports.contains(where: { $0.path.hasPrefix("hardware/") }) {
                out.append(.error("host \(quoted(host.name)) imports no hardware module, so NixOS has no root file system or boot loader for it",
                                  at: host.location,
                                  hint: "add Import(\"hardware/\(host.name).nix\") with the output of `nixos-generate-config --show-hardware-config` (`nixgen new-host` scaffolds a placeholder)"))
            }
            // NixOS' iptables firewall names interfaces in its rules unquoted.
            for interface in host.lanInterfaces {
                guard let problem = Downstream.interfaceProblem(interface) else { continue }
                out.append(.error("host \(quoted(host.name)) has an invalid lan interface \(quoted(interface)): \(problem)", at: host.location,
                                  hint: "use the name `ip link` shows, such as \"enp1s0\""))
            }
            if let user = host.deployment?.sshUser, let problem = Downstream.userNameProblem(user) {
                out.append(.error("host \(quoted(host.name)) deploys as \(quoted(user)), which is not a user name: \(problem)", at: host.location,
                                  hint: "nixinate and colmena log in as this user through ssh, and NixOS creates it"))
            }
            // Named only for a host without lan interfaces: the one that needs the message.
            let lanPorts = host.lanInterfaces.isEmpty ? hostPlan.services.flatMap { service in
                service.firewallPorts.filter { $0.exposure == .lan }.map { "\(service.name).\($0.name)" }
            } : []
            if let first = lanPorts.first {
                out.append(.error("host \(quoted(host.name)) opens lan ports (\(first)\(lanPorts.count > 1 ? " and \(lanPorts.count - 1) more" : "")) but declares no lanInterfaces",
                                  at: host.location, hint: "add lanInterfaces: [\"enp1s0\"] to the host: lan ports open only there"))
            }
        }
        if let problem = Downstream.userNameProblem(plan.fleet.deployment.sshUser) {
            out.append(.error("the fleet deploys as \(quoted(plan.fleet.deployment.sshUser)), which is not a user name: \(problem)",
                              at: plan.fleet.location, hint: "nixinate and colmena log in as this user through ssh, and NixOS creates it"))
        }
        if let problem = Downstream.flakeReferenceProblem(plan.fleet.nixpkgs) {
            out.append(.error("the fleet's nixpkgs \(quoted(plan.fleet.nixpkgs)) is not a flake reference: \(problem)", at: plan.fleet.location,
                              hint: "e.g. \"\(Fleet.defaultNixpkgs)\""))
        }
        if deployed, plan.fleet.admins.isEmpty {
            out.append(.error("the fleet declares no admins, so nobody can log in to deploy its NixOS hosts", at: plan.fleet.location,
                              hint: "add admins: [\"alice\": [\"ssh-ed25519 AAAA...\"]] to the Fleet"))
        }
        for (admin, keys) in plan.fleet.admins {
            if let problem = Names.fileNameProblem(admin) {
                out.append(.error("admin \(quoted(admin)) has an invalid name: \(problem)", at: plan.fleet.location))
            }
            if keys.isEmpty { out.append(.error("admin \(quoted(admin)) has no SSH key", at: plan.fleet.location)) }
            for key in keys {
                guard let problem = SSHPublicKey.problem(key) else { continue }
                out.append(.error("admin \(quoted(admin)) has a key that is not a well-formed SSH public key (\(problem)): \(quoted(key))",
                                  at: plan.fleet.location))
            }
        }
        return out
    }

    private static func stateVersionProblems(_ hostPlan: Plan.HostPlan) -> [Diagnostic] {
        let host = hostPlan.host
        guard let version = hostPlan.stateVersion else {
            let example = host.platform == .nixos ? "Fleet(stateVersion: \"26.05\")" : "Fleet(darwinStateVersion: 6)"
            return [.error("host \(quoted(host.name)) has no stateVersion", at: host.location,
                           hint: "set the release it was installed with: \(example), or the host's stateVersion:")]
        }
        switch version {
        case .nixos(let release) where host.platform != .nixos, .nixos(let release) where !isRelease(release):
            return [.error("host \(quoted(host.name)) has stateVersion \(quoted(release)), but a \(host.platform.rawValue) host's is \(host.platform == .nixos ? "a release such as \"26.05\"" : "a number such as 6")",
                           at: host.location)]
        case .darwin(let number) where host.platform != .darwin || !(1...darwinMaxStateVersion).contains(number):
            return [.error("host \(quoted(host.name)) has stateVersion \(number), but a \(host.platform.rawValue) host's is \(host.platform == .darwin ? "between 1 and \(darwinMaxStateVersion)" : "a release such as \"26.05\"")",
                           at: host.location)]
        default:
            return []
        }
    }

    /// `YY.MM`, as NixOS names its releases.
    static func isRelease(_ text: String) -> Bool {
        let parts = text.split(separator: ".", omittingEmptySubsequences: false)
        return parts.count == 2 && parts.allSatisfy { $0.count == 2 && $0.allSatisfy { $0.isASCII && $0.isNumber } }
    }

    /// Linux interface names: 1 to 15 bytes, no '/', ':' or white space.
    package static func isInterfaceName(_ name: String) -> Bool { Downstream.interfaceProblem(name) == nil }
}
