import FleetDefinition
import Foundation
import NixGen
import NixGenCLICore
import NixGenGenerator
import NixGenTestSupport
import XCTest

/// What the harness evaluates for a golden fleet: its `report` (per-host facts: failed assertions,
/// warnings, stateVersion, firewall, secrets, users, deployment), the flake's `policyInput`, and the
/// values the tests read (`probes`). Live where the pinned upstream sources are here; else the
/// recording in Tests/Recordings/<name>.json, which `RecordingTests` keeps equal to the live one
/// and to the golden tree it was made from.
struct Evaluation {
    let name: String
    let fleet: Fleet
    let document: [String: Any]
    /// Whether this came from Nix now, not from the recording.
    let isLive: Bool
    let plan: Plan

    init(name: String, fleet: Fleet, document: [String: Any], isLive: Bool) {
        (self.name, self.fleet, self.document, self.isLive, plan) = (name, fleet, document, isLive, Plan(fleet))
    }

    var report: [String: Any] { document["report"] as? [String: Any] ?? [:] }
    var policyInput: [String: Any] { document["policyInput"] as? [String: Any] ?? [:] }
    var nixos: [String: [String: Any]] { report["nixos"] as? [String: [String: Any]] ?? [:] }
    var darwin: [String: [String: Any]] { report["darwin"] as? [String: [String: Any]] ?? [:] }
    var apps: [String: [String: Any]] { report["apps"] as? [String: [String: Any]] ?? [:] }

    /// A value the tests read, by its harness attribute path (listed in `Evaluations.probes`).
    func probe(_ path: String, file: StaticString = #filePath, line: UInt = #line) throws -> Any {
        guard Evaluations.probes[name, default: []].contains(path) else {
            XCTFail("\(name): \(path) is not recorded: add it to Evaluations.probes and re-record", file: file, line: line)
            throw XCTSkip("not recorded")
        }
        return try XCTUnwrap((document["probes"] as? [String: Any])?[path], "\(name): \(path)", file: file, line: line)
    }
}

enum Evaluations {
    /// Every golden fleet: those the golden tests render to golden/<name>/.
    static let fleets: [(name: String, fleet: Fleet)] = Fixtures.all + [("example", exampleFleet)]

    /// The harness attributes each fleet's tests read, beyond its report and policy input.
    static let probes: [String: [String]] = [
        "example": [
            "secrixAgeBins",
            "inputs.nixpkgs.legacyPackages.x86_64-linux.age.outPath",
            "fleet.nixosConfigurations.janus.config.networking.wireguard.interfaces.wg0",
            "fleet.nixosConfigurations.eos.config.networking.wireguard.interfaces.wg0",
            "fleet.nixosConfigurations.helios.config.nixgen.services",
            "fleet.nixosConfigurations.helios.config.services.forgejo.enable",
            "fleet.nixosConfigurations.helios.config.services.postgresql.enable",
            "fleet.nixosConfigurations.helios.config.services.grafana.enable",
            "fleet.nixosConfigurations.demeter.config.services.grafana.settings",
            "fleet.nixosConfigurations.demeter.config.services.grafana.provision.datasources.settings.datasources",
            "fleet.nixosConfigurations.demeter.config.services.loki.configuration",
            "fleet.nixosConfigurations.demeter.config.secrix.services.grafana.secrets",
            "fleet.nixosConfigurations.hestia.config.services.home-assistant.extraComponents",
            "fleet.nixosConfigurations.hestia.config.services.home-assistant.config",
            "fleet.nixosConfigurations.boreas.config.services.gitea-actions-runner.package.pname",
            "fleet.nixosConfigurations.boreas.config.services.gitea-actions-runner.instances",
            "fleet.nixosConfigurations.eos.config.services.nginx.virtualHosts",
            "fleet.nixosConfigurations.eos.config.security.acme.certs",
        ],
        "hostile": ["fleet.nixosConfigurations.hostile.config.services.weird"],
        "keywords": [
            "fleet.nixosConfigurations.kw.config.services.\"let\"",
            "fleet.nixosConfigurations.kw.config.services.\"if\"",
            "fleet.nixosConfigurations.kw.config.services.\"or\"",
            "fleet.nixosConfigurations.kw.config.services.nginx.virtualHosts",
        ],
        "operations": [
            "hostModules.forge",
            "hostModules.studio",
            "fleet.nixosConfigurations.forge.config.secrix.services.restic.systemdService",
        ],
        "wiring": [
            "fleet.nixosConfigurations.one.config.services.api",
            "fleet.nixosConfigurations.two.config.services.api.workers",
            "fleet.nixosConfigurations.one.config.environment.systemPackages",
            "fleet.nixosConfigurations.two.config.services.monitor",
            "fleet.nixosConfigurations.two.config.services.prometheus.scrapeConfigs",
            "fleet.nixosConfigurations.two.config.services.nginx.virtualHosts",
            "fleet.nixosConfigurations.two.config.services.unbound.settings.server.local-data",
        ],
    ]

    nonisolated(unsafe) private static var cache: [String: Evaluation] = [:]
    private static let lock = NSLock()

