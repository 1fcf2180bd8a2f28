import FleetDefinition
import Foundation
import NixGen
import NixGenGenerator
import NixGenTestSupport
import XCTest

/// The four ordinary day-2 changes, applied to the example fleet. Each renders to exactly the diff
/// pinned in `golden/day-two/<change>.diff` (every dependent reference on other hosts included,
/// nothing else), and each changed fleet evaluates through the harness with every consumer
/// following and no policy deny.
final class DayTwoTests: XCTestCase {
    static let changes: [(name: String, fleet: Fleet)] = [
        ("move-grafana", DayTwo.moving("grafana", from: "demeter", to: "pallas", in: exampleFleet)),
        ("change-grafana-port", DayTwo.settingPort("grafana", "http", to: 3001, in: exampleFleet)),
        ("remove-runner-host", DayTwo.removingHost("boreas", from: exampleFleet)),
        ("rename-loki", DayTwo.renamingService("loki", to: "logs", in: exampleFleet)),
    ]

    /// Every file's unified diff, in path order: what `render --check` would show in the PR.
    static func diff(from old: RenderedTree, to new: RenderedTree) -> String {
        Set(old.files.keys).union(new.files.keys).sorted().compactMap { path in
            old.files[path] == new.files[path] ? nil : UnifiedDiff.diff(path: path, old: old.files[path], new: new.files[path])
        }.joined()
    }

    func testEachChangeRendersExactlyItsPinnedDiff() throws {
        let base = try XCTUnwrap(Generator.run(exampleFleet).tree)
        for (name, fleet) in Self.changes {
            let generation = Generator.run(fleet)
            XCTAssertEqual(generation.diagnostics.filter { $0.severity == .error }, [], name)
            let diff = Self.diff(from: base, to: try XCTUnwrap(generation.tree, name))
            if let failure = Golden.checkText(diff, at: "day-two/\(name).diff") { XCTFail(failure) }
        }
    }

    private func proxies(_ wiring: [String: [String: Any]]) -> [String: String] { wiring["eos"]?["proxies"] as? [String: String] ?? [:] }
    private func list(_ wiring: [String: [String: Any]], _ host: String, _ key: String) -> [String] { wiring[host]?[key] as? [String] ?? [] }
    private var base: [String: [String: Any]] {
        get throws { try XCTUnwrap(try Evaluations.of("example").policyInput["wiring"] as? [String: [String: Any]]) }
    }

    /// The example's dependent references, read from the fleet as evaluated by the real module
    /// system (recorded where the upstream sources are absent).
    func testTheExamplesConsumersInTheEvaluatedConfiguration() throws {
        let base = try base
        XCTAssertEqual(proxies(base), ["git.example.org": "http://10.0.0.2:3000", "grafana.example.org": "http://10.0.0.5:3000",
                                       "vault.example.org": "http://10.0.0.7:8222"])
        XCTAssertTrue(list(base, "demeter", "scrapeTargets").contains("10.0.0.3:9100"))
        XCTAssertTrue(list(base, "iris", "dnsRecords").contains("\"boreas.lan. IN A 10.0.0.3\""))
        XCTAssertEqual(list(base, "iris", "dnsRecords"), list(base, "leto", "dnsRecords"))
        // The mesh: each member gets the others as peers, at their address and the registry's port.
        for (host, ip, peers) in [("janus", "10.100.0.1/24", ["10.0.0.5:51820", "10.0.0.6:51820"]),
                                  ("eos", "10.100.0.2/24", ["10.0.0.5:51820", "10.0.0.11:51820"])] {
            let wg0 = try XCTUnwrap(try Evaluations.of("example")
                .probe("fleet.nixosConfigurations.\(host).config.networking.wireguard.interfaces.wg0") as? [String: Any])
            XCTAssertEqual(wg0["ips"] as? [String], [ip], host)
            let evaluated = try XCTUnwrap(wg0["peers"] as? [[String: Any]])
            XCTAssertEqual(evaluated.compactMap { $0["endpoint"] as? String }, peers, host)
            XCTAssertFalse(evaluated.contains { ($0["allowedIPs"] as? [String]) == [ip.replacingOccurrences(of: "/24", with: "/32")] }, "\(host) is not its own peer")
        }
    }

    /// Each day-two change's consumers follow it in the evaluated configuration (needs the
    /// upstream sources: a changed fleet is no golden tree, so it has no recording).
    func testEveryChangesConsumersFollowInTheEvaluatedConfiguration() throws {
        try Harness.require()
        func wiring(_ fleet: Fleet) throws -> (root: URL, wiring: [String: [String: Any]]) {
            let root = try DeployableHostsTests.repository(fleet)
            let input = try XCTUnwrap(Harness.evaluate(root, "fleet.policyInput") as? [String: Any])
            return (root, try XCTUnwrap(input["wiring"] as? [String: [String: Any]]))
        }
        let base = try base
        for (name, fleet) in Self.changes {
            let (root, changed) = try wiring(fleet)
            switch name {
            case "move-grafana":
                XCTAssertEqual(proxies(changed)["grafana.example.org"], "http://10.0.0.17:3000", "the proxy follows grafana to pallas")
            case "change-grafana-port":
                XCTAssertEqual(proxies(changed)["grafana.example.org"], "http://10.0.0.5:3001", "the proxy follows the new port")
                let port = try Harness.evaluate(root, "fleet.nixosConfigurations.demeter.config.services.grafana.settings.server.http_port")
                XCTAssertEqual(port as? Int, 3001)
            case "remove-runner-host":
                XCTAssertFalse(list(changed, "demeter", "scrapeTargets").contains("10.0.0.3:9100"), "no scrape of the removed host")
                XCTAssertFalse(list(changed, "iris", "dnsRecords").contains { $0.contains("boreas") }, "no DNS record of it")
                XCTAssertEqual(list(changed, "demeter", "scrapeTargets").count, list(base, "demeter", "scrapeTargets").count - 1)
            case "rename-loki":
                let datasources = try XCTUnwrap(Harness.evaluate(
                    root, "fleet.nixosConfigurations.demeter.config.services.grafana.provision.datasources.settings.datasources") as? [[String: Any]])
                XCTAssertEqual(datasources.compactMap { $0["url"] as? String }, ["http://10.0.0.5:9090", "http://10.0.0.5:3100"])
            default: XCTFail("unknown change \(name)")
            }
            let (status, report) = try Harness.checkPolicies(root)
            XCTAssertEqual(status, 0, "\(name): \(report)")
        }
    }
}
