import Foundation
import NixGen
import NixGenCLICore
import NixGenTestSupport
import XCTest

/// `new-host`, `new-service` and `init` write where they say: never into a folder a link leads
/// to, never over a link (they did, and replaced linked files with regular ones), and nothing at
/// all when one path would.
final class ScaffoldLinkTests: XCTestCase {
    private func run(_ arguments: [String], in directory: URL) -> (code: Int32, err: String) {
        let console = Console()
        let code = CLI(arguments: arguments, fleet: { Fleet(hosts: []) }, currentDirectory: directory, console: console).run()
        return (code, console.errors)
    }

    /// A repository whose `link` (relative path) is moved to a folder outside and linked back.
    private func repository(linking link: String) throws -> (repository: URL, outside: URL) {
        let base = Tools.temporaryDirectory("scaffold-links")
        let repository = base.appendingPathComponent("repository"), outside = base.appendingPathComponent("outside")
        try FileManager.default.createDirectory(at: repository.appendingPathComponent("Sources"), withIntermediateDirectories: true)
        try FileManager.default.copyItem(at: Golden.repositoryRoot.appendingPathComponent("Sources/Fleet"), to: repository.appendingPathComponent("Sources/Fleet"))
        try FileManager.default.createDirectory(at: repository.appendingPathComponent("nix/hardware"), withIntermediateDirectories: true)
        try FileManager.default.createDirectory(at: outside, withIntermediateDirectories: true)
        let target = outside.appendingPathComponent((link as NSString).lastPathComponent)
        try FileManager.default.moveItem(at: repository.appendingPathComponent(link), to: target)
        try FileManager.default.createSymbolicLink(at: repository.appendingPathComponent(link), withDestinationURL: target)
        return (repository, outside)
    }

    func testNothingIsWrittenThroughALink() throws {
        let cases: [(String, [String])] = [
            ("Sources", ["new-host", "web-9", "--system", "x86_64-linux", "--address", "10.0.0.99"]),
            ("Sources/Fleet/Hosts", ["new-host", "web-9", "--system", "x86_64-linux", "--address", "10.0.0.99"]),
            ("nix/hardware", ["new-host", "web-9", "--system", "x86_64-linux", "--address", "10.0.0.99"]),
            ("Sources/Fleet/Hosts/Hosts.swift", ["new-host", "web-9", "--system", "x86_64-linux", "--address", "10.0.0.99"]),
            ("Sources/Fleet/Services", ["new-service", "cache"]),
        ]
        for (link, arguments) in cases {
            let (repository, outside) = try repository(linking: link)
            let sentinel = Tools.snapshot(outside), before = Tools.snapshot(repository)
            let result = run(arguments, in: repository)
            XCTAssertNotEqual(result.code, 0, "\(link): \(arguments)")
            XCTAssertTrue(result.err.contains("is a symbolic link"), "\(link): \(result.err)")
            XCTAssertEqual(Tools.snapshot(outside), sentinel, "\(link): the folder behind the link changed")
            XCTAssertEqual(Tools.snapshot(repository), before, "\(link): something was written")
            var info = stat()
            XCTAssertEqual(lstat(repository.appendingPathComponent(link).path, &info), 0)
            XCTAssertEqual(info.st_mode & S_IFMT, S_IFLNK, "\(link): the link was replaced")
        }
    }
}
