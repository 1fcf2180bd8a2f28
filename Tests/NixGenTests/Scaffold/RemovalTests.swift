import Foundation
import NixGen
import NixGenCLICore
import NixGenTestSupport
import XCTest

/// `remove-host` and `remove-service` undo `new-host` and `new-service`: the fleet's sources come
/// back byte for byte, the user's hardware module stays, and a declaration still in use is refused.
final class RemovalTests: XCTestCase {
    private var directory: URL!

    override func setUpWithError() throws {
        directory = Tools.temporaryDirectory("removal")
        try FileManager.default.createDirectory(at: directory.appendingPathComponent("Sources"), withIntermediateDirectories: true)
        try FileManager.default.copyItem(at: Golden.repositoryRoot.appendingPathComponent("Sources/Fleet"), to: directory.appendingPathComponent("Sources/Fleet"))
    }

    override func tearDown() { try? FileManager.default.removeItem(at: directory) }

    private func run(_ arguments: [String]) -> (code: Int32, out: String, err: String) {
        let console = Console()
        let code = CLI(arguments: arguments, fleet: { Fleet(hosts: []) }, currentDirectory: directory, console: console).run()
        return (code, console.output, console.errors)
    }

    private var sources: [String: Data] { Tools.snapshot(directory.appendingPathComponent("Sources")) }

    func testRemovingWhatWasAddedRestoresTheFleet() throws {
        let before = sources
        XCTAssertEqual(run(["new-host", "web-9", "--system", "x86_64-linux", "--address", "10.0.0.99"]).code, 0)
        XCTAssertEqual(run(["new-service", "cache"]).code, 0)
        let host = run(["remove-host", "web-9"])
        XCTAssertEqual(host.code, 0, host.err)
        XCTAssertTrue(host.out.contains("removed Sources/Fleet/Hosts/web-9.swift\nchanged Sources/Fleet/Hosts/Hosts.swift\nkept    nix/hardware/web-9.nix\n"), host.out)
        XCTAssertEqual(run(["remove-service", "cache"]).code, 0)
        XCTAssertEqual(sources, before, "the fleet's sources are as they were")
        XCTAssertTrue(FileManager.default.fileExists(atPath: directory.appendingPathComponent("nix/hardware/web-9.nix").path), "the hardware module is the user's")
    }

    func testADeclarationStillInUseIsRefused() throws {
        XCTAssertEqual(run(["new-service", "cache"]).code, 0)
        let atlas = directory.appendingPathComponent("Sources/Fleet/Hosts/atlas.swift")
        try (try String(contentsOf: atlas, encoding: .utf8)).replacingOccurrences(of: "    Import(\"hardware/atlas.nix\")", with: "    Runs(\"cache\")\n    Import(\"hardware/atlas.nix\")")
            .write(to: atlas, atomically: true, encoding: .utf8)
        let before = sources
        let refused = run(["remove-service", "cache"])
        XCTAssertEqual(refused.code, 1)
        XCTAssertTrue(refused.err.contains("service \"cache\" is still used in Hosts/atlas.swift"), refused.err)
        XCTAssertEqual(sources, before, "nothing was changed")
        let shared = run(["remove-service", "jellyfin"])
        XCTAssertTrue(shared.err.contains("is declared in Services/Home.swift beside other declarations"), shared.err)
        XCTAssertEqual(run(["remove-host", "nosuch"]).code, 1)
        XCTAssertEqual(sources, before)
    }
}
