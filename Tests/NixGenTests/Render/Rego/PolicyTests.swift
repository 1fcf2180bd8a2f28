import FleetDefinition
import Foundation
import NixGen
import NixGenCLICore
import NixGenGenerator
import NixGenTestSupport
import XCTest

/// The generated policies, run in real OPA and in regorus (any difference fails), over the policy
/// input the flake's evaluated configurations produce through the harness (live with the upstream
/// sources, recorded without them: see `Evaluations`).
final class PolicyTests: XCTestCase {
    override func setUpWithError() throws { try Tools.requireValidators(nix: false) }

    private func repository(_ fleet: Fleet = exampleFleet) throws -> URL { try DeployableHostsTests.repository(fleet) }
    private var examplePolicies: URL { Golden.directory("example").appendingPathComponent("policies") }

    /// The packages whose `deny` rules judge the input.
    private let judging = ["shape", "ports", "hosts", "services", "secrets", "wiring", "observed", "options", "generated"]

    private func messages(_ report: [String: [String: [String]]], _ engine: String = "opa") -> [String] {
        (report[engine] ?? [:]).values.flatMap { $0 }.sorted()
    }

    func testEveryDenyRuleHasATestWhereItFires() throws {
        for package in judging {
            let policy = try String(contentsOf: examplePolicies.appendingPathComponent("\(package).rego"), encoding: .utf8)
            let tests = try String(contentsOf: examplePolicies.appendingPathComponent("\(package)_test.rego"), encoding: .utf8)
            let rules = policy.components(separatedBy: "deny contains msg if").count - 1
            let firing = tests.components(separatedBy: "\" in denies(").count - 1
                + tests.components(separatedBy: "\" in \(package).deny").count - 1
            XCTAssertGreaterThanOrEqual(firing, rules, "\(package): every deny rule needs a test where it fires")
            XCTAssertTrue(tests.contains("count(denies(fixture.input_doc)) == 0"), "\(package): and one where none fires")
        }
    }

