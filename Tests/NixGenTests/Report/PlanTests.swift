import FleetDefinition
import Foundation
import NixGen
import NixGenCLICore
import NixGenGenerator
import NixGenTestSupport
import XCTest

/// `nixgen plan` says what a change does to each host from the generated trees alone. Each case is
/// pinned as the markdown a pull request would show (`golden/plans/<change>.md`).
final class PlanTests: XCTestCase {
    static func snapshot(_ tree: RenderedTree) -> GeneratedSnapshot {
        GeneratedSnapshot(expected: Data(tree.files[GeneratedSnapshot.expectedPath]!.utf8), fleet: Data(tree.files[GeneratedSnapshot.fleetPath]!.utf8))!
    }

    static func plan(_ fleet: Fleet, from base: Fleet = exampleFleet) throws -> ChangePlan {
        let old = try XCTUnwrap(Generator.run(base).tree), new = try XCTUnwrap(Generator.run(fleet).tree)
        return ChangePlan(from: snapshot(old), to: snapshot(new))
    }

    static var cases: [(name: String, fleet: Fleet)] {
        var rotated = exampleFleet
        let atlas = rotated.hosts.firstIndex { $0.name == "atlas" }!
        rotated.hosts[atlas].hostKey = "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIEhC8wIvmvOQLAXqi5xvTb7cE0vj+BfuUYjAwmtdr8Gm"
        var added = exampleFleet
        var newHost = added.hosts.first { $0.name == "metis" }!
        newHost.name = "themis"
        newHost.address = "10.0.0.40"
        added.hosts.append(newHost)
        return DayTwoTests.changes + [("new-host", added), ("rotate-host-key", rotated), ("nothing", exampleFleet)]
    }

    func testEachChangeHasItsPinnedPlan() throws {
        for (name, fleet) in Self.cases {
            if let failure = Golden.checkText(try Self.plan(fleet).markdown, at: "plans/\(name).md") { XCTFail(failure) }
        }
    }

    /// Moving grafana names both hosts, the proxy that follows it, and the secrets to re-encrypt.
    func testMovingGrafanaSaysWhoFollows() throws {
        let plan = try Self.plan(DayTwo.moving("grafana", from: "demeter", to: "pallas", in: exampleFleet))
        XCTAssertEqual(Set(plan.hosts.map(\.name)), ["demeter", "pallas", "eos"])
        XCTAssertTrue(plan.text.contains("wiring: nginx on eos: grafana moved demeter → pallas"), plan.text)
        XCTAssertEqual(plan.secrets.map(\.file), ["secrets/grafana/admin-password.age", "secrets/grafana/secret-key.age"])
        XCTAssertEqual(plan.untouched, 16)
    }

    func testNothingChangedIsAnEmptyPlan() throws {
        let plan = try Self.plan(exampleFleet)
        XCTAssertTrue(plan.isEmpty)
        XCTAssertEqual(plan.text, "Plan: No changes: 19 hosts untouched.\n")
    }
}
