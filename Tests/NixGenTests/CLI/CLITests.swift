import FleetDefinition
import Foundation
import NixGen
import NixGenCLICore
import NixGenGenerator
import NixGenTestSupport
import XCTest

/// The command-line contract scripts and CI jobs rely on.
final class CLITests: XCTestCase {
    private func run(_ arguments: [String], fleet: Fleet = exampleFleet, environment: [String: String] = [:],
                     terminal: Bool = false) -> (code: Int32, out: String, err: String) {
        let console = Console(isTerminal: terminal)
        let code = CLI(arguments: arguments, fleet: { fleet }, environment: environment,
                       currentDirectory: URL(fileURLWithPath: "/"), console: console).run()
        return (code, console.output, console.errors)
    }

    func testHelpGoesToStandardOutputWithExitZero() {
        for arguments in [["--help"], ["-h"], ["help"], ["help", "render"], ["render", "--help"], ["diff", "-h"],
                          ["validate", "--help"], ["inventory", "--help"], ["render", "--check", "--help"],
                          ["new-host", "--help"], ["new-service", "-h"], ["init", "--help"], ["secrets", "--help"],
                          ["graph", "--help"], ["help", "new-host"]] {
            let result = run(arguments)
            XCTAssertEqual(result.code, 0, "\(arguments)")
            XCTAssertTrue(result.out.contains("USAGE: nixgen"), "\(arguments): \(result.out)")
            XCTAssertEqual(result.err, "")
        }
        XCTAssertTrue(run(["help", "render"]).out.contains("--check"))
        XCTAssertEqual(run(["--version"]).out, CLI.libraryVersion + "\n")
    }

    func testUsageErrorsExit64WithErrorAndUsageOnStandardError() {
        for arguments in [[], ["deploy"], ["render", "--frobnicate"], ["render", "--output"], ["render", "extra"],
                          ["inventory", "--json=yes"], ["render", "--output", "a", "--output", "b"], ["help", "nope"],
                          ["render", "--", "--check"]] {
            let result = run(arguments)
            XCTAssertEqual(result.code, 64, "\(arguments)")
            XCTAssertEqual(result.out, "", "\(arguments)")
            XCTAssertTrue(result.err.hasPrefix("Error: "), "\(arguments): \(result.err)")
            XCTAssertTrue(result.err.contains("\nUsage: nixgen"), "\(arguments): \(result.err)")
        }
    }

    /// Required options are bare in usage (as swift-argument-parser writes them) and their absence
    /// is a usage error; an option several commands take is declared once and says the same.
    func testRequiredOptionsAndSharedOptions() {
        let missing = run(["new-host", "web-9"])
        XCTAssertEqual(missing.code, 64)
        XCTAssertTrue(missing.err.hasPrefix("Error: Missing expected option '--system <system>'\n"), missing.err)
        XCTAssertTrue(missing.err.contains("Usage: nixgen new-host <name> --system <system> [--address <address>]"), missing.err)
        let outputHelp = "-o, --output <dir>        Folder that holds nix/ and policies/ (default: current directory)."
        for command in ["render", "diff", "new-host"] {
            XCTAssertTrue(run([command, "--help"]).out.contains(outputHelp), command)
        }
        let format = run(["graph", "--format", "png"])
        XCTAssertEqual(format.code, 64)
        XCTAssertTrue(format.err.hasPrefix("Error: Unknown format 'png': use dot or mermaid\nUsage: nixgen graph"), format.err)
    }

    /// An empty path would silently mean the current directory: a usage error instead.
    func testEmptyValuesAreUsageErrors() {
        for arguments in [["render", "--output", ""], ["render", "--output="], ["diff", "-o", ""], ["init", ""],
                          ["new-host", "web-9", "--system", "x86_64-linux", "--fleet", ""]] {
            let result = run(arguments)
            XCTAssertEqual(result.code, 64, "\(arguments)")
            XCTAssertTrue(result.err.hasPrefix("Error: Empty value for '"), "\(arguments): \(result.err)")
        }
    }