    func testPoliciesAreRegoV1AsOPAEnforcesIt() throws {
        let policies = Tools.temporaryDirectory("policies").appendingPathComponent("policies")
        try FileManager.default.copyItem(at: examplePolicies, to: policies)
        for file in try FileManager.default.contentsOfDirectory(atPath: policies.path) where file.hasSuffix(".rego") {
            let text = try String(contentsOf: policies.appendingPathComponent(file), encoding: .utf8)
            XCTAssertFalse(text.contains("deny["), file)
            XCTAssertFalse(text.contains("deny if"), "\(file): OPA 1.x wants `deny contains msg if`")
            XCTAssertFalse(text.range(of: #"(?m)^\s*(contains|if|in|every|some|not|with|as|default|else)\s*:="#, options: .regularExpression) != nil,
                           "\(file): a reserved word used as a variable")
            XCTAssertTrue(text.contains("\nimport rego.v1\n"), file)
            XCTAssertFalse(text.contains("\u{FEFF}"), "\(file): OPA rejects a byte-order mark")
        }
        // Both engines load Rego v1 and reject v0 syntax: prove the check would notice.
        try "package v0\n\ndeny[msg] { msg := \"x\" }\n".write(to: policies.appendingPathComponent("v0.rego"), atomically: true, encoding: .utf8)
        XCTAssertThrowsError(try Rego.run(["test", policies.path]))
    }

    /// The example fleet, evaluated through the harness, gets no deny in either engine, and its
    /// evaluated input has the shape the schema describes.
    func testTheExampleFleetsEvaluatedConfigurationGetsNoDenies() throws {
        let example = try Evaluations.of("example")
        let (status, report) = try Evaluations.judge(example)
        XCTAssertEqual(status, 0, "\(report)")
        XCTAssertEqual(messages(report), [])
        XCTAssertEqual(Set(report["opa"]?.keys ?? [:].keys), Set(judging.map { "nixgen." + $0 }))
        let file = Tools.temporaryDirectory("input").appendingPathComponent("input.json")
        try JSONSerialization.data(withJSONObject: example.policyInput).write(to: file)
        try Rego.run(["schema", examplePolicies.appendingPathComponent("input.schema.json").path, file.path])
        let hosts = try XCTUnwrap(example.policyInput["hosts"] as? [String: Any])
        XCTAssertEqual(hosts.count, 19, "every NixOS host and Mac of the flake is judged")
    }

    /// nix/policy-input.nix sends a host equal to its expectation (nix/expected.json) as
    /// {"asExpected": true}, and the policies skip it. Sound only if every expectation passes every
    /// policy, examined rule by rule: proven here for every golden fleet, with the expected
    /// documents themselves as the input. And the real evaluation takes that path for every host.
    func testExpectationsPassEveryPolicyAndEvaluatedHostsMeetThem() throws {
        for (name, _) in Evaluations.fleets {
            let directory = Golden.directory(name)
            let expected = try XCTUnwrap(JSONSerialization.jsonObject(with: Data(contentsOf: directory.appendingPathComponent("nix/expected.json"))) as? [String: Any])
            var input = try Evaluations.of(name).policyInput
            let hosts = try XCTUnwrap(input["hosts"] as? [String: [String: Bool]], name)
            XCTAssertEqual(Set(hosts.values), [["asExpected": true]], "\(name): every evaluated host is as expected")
            input["hosts"] = expected["hosts"]
            let denies = try Rego.denies(policies: directory.appendingPathComponent("policies"), input: input)
            XCTAssertEqual(denies.values.flatMap { $0 }, [], "\(name): the expectations pass every policy")
        }
    }

    /// The corpus of hand edits (Tests/Rego/mutations.py): every harmful edit gets its own deny,
    /// every harmless one none, in OPA and regorus alike.
    func testMutationCorpus() throws {
        try Harness.require()
        let directory = try repository()
        var environment = ProcessInfo.processInfo.environment
        environment["NIXGEN_UPSTREAM"] = Harness.upstream?.path
        environment["NIXGEN_PYTHON"] = Rego.python!
        let result = try Tools.run(Rego.python!, [Golden.repositoryRoot.appendingPathComponent("Tests/Rego/mutations.py").path, directory.path],
                                   environment: environment)
        XCTAssertEqual(result.status, 0, result.output + result.errors)
        let summaryLine = try XCTUnwrap(result.output.split(separator: "\n").last)
        let summary = try XCTUnwrap(JSONSerialization.jsonObject(with: Data(summaryLine.utf8)) as? [String: Any])
        let harmful = try XCTUnwrap(summary["harmful"] as? Int), harmless = try XCTUnwrap(summary["harmless"] as? Int)
        XCTAssertGreaterThanOrEqual(harmful, 40)
        XCTAssertGreaterThanOrEqual(harmless, 20)
        let engines = try XCTUnwrap(summary["engines"] as? [String: [String: Int]])
        for engine in ["opa", "regorus"] {
            XCTAssertEqual(engines[engine]?["caught"], harmful, engine)
            XCTAssertEqual(engines[engine]?["quiet"], harmless, engine)
        }
    }

    /// check-policies says 2, not "no deny", when the input cannot be evaluated.
    func testAnInputThatDoesNotEvaluateIsExit2() throws {
        try Harness.require()
        let directory = try repository()
        try "{ nope".write(to: directory.appendingPathComponent("nix/hardware/atlas.nix"), atomically: true, encoding: .utf8)
        XCTAssertEqual(try Harness.checkPolicies(directory).status, 2)
    }

    func testHostileStringsSurviveIntoRegoAndBack() throws {
        let hostile = try Evaluations.of("hostile")
        let policies = Golden.directory("hostile").appendingPathComponent("policies").path
        let fromData = try Rego.run(["query", policies, "data.nixgen.fleet.services.weird.ports.http"])
        let expected = AttrPath(["services", "weird", "${port}"]).description
        XCTAssertEqual(try JSONSerialization.jsonObject(with: Data(fromData.utf8)) as? [String: String], ["opa": expected, "regorus": expected])
        let file = Tools.temporaryDirectory("input").appendingPathComponent("input.json")
        try JSONSerialization.data(withJSONObject: hostile.policyInput).write(to: file)
        let fromInput = try Rego.run(["query", policies, "input.hosts.hostile.asExpected", file.path])
        XCTAssertEqual(try JSONSerialization.jsonObject(with: Data(fromInput.utf8)) as? [String: Bool], ["opa": true, "regorus": true],
                       "the hostile fleet's host evaluates to exactly its expectation")
        XCTAssertEqual(try Evaluations.judge(hostile).status, 0)
    }
}
