import FleetDefinition
import Foundation
import NixGen
import NixGenCLICore
import NixGenGenerator
import NixGenTestSupport
import XCTest

/// `nixgen plan` in a real git repository: the base read with git, the head from disk.
final class PlanCommandTests: XCTestCase {
    private var directory: URL!

    override func setUpWithError() throws {
        guard Tools.find("git") != nil else { throw XCTSkip("git is not installed") }
        directory = Tools.temporaryDirectory("plan")
        _ = try TreeWriter(directory: directory, sync: false).write(try XCTUnwrap(Generator.run(exampleFleet).tree))
        try Tools.materialize(["nix/hardware/atlas.nix": "{ }\n", "flake.lock": "{}\n"], in: directory)
        try git(["init", "-q", "-b", "main"])
        try git(["add", "-A"])
        try git(["-c", "user.name=t", "-c", "user.email=t@example.org", "commit", "-qm", "base"])
    }

    override func tearDown() { if let directory { try? FileManager.default.removeItem(at: directory) } }

    @discardableResult
    private func git(_ arguments: [String]) throws -> String {
        let result = try Tools.run(Tools.find("git")!, ["-C", directory.path] + arguments)
        XCTAssertEqual(result.status, 0, result.errors)
        return result.output
    }

    private func plan(_ arguments: [String]) -> (code: Int32, out: String, err: String) {
        let console = Console(isTerminal: false)
        let code = CLI(arguments: ["plan"] + arguments + ["--output", directory.path], fleet: { exampleFleet }, environment: [:],
                       currentDirectory: URL(fileURLWithPath: "/"), console: console).run()
        return (code, console.output, console.errors)
    }

    private func render(_ fleet: Fleet) throws {
        _ = try TreeWriter(directory: directory, sync: false).write(try XCTUnwrap(Generator.run(fleet).tree))
    }

    func testAMoveIsPlannedAgainstTheCommittedTree() throws {
        try render(DayTwo.moving("grafana", from: "demeter", to: "pallas", in: exampleFleet))
        let text = plan(["HEAD"])
        XCTAssertEqual(text.code, 0, text.err)
        XCTAssertTrue(text.out.contains("wiring: nginx on eos: grafana moved demeter → pallas"), text.out)
        XCTAssertEqual(plan(["HEAD", "--fail-on-change"]).code, 1)
        XCTAssertEqual(plan(["HEAD", "--hosts"]).out, "demeter\neos\npallas\n")
        let json = try XCTUnwrap(JSONSerialization.jsonObject(with: Data(plan(["HEAD", "--json"]).out.utf8)) as? [String: Any])
        XCTAssertEqual(json["changes"] as? Bool, true)
        XCTAssertEqual(json["untouched"] as? Int, 16)
        XCTAssertTrue(plan(["HEAD", "--format", "markdown"]).out.hasPrefix("### nixgen plan\n"))
    }

    func testNothingChangedExitsZeroEvenWhenFailingOnChange() throws {
        let result = plan(["HEAD", "--fail-on-change"])
        XCTAssertEqual(result.code, 0, result.err)
        XCTAssertEqual(result.out, "Plan: No changes: 19 hosts untouched.\n")
        XCTAssertEqual(plan(["HEAD", "--hosts"]).out, "")
    }

    func testUserFilesReachTheirHostsAndTheLockEveryHost() throws {
        try Tools.materialize(["nix/hardware/atlas.nix": "{ boot.kernelModules = [ \"kvm-intel\" ]; }\n"], in: directory)
        XCTAssertEqual(plan(["HEAD", "--hosts"]).out, "atlas\n")
        try Tools.materialize(["flake.lock": "{ \"version\": 7 }\n"], in: directory)
        XCTAssertEqual(plan(["HEAD", "--hosts"]).out.split(separator: "\n").count, 19)
    }

    func testAnUnknownBaseIsAnError() {
        let result = plan(["no-such-revision"])
        XCTAssertEqual(result.code, 1)
        XCTAssertTrue(result.err.hasPrefix("Error: no-such-revision is not a revision"), result.err)
    }
}
