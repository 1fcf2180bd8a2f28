import Foundation
import NixGenCLICore
import NixGenGenerator
import NixGenTestSupport
import XCTest

/// The recorded evaluations (Tests/Recordings) are what CI judges where the pinned upstream sources
/// are absent: each names the golden tree and harness it was made from, is re-derived wherever the
/// sources are present, and passes its tree's own policies in both Rego engines.
final class RecordingTests: XCTestCase {
    private static func pretty(_ object: Any) throws -> String {
        String(decoding: try JSONSerialization.data(withJSONObject: object, options: [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]),
               as: UTF8.self) + "\n"
    }

    /// Without any tool: a tree or harness changed since its recording fails here, in CI too.
    func testEveryRecordingNamesTheTreeAndHarnessItWasMadeFrom() throws {
        if Golden.isRecording { throw XCTSkip("recording") }
        let recorded = Set((try? FileManager.default.contentsOfDirectory(atPath: Recording.file("x").deletingLastPathComponent().path)) ?? [])
        XCTAssertEqual(recorded, Set(Evaluations.fleets.map { "\($0.name).json" }), "one recording per golden fleet, no other")
        let rerecord = "re-record with NIXGEN_UPSTREAM=… NIXGEN_RECORD=1 swift test --filter RecordingTests"
        for (name, _) in Evaluations.fleets {
            let recording = try Recording.read(name)
            XCTAssertEqual(recording.tree, Recording.treeDigest(name), "golden/\(name) changed since Tests/Recordings/\(name).json: \(rerecord)")
            XCTAssertEqual(recording.harness, Recording.harnessDigest, "Tests/Harness changed since Tests/Recordings/\(name).json: \(rerecord)")
            XCTAssertEqual(recording.upstream, Harness.commits, "\(name) was recorded with other upstream commits: \(rerecord)")
        }
    }

    /// The digest tells trees apart by one byte (or it could not fail).
    func testTheTreeDigestSeesOneChangedByte() throws {
        let copy = Tools.temporaryDirectory("digest").appendingPathComponent("minimal")
        try FileManager.default.copyItem(at: Golden.directory("minimal"), to: copy)
        XCTAssertEqual(Recording.digest(copy, skipping: [".nixgen.lock"]), Recording.treeDigest("minimal"))
        let host = copy.appendingPathComponent("nix/hosts/solo.nix")
        try (try String(contentsOf: host, encoding: .utf8) + " ").write(to: host, atomically: true, encoding: .utf8)
        XCTAssertNotEqual(Recording.digest(copy, skipping: [".nixgen.lock"]), Recording.treeDigest("minimal"))
    }

    /// With the upstream sources: the harness evaluates each golden fleet to exactly its recording
    /// (`NIXGEN_RECORD=1` writes it instead, and fails the run, as for golden files).
    func testEveryRecordingReDerivesFromTheHarness() throws {
        try Harness.require()
        for (name, fleet) in Evaluations.fleets {
            let live = try Evaluations.live(fleet, probes: Evaluations.probes[name, default: []])
            if Golden.isRecording {
                try Recording(tree: Recording.treeDigest(name), harness: Recording.harnessDigest, upstream: Harness.commits,
                              evaluation: live).write(name)
                XCTFail("recorded Tests/Recordings/\(name).json: review `git diff Tests/Recordings` and run again without NIXGEN_RECORD")
                continue
            }
            let recorded = try Self.pretty((try? Recording.read(name))?.evaluation ?? [:])
            let derived = try Self.pretty(live)
            if recorded != derived {
                XCTFail("Tests/Recordings/\(name).json differs from the harness (record with NIXGEN_RECORD=1):\n"
                        + UnifiedDiff.diff(path: "Recordings/\(name).json", old: recorded, new: derived))
            }
        }
    }

    /// CI's judgement of the recorded evaluations: every golden tree's policies load and pass every
    /// `test_` rule in OPA and regorus alike, its recorded input has the schema's shape, and no
    /// policy denies it in either engine.
    func testEveryRecordingPassesItsTreesPoliciesInBothEngines() throws {
        try Tools.requireValidators(nix: false)
        let script = Golden.repositoryRoot.appendingPathComponent("Tests/Rego/rego_check.py").path
        for (name, _) in Evaluations.fleets {
            let evaluation = try Evaluations.of(name)
            let policies = Golden.directory(name).appendingPathComponent("policies")
            let tests = try Tools.run(Rego.python!, [script, "test", policies.path])
            XCTAssertEqual(tests.status, 0, "\(name): " + tests.output + tests.errors)
            let report = try XCTUnwrap(JSONSerialization.jsonObject(with: Data(tests.output.utf8)) as? [String: [String: [String]]], name)
            XCTAssertEqual(report["opa"]?["passed"], report["regorus"]?["passed"], name)
            XCTAssertEqual(report["opa"]?["failed"], [], name)
            XCTAssertGreaterThanOrEqual(report["opa"]?["passed"]?.count ?? 0, 60, name)

            let input = Tools.temporaryDirectory("input").appendingPathComponent("input.json")
            try JSONSerialization.data(withJSONObject: evaluation.policyInput, options: [.sortedKeys]).write(to: input)
            try Rego.run(["schema", policies.appendingPathComponent("input.schema.json").path, input.path])
            let (status, denies) = try Evaluations.judge(evaluation)
            XCTAssertEqual(status, 0, "\(name): \(denies)")
            XCTAssertEqual(denies["opa"]?.values.flatMap { $0 } ?? ["no report"], [], name)
            XCTAssertEqual(denies["regorus"]?.values.flatMap { $0 } ?? ["no report"], [], name)
        }
    }
}