    /// A write that fails is one line naming the path and the reason.
    func testWriteFailuresAreOneLineWithThePath() throws {
        let output = Tools.temporaryDirectory()
        try "not a folder\n".write(to: output.appendingPathComponent("nix"), atomically: true, encoding: .utf8)
        let result = run(["render", "--output", output.path])
        XCTAssertEqual(result.code, 1)
        XCTAssertFalse(result.err.contains("NSCocoaErrorDomain"), result.err)
        XCTAssertTrue(result.err.hasPrefix("Error: \(output.path)/nix"), result.err)
        XCTAssertEqual(result.err.split(separator: "\n").count, 1, result.err)
        // The output folder itself a file: Foundation's code 512, without a reason of its own.
        let file = output.appendingPathComponent("nix").path
        let inTheWay = run(["render", "--output", file])
        XCTAssertEqual(inTheWay.code, 1)
        XCTAssertEqual(inTheWay.err, "Error: \(file)/nix: \(file) is not a folder\n")
        for failure in [result, inTheWay] { XCTAssertFalse(failure.err.contains("could not be completed"), failure.err) }
    }

    func testInvalidFleetExits2WithCompilerStyleDiagnostics() {
        let broken = Fleet(stateVersion: "26.05", admins: Fixtures.admins) {
            Host("Broken", system: "x86_64-plan9", address: "10.0.0.1") { Import("hardware/broken.nix") }
        }
        for command in ["render", "validate", "diff", "inventory"] {
            let result = run([command, "--output", Tools.temporaryDirectory().path].prefix(command == "validate" || command == "inventory" ? 1 : 3).map { $0 }, fleet: broken)
            XCTAssertEqual(result.code, 2, command)
            XCTAssertTrue(result.err.contains(": error: invalid host name \"Broken\""), result.err)
            XCTAssertTrue(result.err.contains("CLITests.swift:"), "located at the declaration: \(result.err)")
            XCTAssertTrue(result.err.hasSuffix("2 errors, 0 warnings\n"), result.err)
        }
    }

    func testCheckFailsWithADiffUntilRenderedThenPasses() throws {
        let output = Tools.temporaryDirectory()
        let stale = run(["render", "--check", "--output=\(output.path)"])
        XCTAssertEqual(stale.code, 1)
        XCTAssertTrue(stale.out.contains("--- /dev/null\n+++ b/flake.nix\n"), stale.out)
        XCTAssertTrue(stale.err.contains("missing: nix/hosts/atlas.nix"), stale.err)
        XCTAssertFalse(stale.out.contains("\u{1B}["), "no color off a terminal")

        let rendered = run(["render", "-o", output.path])
        XCTAssertEqual(rendered.code, 0, rendered.err)
        // One warning for all 17 missing hardware modules, at the first Import, a note at each other.
        XCTAssertTrue(rendered.err.contains("Sources/Fleet/Hosts/atlas.swift:12:11: warning: 17 modules that hosts import do not exist, so Nix cannot evaluate 17 hosts: host \"atlas\" imports nix/hardware/atlas.nix"),
                      "a missing hardware module is named at its Import: \(rendered.err)")
        XCTAssertTrue(rendered.err.contains("Sources/Fleet/Hosts/rhea.swift:10:11: note: host \"rhea\" imports nix/hardware/rhea.nix"), rendered.err)
        XCTAssertEqual(rendered.err.components(separatedBy: ": warning: ").count - 1, 1, rendered.err)
        XCTAssertEqual(run(["render", "--check", "--output", output.path]).code, 0)
        XCTAssertEqual(run(["render", "--output", output.path]).out, "0 written, 0 removed, \(Generator.run(exampleFleet).tree!.files.count) unchanged\n")

        let host = output.appendingPathComponent("nix/hosts/atlas.nix")
        try (String(contentsOf: host, encoding: .utf8) + "# hand edit\n").write(to: host, atomically: true, encoding: .utf8)
        let drifted = run(["render", "--check", "--output", output.path])
        XCTAssertEqual(drifted.code, 1)
        XCTAssertTrue(drifted.out.contains("-# hand edit"), drifted.out)
        let diff = run(["diff", "--output", output.path])
        XCTAssertEqual(diff.code, 0)
        XCTAssertEqual(diff.out, drifted.out, "diff shows what --check shows")
    }

