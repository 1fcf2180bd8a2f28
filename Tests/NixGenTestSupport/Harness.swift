import Foundation
import NixGenCLICore

/// The offline evaluation harness (Tests/Harness): a rendered repository's flake evaluated by real
/// Nix through the real module system and the pinned upstream flakes in ../shared/upstream.
package enum Harness {
    /// The pinned upstream sources; $NIXGEN_UPSTREAM overrides.
    package static var upstream: URL {
        if let configured = ProcessInfo.processInfo.environment["NIXGEN_UPSTREAM"] { return URL(fileURLWithPath: configured) }
        return Golden.repositoryRoot.deletingLastPathComponent().appendingPathComponent("shared/upstream")
    }

    /// Why the harness cannot run, or nil when it can. In CI its absence is a failure, not a skip.
    package static var unavailableReason: String? {
        if let reason = Nix.unavailableReason { return reason }
        if !FileManager.default.fileExists(atPath: upstream.appendingPathComponent("COMMITS").path) {
            return "the pinned upstream sources are missing at \(upstream.path)"
        }
        return nil
    }

    package static var directory: URL { Golden.repositoryRoot.appendingPathComponent("Tests/Harness") }

    /// The folder that stands for the upstream sources (Tests/Harness/prepare-upstream).
    package static let prepared: Result<String, Error> = Result {
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
        for file in secrets { files[file] = "age-encryption.org/v1 stand-in\n" }
        try Tools.materialize(files, in: directory)
    }

    /// Runs Tests/Rego/check-policies on a repository: its exit status and report.
    package static func checkPolicies(_ root: URL) throws -> (status: Int32, report: [String: [String: [String]]]) {
        var environment = ProcessInfo.processInfo.environment
        environment["NIXGEN_UPSTREAM"] = upstream.path
        if let python = Rego.python { environment["NIXGEN_PYTHON"] = python }
        let script = Golden.repositoryRoot.appendingPathComponent("Tests/Rego/check-policies").path
        let result = try Tools.run(script, [root.path], environment: environment)
        let report = (try? JSONSerialization.jsonObject(with: Data(result.output.utf8))) as? [String: [String: [String]]] ?? [:]
        return (result.status, report)
    }
}

import XCTest

extension Harness {
    /// Skips a test where the harness cannot run; under CI=true that is a failure, never a skip.
    package static func require(file: StaticString = #filePath, line: UInt = #line) throws {
        for reason in [unavailableReason, Rego.unavailableReason].compactMap({ $0 }) {
            if Tools.isCI { XCTFail("CI requires the harness: \(reason)", file: file, line: line) }
            throw XCTSkip(reason)
        }
    }
}
