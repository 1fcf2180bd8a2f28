import FleetDefinition
import Foundation
import NixGenCLICore
import NixGenTestSupport
import XCTest

/// `render --check` follows the writer's rules: a linked `nix/`, `policies/` or lock is a
/// difference, never "up to date" (it was, where `render` refused), and the folder outside that the
/// link points to stays byte for byte as it was.
final class LinkedTreeTests: XCTestCase {
    private func run(_ arguments: [String], in directory: URL) -> (code: Int32, out: String, err: String) {
        let console = Console()
        let code = CLI(arguments: arguments, fleet: { exampleFleet }, currentDirectory: directory, console: console).run()
        return (code, console.output, console.errors)
    }

    func testALinkedRootOrLockIsNeverUpToDate() throws {
        for linked in ["nix", "policies", "nix/.nixgen.lock", "nix/hosts"] {
            let base = Tools.temporaryDirectory("linked")
            let output = base.appendingPathComponent("repository"), outside = base.appendingPathComponent("outside")
            XCTAssertEqual(run(["render", "--output", output.path], in: base).code, 0)
            XCTAssertEqual(run(["render", "--check", "--output", output.path], in: base).code, 0)
            // The same content, moved outside and linked back: only the link differs.
            try FileManager.default.createDirectory(at: outside, withIntermediateDirectories: true)
            let target = outside.appendingPathComponent((linked as NSString).lastPathComponent)
            try FileManager.default.moveItem(at: output.appendingPathComponent(linked), to: target)
            try FileManager.default.createSymbolicLink(at: output.appendingPathComponent(linked), withDestinationURL: target)
            let sentinel = Tools.snapshot(outside)

            let check = run(["render", "--check", "--output", output.path], in: base)
            XCTAssertEqual(check.code, 1, "\(linked): \(check.out)\(check.err)")
            XCTAssertTrue((check.out + check.err).contains("is a symbolic link") || (check.out + check.err).contains("link"), "\(linked): \(check.out)\(check.err)")
            _ = run(["render", "--output", output.path], in: base)
            XCTAssertEqual(Tools.snapshot(outside), sentinel, "\(linked): the folder behind the link was changed")
        }
    }
}
