import FleetDefinition
import Foundation
import NixGen
import NixGenCLICore
import NixGenGenerator
import NixGenTestSupport
import XCTest

/// Every golden fleet, evaluated as a user's machine would: the flake's `outputs` called with the
/// real nixinate, secrix, colmena and nix-darwin flakes, hosts merged by the real `lib.evalModules`
/// (Tests/Harness says which stand-ins replace what cannot be had offline). Where those sources are
/// absent, the same assertions judge the recorded evaluations (Tests/Recordings).
final class DeployableHostsTests: XCTestCase {
    /// A fleet rendered into a repository with what its user keeps beside the tree.
    static func repository(_ fleet: Fleet, tree: RenderedTree? = nil) throws -> URL {
        let directory = Tools.temporaryDirectory("deployable")
        try Tools.materialize(try (tree ?? XCTUnwrap(Generator.run(fleet).tree)).files, in: directory)
        try Harness.completeRepository(directory, imports: Plan(fleet).hosts.flatMap { $0.imports.map(\.path) },
                                       secrets: fleet.services.flatMap { $0.secrets.map(\.file) })
        return directory
    }

    /// Each golden fleet's evaluation: live with the upstream sources, recorded without them.
    private func eachFleet(_ body: (Evaluation) throws -> Void) throws {
        for (name, _) in Evaluations.fleets { try body(try Evaluations.of(name)) }
    }

    func testEveryHostEvaluatesWithoutFailedAssertionsOrWarnings() throws {
        try eachFleet { fleet in
            let nixos = fleet.plan.hosts.filter { $0.platform == .nixos }
            XCTAssertEqual(Set(fleet.nixos.keys), Set(nixos.map(\.name)), fleet.name)
            for host in nixos {
                let report = try XCTUnwrap(fleet.nixos[host.name])
                XCTAssertEqual(report["failedAssertions"] as? [String], [], "\(fleet.name)/\(host.name)")
                XCTAssertEqual(report["warnings"] as? [String], [], "\(fleet.name)/\(host.name)")
                XCTAssertEqual(report["hostName"] as? String, host.name)
                XCTAssertTrue((report["toplevel"] as? String)?.hasSuffix(".drv") ?? false)
                guard case .nixos(let release) = host.stateVersion else { return XCTFail("\(host.name) has no NixOS stateVersion") }
                XCTAssertEqual(report["stateVersion"] as? String, release)
            }
        }
    }

    func testEveryMacEvaluatesThroughNixDarwinToASystem() throws {
        var macs = 0
        try eachFleet { fleet in
            for host in fleet.plan.hosts where host.platform == .darwin {
                let report = try XCTUnwrap(fleet.darwin[host.name], "\(fleet.name)/\(host.name)")
                XCTAssertTrue((report["toplevel"] as? String)?.hasSuffix("darwin-system-26.05.dirty.drv") ?? false, "\(report)")
                XCTAssertEqual(report["system"] as? String, host.host.system.rawValue)
                guard case .darwin(let number) = host.stateVersion else { return XCTFail("\(host.name) has no darwin stateVersion") }
                XCTAssertEqual(report["stateVersion"] as? Int, number)
                macs += 1
            }
        }
        XCTAssertGreaterThanOrEqual(macs, 4)
    }

    /// `.public` ports open on every interface, `.lan` ports on the lan interfaces only, and
    /// nothing else: the registry is what the evaluated firewall opens.
    func testFirewallPerInterfaceIsExactlyTheRegistry() throws {
        try eachFleet { fleet in
            for host in fleet.plan.hosts where host.platform == .nixos {
                let firewall = try XCTUnwrap(fleet.nixos[host.name]?["firewall"] as? [String: Any])
                func expected(_ exposure: Exposure, _ proto: IPProtocol) -> Set<Int> {
                    Set(host.services.flatMap(\.firewallPorts).filter { $0.exposure == exposure && $0.protocol == proto }.map(\.number))
                }
                XCTAssertEqual(firewall["enable"] as? Bool, true)
                XCTAssertEqual(Set(firewall["allowedTCPPorts"] as? [Int] ?? [-1]), expected(.public, .tcp), host.name)
                XCTAssertEqual(Set(firewall["allowedUDPPorts"] as? [Int] ?? [-1]), expected(.public, .udp), host.name)
                let interfaces = try XCTUnwrap(firewall["interfaces"] as? [String: [String: Any]])
                let lan = host.services.flatMap(\.firewallPorts).contains { $0.exposure == .lan }
                XCTAssertEqual(Set(interfaces.keys), lan ? Set(host.host.lanInterfaces) : [], host.name)
                for (_, ports) in interfaces {
                    XCTAssertEqual(Set(ports["allowedTCPPorts"] as? [Int] ?? []), expected(.lan, .tcp), host.name)
                    XCTAssertEqual(Set(ports["allowedUDPPorts"] as? [Int] ?? []), expected(.lan, .udp), host.name)
                }
            }
        }
    }

