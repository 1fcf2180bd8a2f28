import FleetDefinition
import Foundation
import NixGen
import NixGenTestSupport
import XCTest

/// The generated policies, proven by a real Rego engine over input produced by real Nix.
final class PolicyTests: XCTestCase {
    override func setUpWithError() throws {
        for reason in [Nix.unavailableReason, Rego.unavailableReason].compactMap({ $0 }) {
            if Tools.isCI { XCTFail("CI requires the validators: \(reason)") }
            throw XCTSkip(reason)
        }
    }

    /// Renders `fleet` into a temporary folder and returns it.
    /// Renders `fleet` into a temporary folder, with a stand-in for each encrypted secret file as a
    /// repository would commit them, and returns the folder.
    private func rendered(_ fleet: Fleet = exampleFleet) throws -> URL {
        let directory = Tools.temporaryDirectory("policies")
        try Tools.materialize(try XCTUnwrap(Generator.run(fleet).tree).files, in: directory)
        let secrets = fleet.services.flatMap(\.secrets).map { ($0.file, "age-encryption.org/v1 stand-in\n") }
        try Tools.materialize(Dictionary(secrets, uniquingKeysWith: { first, _ in first }), in: directory)
        return directory
    }

    /// The policy input, as real Nix evaluates it from the files on disk.
    private func evaluatedInput(_ directory: URL) throws -> [String: Any] {
        try XCTUnwrap(Nix.evalJSON(file: directory.appendingPathComponent("nix/policy-input.nix")) as? [String: Any])
    }

    private func allDenies(_ directory: URL, _ input: Any) throws -> [String] {
        try Rego.denies(policies: directory.appendingPathComponent("policies"), input: input).values.flatMap { $0 }.sorted()
    }

    func testEveryPolicyTestPasses() throws {
        let directory = try rendered()
        let output = try Rego.run(["test", directory.appendingPathComponent("policies").path])
        let report = try XCTUnwrap(JSONSerialization.jsonObject(with: Data(output.utf8)) as? [String: [String]])
        XCTAssertEqual(report["failed"], [])
        XCTAssertGreaterThanOrEqual(report["passed"]?.count ?? 0, 32)
    }

    func testEveryDenyRuleHasATestWhereItFires() throws {
        let directory = try rendered()
        for package in ["ports", "hosts", "services", "secrets"] {
            let policy = try String(contentsOf: directory.appendingPathComponent("policies/\(package).rego"), encoding: .utf8)
            let tests = try String(contentsOf: directory.appendingPathComponent("policies/\(package)_test.rego"), encoding: .utf8)
            let rules = policy.components(separatedBy: "deny contains msg if").count - 1
            let firing = tests.components(separatedBy: "\" in denies(").count - 1
                + tests.components(separatedBy: "\" in \(package).deny").count - 1
            XCTAssertGreaterThanOrEqual(firing, rules, "\(package): every deny rule needs a test where it fires")
            XCTAssertTrue(tests.contains("count(denies(fixture.input_doc)) == 0"), "\(package): and one where none fires")
        }
    }