    /// A policy file nixgen did not generate (a conftest `exception`, say) would change what CI
    /// enforces without touching a generated file: --check names it. The user's own policies live
    /// in policies/local/, in packages outside nixgen.*.
    func testCheckReportsPolicyFilesNixgenDidNotGenerate() throws {
        let output = Tools.temporaryDirectory()
        XCTAssertEqual(run(["render", "--output", output.path]).code, 0)
        func put(_ text: String, _ path: String) throws {
            let url = output.appendingPathComponent(path)
            try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
            try text.write(to: url, atomically: true, encoding: .utf8)
        }
        try put("package team.extra\n\nimport rego.v1\n\ndeny contains \"no\" if false\n", "policies/local/team.rego")
        XCTAssertEqual(run(["render", "--check", "--output", output.path]).code, 0, "a user policy in its own package is fine")

        try put("package nixgen.ports\n\nexception contains \"\" if true\n", "policies/exception.rego")
        try put("package nixgen.secrets\n", "policies/local/sneaky.rego")
        try put("{\"nixgen\": {\"fleet\": {}}}\n", "policies/data/override.json")
        try FileManager.default.createSymbolicLink(atPath: output.appendingPathComponent("policies/local/linked.rego").path,
                                                   withDestinationPath: "/tmp/elsewhere.rego")
        let check = run(["render", "--check", "--output", output.path])
        XCTAssertEqual(check.code, 1)
        XCTAssertTrue(check.out.contains("foreign: policies/exception.rego: not generated by nixgen; your own policies belong in policies/local/"), check.out)
        XCTAssertTrue(check.out.contains("foreign: policies/local/sneaky.rego: declares package nixgen.secrets"), check.out)
        XCTAssertTrue(check.out.contains("foreign: policies/data/override.json: not generated by nixgen"), check.out)
        XCTAssertTrue(check.out.contains("foreign: policies/local/linked.rego: a symbolic link"), check.out)
        XCTAssertFalse(check.out.contains("team.rego"), check.out)
        XCTAssertTrue(check.err.contains("foreign: 4 file(s) under policies/ that nixgen did not generate"), check.err)
        XCTAssertFalse(check.err.contains("stale:"), check.err)
        let render = run(["render", "--output", output.path])
        XCTAssertEqual(render.code, 0)
        XCTAssertTrue(render.err.contains("warning: policies/exception.rego: not generated by nixgen"), render.err)
    }

    func testColorOnlyOnATerminalAndNeverWithNoColor() {
        let output = Tools.temporaryDirectory().path
        XCTAssertTrue(run(["diff", "--output", output], terminal: true).out.contains("\u{1B}[32m+"))
        XCTAssertFalse(run(["diff", "--output", output], environment: ["NO_COLOR": "1"], terminal: true).out.contains("\u{1B}["))
    }

    func testValidateAndInventory() throws {
        XCTAssertEqual(run(["validate"]).out, "valid: 19 hosts, 17 services, 5 roles\n")
        let json = run(["inventory", "--json"])
        XCTAssertEqual(json.code, 0)
        let object = try XCTUnwrap(JSONSerialization.jsonObject(with: Data(json.out.utf8)) as? [String: Any])
        XCTAssertEqual(Set(object.keys), ["hosts", "ports", "roles", "services"])
        XCTAssertTrue(run(["inventory"]).out.contains("\natlas\tx86_64-linux\t10.0.0.2\tforgejo,"))
    }

    /// Two processes render the same bytes (Swift dictionaries iterate in a per-process order),
    /// and the bundled example's committed tree is current.
    func testTwoProcessesRenderIdenticalBytesMatchingTheCommittedExample() throws {
        let binary = Tools.nixgenBinary.path
        guard FileManager.default.isExecutableFile(atPath: binary) else {
            if Tools.isCI { XCTFail("nixgen binary missing at \(binary)") }
            throw XCTSkip("nixgen binary not built")
        }
        let first = Tools.temporaryDirectory(), second = Tools.temporaryDirectory()
        XCTAssertEqual(try Tools.run(binary, ["render", "--output", first.path]).status, 0)
        XCTAssertEqual(try Tools.run(binary, ["render", "--output", second.path]).status, 0)
        let files = FileManager.default.subpaths(atPath: first.path)!.filter { !$0.hasSuffix(".lock") }.sorted()
        XCTAssertEqual(files, FileManager.default.subpaths(atPath: second.path)!.filter { !$0.hasSuffix(".lock") }.sorted())
        for path in files {
            XCTAssertEqual(FileManager.default.contents(atPath: first.appendingPathComponent(path).path),
                           FileManager.default.contents(atPath: second.appendingPathComponent(path).path), path)
        }
        let check = try Tools.run(binary, ["render", "--check", "--output", Golden.directory("example").path])
        XCTAssertEqual(check.status, 0, "golden/example is stale:\n\(check.output)")
    }
}