    /// The flake nixinate hands to `nixos-rebuild --flake` is the flake's own copy, and it holds
    /// every secret file the host's secrix configuration points at.
    func testNixinateDeploysAFlakeThatHoldsTheHostsSecrets() throws {
        var secrets = 0
        try eachFleet { fleet in
            let source = try XCTUnwrap(fleet.report["source"] as? String)
            for host in fleet.plan.hosts where host.platform == .nixos && fleet.plan.fleet.deployers.contains(.nixinate) {
                let report = try XCTUnwrap(fleet.nixos[host.name])
                XCTAssertEqual(report["deployedFlake"] as? String, source, "\(fleet.name)/\(host.name)")
                let nixinate = try XCTUnwrap(report["nixinate"] as? [String: Any])
                XCTAssertEqual(nixinate["host"] as? String, host.host.address)
                XCTAssertEqual(nixinate["sshUser"] as? String, host.deployment.sshUser)
                XCTAssertEqual(nixinate["buildOn"] as? String, host.deployment.buildOn.rawValue)
                XCTAssertEqual(nixinate["substituteOnTarget"] as? Bool, host.deployment.substituteOnTarget)
                XCTAssertEqual(nixinate["hermetic"] as? Bool, host.deployment.hermetic)
                for secret in report["secrets"] as? [[String: Any]] ?? [] {
                    let file = try XCTUnwrap(secret["file"] as? String)
                    XCTAssertTrue(file.hasPrefix(source + "/secrets/"), file)
                    XCTAssertEqual(secret["exists"] as? Bool, true, file)
                    XCTAssertEqual(secret["path"] as? String, "/run/\(secret["service"]!)-keys/\(secret["name"]!)")
                    secrets += 1
                }
                let declared = host.services.flatMap(\.secrets).count
                XCTAssertEqual((report["secrets"] as? [Any])?.count, declared, host.name)
            }
        }
        XCTAssertGreaterThanOrEqual(secrets, 10)
    }

    func testNixinateMakesOneAppPerNixOSHostOnEverySystem() throws {
        try eachFleet { fleet in
            guard fleet.plan.fleet.deployers.contains(.nixinate) else { return }
            let hosts = fleet.plan.hosts.filter { $0.platform == .nixos }.map(\.name)
            for system in ["aarch64-darwin", "aarch64-linux", "x86_64-darwin", "x86_64-linux"] {
                let apps = Set(try XCTUnwrap(fleet.apps[system], system).keys)
                XCTAssertTrue(Set(hosts + hosts.map { $0 + "-dry-run" }).isSubset(of: apps), "\(fleet.name) \(system)")
                XCTAssertTrue(apps.contains("conftest"))
            }
        }
    }

    /// secrix's app runs on x86_64-linux only, so it is exposed there only, with an x86_64 age.
    func testAppsAreExposedOnlyWhereTheyRun() throws {
        try eachFleet { fleet in
            let secrets = fleet.plan.services.contains { !$0.secrets.isEmpty }
            for (system, apps) in fleet.apps {
                XCTAssertEqual(apps["secrix"] != nil, secrets && system == "x86_64-linux", "\(fleet.name) \(system)")
                XCTAssertEqual(apps["colmena"] != nil, fleet.plan.fleet.deployers.contains(.colmena), "\(fleet.name) \(system)")
                if let colmena = (apps["colmena"] as? [String: Any])?["program"] as? String {
                    XCTAssertTrue(colmena.hasSuffix("-colmena/bin/colmena"), colmena)
                }
            }
        }
        let example = try Evaluations.of("example")
        let script = try XCTUnwrap(try example.probe("secrixAgeBins") as? [String])
        let age = try XCTUnwrap(try example.probe("inputs.nixpkgs.legacyPackages.x86_64-linux.age.outPath") as? String)
        XCTAssertEqual(Set(script), ["\(age)/bin/age"], "the secrix app calls the x86_64-linux age for every host")
    }

    func testColmenaEvaluatesEveryNodeAsDeclared() throws {
        try eachFleet { fleet in
            guard fleet.plan.fleet.deployers.contains(.colmena) else { return }
            let nodes = try XCTUnwrap(fleet.report["colmena"] as? [String: [String: Any]])
            let nixos = fleet.plan.hosts.filter { $0.platform == .nixos }
            XCTAssertEqual(Set(nodes.keys), Set(nixos.map(\.name)))
            for host in nixos {
                let node = try XCTUnwrap(nodes[host.name])
                XCTAssertEqual(node["targetHost"] as? String, host.host.address)
                XCTAssertEqual(node["targetUser"] as? String, host.deployment.sshUser)
                XCTAssertEqual(node["buildOnTarget"] as? Bool, host.deployment.buildOn == .remote)
                XCTAssertEqual(node["tags"] as? [String], host.roles.map(\.name))
            }
        }
    }

    /// The deploy user logs in with the admins' keys, is trusted by Nix (every deploy copies
    /// unsigned store paths) and may activate the system through sudo; root needs only the keys.
    func testDeployUserHasExactlyTheRightsADeployNeeds() throws {
        try eachFleet { fleet in
            let keys = fleet.plan.fleet.admins.keys.sorted().flatMap { fleet.plan.fleet.admins[$0]! }
            for host in fleet.plan.hosts where host.platform == .nixos {
                let report = try XCTUnwrap(fleet.nixos[host.name])
                let user = host.deployment.sshUser
                let account = try XCTUnwrap((report["users"] as? [String: [String: Any]])?[user], "\(host.name): \(user)")
                XCTAssertEqual(account["keys"] as? [String], keys)
                if user == "root" {
                    XCTAssertEqual((report["sudoRules"] as? [Any])?.count, 0, host.name)
                    continue
                }
                XCTAssertEqual(account["isNormalUser"] as? Bool, true)
                XCTAssertEqual(account["extraGroups"] as? [String], ["wheel"])
                XCTAssertTrue((report["trustedUsers"] as? [String] ?? []).contains(user))
                let rules = try XCTUnwrap(report["sudoRules"] as? [[String: Any]])
                XCTAssertEqual(rules.count, 1)
                XCTAssertEqual(rules.first?["users"] as? [String], [user])
            }
        }
    }
}
