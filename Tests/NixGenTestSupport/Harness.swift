import Foundation
import NixGenCLICore

/// The offline evaluation harness (Tests/Harness): a rendered repository's flake evaluated by real
/// Nix through the real module system and the pinned upstream flakes, which are never committed:
/// `../shared/upstream/export` lays them out in a folder, and `NIXGEN_UPSTREAM` names it.
package enum Harness {
    /// What `export` lays out, and the harness reads.
    static let layout = ["COMMITS", "nixpkgs-lib/lib/default.nix", "nixinate/flake.nix", "secrix/module.nix",
                         "colmena/src/nix/hive", "nix-darwin/eval-config.nix", "flake-utils/flake.nix"]

    /// The pinned upstream sources, or nil where `NIXGEN_UPSTREAM` is unset or incomplete.
    package static let upstream: URL? = {
        guard let configured = ProcessInfo.processInfo.environment["NIXGEN_UPSTREAM"], !configured.isEmpty else { return nil }
        let folder = URL(fileURLWithPath: configured)
        return layout.allSatisfy { FileManager.default.fileExists(atPath: folder.appendingPathComponent($0).path) } ? folder : nil
    }()

    /// Why the pinned upstream sources are not here, or nil when they are. Never a failure: a fresh
    /// machine and CI have none, and the recorded evaluations (Tests/Recordings) stand for them.
    package static var upstreamMissingReason: String? {
        guard upstream == nil else { return nil }
        guard let configured = ProcessInfo.processInfo.environment["NIXGEN_UPSTREAM"], !configured.isEmpty else {
            return "NIXGEN_UPSTREAM is unset"
        }
        let missing = layout.filter { !FileManager.default.fileExists(atPath: URL(fileURLWithPath: configured).appendingPathComponent($0).path) }
        return "NIXGEN_UPSTREAM=\(configured) lacks \(missing.joined(separator: ", "))"
    }

    /// The pinned commits (`COMMITS`, one `name commit repository` line each), read from the upstream
    /// folder when present, else from ../shared/upstream, which holds the pins without the code.
    package static var commits: [String: String] {
        let file = (upstream ?? Golden.repositoryRoot.deletingLastPathComponent().appendingPathComponent("shared/upstream"))
            .appendingPathComponent("COMMITS")
        let text = (try? String(contentsOf: file, encoding: .utf8)) ?? ""
        var commits: [String: String] = [:]
        for line in text.split(separator: "\n") where !line.hasPrefix("#") {
            let fields = line.split(separator: " ")
            if fields.count >= 2 { commits[String(fields[0])] = String(fields[1]) }
        }
        return commits
    }

    package static var directory: URL { Golden.repositoryRoot.appendingPathComponent("Tests/Harness") }

    /// The folder that stands for the upstream sources (Tests/Harness/prepare-upstream).
    package static let prepared: Result<String, Error> = Result {
        guard let upstream else { throw Nix.NixError(message: upstreamMissingReason ?? "no upstream sources") }
        var environment = ProcessInfo.processInfo.environment
        environment["NIXGEN_UPSTREAM"] = upstream.path
        let result = try Tools.run(directory.appendingPathComponent("prepare-upstream").path, [], environment: environment)
        guard result.status == 0 else { throw Nix.NixError(message: result.errors) }
        return result.output.trimmingCharacters(in: .whitespacesAndNewlines)
    }

    /// Evaluates `attribute` of Tests/Harness/harness.nix for the repository at `root`, as JSON.
    package static func evaluate(_ root: URL, _ attribute: String = "report") throws -> Any {
        try instantiate([directory.appendingPathComponent("harness.nix").path, "--arg", "root", root.path, "-A", attribute])
    }

    /// Evaluates a Nix expression built around the harness of the repository at `root` (the closure
    /// gets `(import …/harness.nix { root = …; })` as text), as JSON: for what `-A` cannot select,
    /// such as `builtins.attrNames`, which keeps names JSON objects would merge when read back.
    package static func evaluate(_ root: URL, expression: (String) -> String) throws -> Any {
        try instantiate(["--expr", expression("(import \(directory.appendingPathComponent("harness.nix").path) { root = \(root.path); })")])
    }

    /// `nix-instantiate --eval --strict --json` with the upstream sources on the search path.
    private static func instantiate(_ arguments: [String]) throws -> Any {
        let common = ["--eval", "--strict", "--json", "--read-write-mode", "-I", "nixgen-upstream=\(try prepared.get())"]
        let result = try Tools.run(Nix.find!, common + arguments, environment: Nix.isolatedEnvironment)
        guard result.status == 0 else { throw Nix.NixError(message: result.errors) }
        return try parseNixJSON(Data(result.output.utf8))
    }

    /// Writes what a user's repository has beside the rendered tree: a stand-in hardware module for
    /// each imported `hardware/` file, an empty module for every other import, and a stand-in
    /// encrypted file for each secret.
    package static func completeRepository(_ directory: URL, imports: [String], secrets: [String]) throws {
        let hardware = try String(contentsOf: Self.directory.appendingPathComponent("hardware.nix"), encoding: .utf8)
        var files: [String: String] = [:]
        for path in imports { files["nix/" + path] = path.hasPrefix("hardware/") ? hardware : "{ }\n" }
        for file in secrets { files[file] = "age-encryption.org/v1\n-> X25519 stand-in\nAAAA\n--- stand-in\n" }
        try Tools.materialize(files, in: directory)
    }

    /// Runs Tests/Rego/check-policies on a repository: its exit status and report.
    package static func checkPolicies(_ root: URL) throws -> (status: Int32, report: [String: [String: [String]]]) {
        var environment = ProcessInfo.processInfo.environment
        environment["NIXGEN_UPSTREAM"] = upstream?.path
        if let python = Rego.python { environment["NIXGEN_PYTHON"] = python }
        let script = Golden.repositoryRoot.appendingPathComponent("Tests/Rego/check-policies").path
        let result = try Tools.run(script, [root.path], environment: environment)
        let report = (try? JSONSerialization.jsonObject(with: Data(result.output.utf8))) as? [String: [String: [String]]] ?? [:]
        return (result.status, report)
    }
}

import XCTest

extension Harness {
    /// Skips a test that evaluates with the upstream sources where they are not here (counted, and
    /// said once at the end of the run); a missing Nix or Rego engine under CI=true fails instead.
    package static func require(file: StaticString = #filePath, line: UInt = #line) throws {
        try Tools.requireValidators(file: file, line: line)
        if let reason = upstreamMissingReason {
            UpstreamSkips.shared.count(reason)
            throw XCTSkip("needs the pinned upstream sources (\(reason))")
        }
    }
}

/// Counts the tests skipped for want of upstream sources and says so once, with the number, when
/// the test bundle finishes: the normal state on a fresh machine and in CI, never a failure.
final class UpstreamSkips: NSObject, XCTestObservation, @unchecked Sendable {
    static let shared = UpstreamSkips()
    private let lock = NSLock()
    private var skipped = 0
    private var reason = ""
    private var registered = false

    func count(_ reason: String) {
        lock.lock(); defer { lock.unlock() }
        skipped += 1
        self.reason = reason
        if !registered {
            registered = true
            XCTestObservationCenter.shared.addTestObserver(self)
        }
    }

    func testBundleDidFinish(_ testBundle: Bundle) {
        lock.lock(); defer { lock.unlock() }
        print("nixgen: \(skipped) tests need the pinned upstream sources and were skipped (\(reason)); "
              + "the recorded evaluations in Tests/Recordings were judged instead. To run them: ../shared/upstream/README.md")
    }
}