    func testPoliciesAreRegoV1AsOPAEnforcesIt() throws {
        let directory = try rendered()
        for file in try FileManager.default.contentsOfDirectory(atPath: directory.appendingPathComponent("policies").path)
        where file.hasSuffix(".rego") {
            let text = try String(contentsOf: directory.appendingPathComponent("policies/\(file)"), encoding: .utf8)
            XCTAssertFalse(text.contains("deny["), file)
            XCTAssertFalse(text.contains("deny if"), "\(file): OPA 1.x wants `deny contains msg if`")
            XCTAssertFalse(text.range(of: #"\b(contains|if|in|every|some|not|with|as|default|else)\s*:="#, options: .regularExpression) != nil,
                           "\(file): a reserved word used as a variable")
            XCTAssertFalse(text.contains("todo_"), file)
            XCTAssertTrue(text.contains("\nimport rego.v1\n"), file)
        }
        // regorus loads policies as Rego v1 and rejects v0 syntax: prove the engine would notice.
        let bad = directory.appendingPathComponent("policies/v0.rego")
        try "package v0\n\ndeny[msg] { msg := \"x\" }\n".write(to: bad, atomically: true, encoding: .utf8)
        XCTAssertThrowsError(try Rego.run(["test", directory.appendingPathComponent("policies").path]))
    }

    func testTheExampleFleetsEvaluatedNixGetsNoDenies() throws {
        let directory = try rendered()
        let input = try evaluatedInput(directory)
        XCTAssertEqual((input["hostFiles"] as? [String])?.count, 17)
        XCTAssertEqual(try allDenies(directory, input), [])
        try Rego.run(["schema", directory.appendingPathComponent("policies/input.schema.json").path,
                      try writeJSON(input)])
    }

    private func writeJSON(_ object: Any) throws -> String {
        let file = Tools.temporaryDirectory("json").appendingPathComponent("input.json")
        try JSONSerialization.data(withJSONObject: object).write(to: file)
        return file.path
    }

    /// Mutations of the real evaluated input: each must produce its message, the original none.
    func testMutationCorpus() throws {
        let directory = try rendered()
        let original = try evaluatedInput(directory)
        func mutate(_ change: (inout [String: Any]) -> Void) -> [String: Any] {
            var copy = original
            change(&copy)
            return copy
        }
        func host(_ input: inout [String: Any], _ name: String, _ change: (inout [String: Any]) -> Void) {
            var hosts = input["hosts"] as! [String: Any]
            var host = hosts[name] as! [String: Any]
            change(&host)
            hosts[name] = host
            input["hosts"] = hosts
        }
        let corpus: [(String, [String: Any])] = [
            ("atlas: port 3000/tcp is bound by both forgejo.http and grafana.http", mutate { input in
                host(&input, "atlas") { $0["bindings"] = ($0["bindings"] as! [Any]) + [["name": "http", "port": 3000, "protocol": "tcp", "service": "grafana"]] }
            }),
            ("atlas: forgejo.http binds 3001/tcp, but the registry declares 3000/tcp", mutate { input in
                host(&input, "atlas") { host in
                    host["bindings"] = (host["bindings"] as! [[String: Any]]).map { binding in
                        var binding = binding
                        if binding["service"] as? String == "forgejo", binding["name"] as? String == "http" { binding["port"] = 3001 }
                        return binding
                    }
                }
            }),
            ("atlas: the firewall opens 8080/tcp, which no lan or public port of the host declares", mutate { input in
                host(&input, "atlas") { $0["firewall"] = ["tcp": [3000, 2222, 9100, 8080], "udp": [Int]()] }
            }),
            ("atlas: nix/hosts/atlas.nix is missing", mutate { input in
                input["hostFiles"] = (input["hostFiles"] as! [String]).filter { $0 != "atlas.nix" }
            }),
            ("nix/hosts/ghost.nix is not a declared host", mutate { input in
                input["hostFiles"] = (input["hostFiles"] as! [String]) + ["ghost.nix"]
            }),
            ("atlas: runs bitcoind, which the fleet does not assign to it", mutate { input in
                host(&input, "atlas") { $0["services"] = ($0["services"] as! [String]) + ["bitcoind"] }
            }),
            ("atlas: forgejo requires postgresql on the same host", mutate { input in
                host(&input, "atlas") { host in
                    host["services"] = (host["services"] as! [String]).filter { $0 != "postgresql" }
                    host["enabled"] = (host["enabled"] as! [String]).filter { $0 != "postgresql" }
                }
            }),
            ("forgejo: secret db-password carries value; a secret is only a reference to an encrypted file", mutate { input in
                var services = input["services"] as! [String: Any]
                var forgejo = services["forgejo"] as! [String: Any]
                forgejo["secrets"] = ["db-password": ["file": "secrets/forgejo/db-password.age", "value": "hunter2"]]
                services["forgejo"] = forgejo
                input["services"] = services
            }),
        ]
        for (expected, input) in corpus {
            let denies = try allDenies(directory, input)
            XCTAssertTrue(denies.contains(expected), "expected «\(expected)», got \(denies)")
        }
    }

    /// The same invariants caught from edits to the files themselves, evaluated by Nix again.
    func testEditsOnDiskAreCaught() throws {
        let directory = try rendered()
        let nix = directory.appendingPathComponent("nix")
        try FileManager.default.removeItem(at: nix.appendingPathComponent("hosts/atlas.nix"))
        try FileManager.default.copyItem(at: nix.appendingPathComponent("hosts/eos.nix"), to: nix.appendingPathComponent("hosts/ghost.nix"))
        let registry = nix.appendingPathComponent("registry/ports.nix")
        try String(contentsOf: registry, encoding: .utf8).replacingOccurrences(of: "port = 8096;", with: "port = 8097;")
            .write(to: registry, atomically: true, encoding: .utf8)
        let module = nix.appendingPathComponent("services/jellyfin.nix")
        try String(contentsOf: module, encoding: .utf8)
            .replacingOccurrences(of: "allowedTCPPorts = [ ports.jellyfin.http.port ];", with: "allowedTCPPorts = [\n      ports.jellyfin.http.port\n      22\n    ];")
            .write(to: module, atomically: true, encoding: .utf8)
        try FileManager.default.removeItem(at: directory.appendingPathComponent("secrets/forgejo/db-password.age"))
        let denies = try allDenies(directory, try evaluatedInput(directory))
        for expected in [
            "forgejo: secret db-password's file secrets/forgejo/db-password.age is not in the repository",
            "atlas: nix/hosts/atlas.nix is missing",
            "nix/hosts/ghost.nix is not a declared host",
            "registry: jellyfin.http is 8097/tcp lan, but the fleet declares 8096/tcp lan",
            "helios: jellyfin.http binds 8097/tcp, but the registry declares 8096/tcp",
            "helios: the firewall opens 22/tcp, which no lan or public port of the host declares",
        ] {
            XCTAssertTrue(denies.contains(expected), "expected «\(expected)», got \(denies)")
        }
    }

    func testHostileStringsSurviveIntoRegoAndBack() throws {
        let directory = try rendered(Fixtures.hostile)
        let policies = directory.appendingPathComponent("policies").path
        let fromData = try Rego.run(["query", policies, "data.nixgen.fleet.services.weird.summary"])
        XCTAssertEqual(try JSONSerialization.jsonObject(with: Data(fromData.utf8), options: .fragmentsAllowed) as? String,
                       Fixtures.hostileText)
        let input = try writeJSON(try evaluatedInput(directory))
        let fromInput = try Rego.run(["query", policies, "input.services.weird.summary", input])
        XCTAssertEqual(try JSONSerialization.jsonObject(with: Data(fromInput.utf8), options: .fragmentsAllowed) as? String,
                       Fixtures.hostileText)
        XCTAssertEqual(try allDenies(directory, try evaluatedInput(directory)), [])
    }

    func testEveryFixtureFleetPassesItsOwnPolicies() throws {
        for (name, fleet) in Fixtures.all {
            let directory = try rendered(fleet)
            XCTAssertEqual(try allDenies(directory, try evaluatedInput(directory)), [], name)
        }
    }
}