    /// The fleet's evaluation: live with upstream sources, else recorded.
    static func of(_ name: String) throws -> Evaluation {
        lock.lock(); defer { lock.unlock() }
        if let cached = cache[name] { return cached }
        let fleet = try XCTUnwrap(fleets.first { $0.name == name }?.fleet, "no golden fleet \(name)")
        let evaluation: Evaluation
        if Harness.upstream != nil, Nix.unavailableReason == nil {
            evaluation = Evaluation(name: name, fleet: fleet, document: try live(fleet, probes: probes[name, default: []]), isLive: true)
        } else {
            let recording = try Recording.read(name)
            evaluation = Evaluation(name: name, fleet: fleet, document: recording.evaluation, isLive: false)
        }
        cache[name] = evaluation
        return evaluation
    }

    /// Evaluates a fleet through the harness, in one Nix call: report, policy input, probes.
    static func live(_ fleet: Fleet, probes: [String]) throws -> [String: Any] {
        let root = try DeployableHostsTests.repository(fleet)
        let value = try Harness.evaluate(root) { harness in
            "let h = \(harness); in { report = h.report; policyInput = h.fleet.policyInput; probes = { "
                + probes.map { "\(nixString($0)) = h.\($0); " }.joined() + "}; }"
        }
        return try XCTUnwrap(value as? [String: Any])
    }

    /// A Nix string literal of a probe path (which may hold quotes).
    private static func nixString(_ text: String) -> String {
        "\"" + text.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\"", with: "\\\"")
            .replacingOccurrences(of: "$", with: "\\$") + "\""
    }

    /// Runs a golden tree's own policies over an evaluation's policy input, in OPA and regorus:
    /// the exit status of rego_check.py (0 none, 1 denies, 2 disagreement) and both reports.
    static func judge(_ evaluation: Evaluation, input: [String: Any]? = nil) throws -> (status: Int32, report: [String: [String: [String]]]) {
        let file = Tools.temporaryDirectory("input").appendingPathComponent("input.json")
        try JSONSerialization.data(withJSONObject: input ?? evaluation.policyInput, options: [.sortedKeys]).write(to: file)
        let policies = Golden.directory(evaluation.name).appendingPathComponent("policies")
        let result = try Tools.run(Rego.python!, [Golden.repositoryRoot.appendingPathComponent("Tests/Rego/rego_check.py").path,
                                                  "deny", policies.path, file.path])
        let report = (try? JSONSerialization.jsonObject(with: Data(result.output.utf8))) as? [String: [String: [String]]] ?? [:]
        return (result.status, report)
    }
}

/// Tests/Recordings/<name>.json: an evaluation with what it was made from, the golden tree and the
/// harness (SHA-256 of their files) and the pinned upstream commits.
struct Recording {
    var tree: String
    var harness: String
    var upstream: [String: String]
    var evaluation: [String: Any]

    static func file(_ name: String) -> URL {
        Golden.repositoryRoot.appendingPathComponent("Tests/Recordings/\(name).json")
    }

    static func read(_ name: String) throws -> Recording {
        let data = try Data(contentsOf: file(name))
        let object = try XCTUnwrap(try parseNixJSON(data) as? [String: Any], "Tests/Recordings/\(name).json")
        return Recording(tree: object["tree"] as? String ?? "", harness: object["harness"] as? String ?? "",
                         upstream: object["upstream"] as? [String: String] ?? [:], evaluation: object["evaluation"] as? [String: Any] ?? [:])
    }

    func write(_ name: String) throws {
        let object: [String: Any] = [
            "about": "What Tests/Harness evaluated for golden/\(name) with the pinned upstream sources; CI judges it where they are "
                + "absent. Re-record: NIXGEN_UPSTREAM=… NIXGEN_RECORD=1 swift test --filter RecordingTests",
            "tree": tree, "harness": harness, "upstream": upstream, "evaluation": evaluation,
        ]
        var data = try JSONSerialization.data(withJSONObject: object, options: [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes])
        data.append(0x0A)
        try data.write(to: Self.file(name), options: .atomic)
    }

    /// SHA-256 over every file below `folder` (sorted by path bytes): path, length, bytes.
    static func digest(_ folder: URL, skipping: Set<String> = []) -> String {
        var hash = SHA256()
        let paths = (FileManager.default.subpaths(atPath: folder.path) ?? []).filter { path in
            var isDirectory: ObjCBool = false
            FileManager.default.fileExists(atPath: folder.appendingPathComponent(path).path, isDirectory: &isDirectory)
            return !isDirectory.boolValue && !skipping.contains((path as NSString).lastPathComponent)
        }.sorted { $0.utf8.lexicographicallyPrecedes($1.utf8) }
        for path in paths {
            let bytes = FileManager.default.contents(atPath: folder.appendingPathComponent(path).path) ?? Data()
            hash.update(path)
            hash.update("\0\(bytes.count)\0")
            hash.update(bytes)
        }
        return "sha256:" + SHA256.hex(hash.finalize())
    }

    static func treeDigest(_ name: String) -> String { digest(Golden.directory(name), skipping: [".nixgen.lock"]) }
    static var harnessDigest: String { digest(Harness.directory) }
}
