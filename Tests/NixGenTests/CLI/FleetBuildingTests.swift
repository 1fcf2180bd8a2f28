import Foundation
import NixGen
import NixGenCLICore
import NixGenGenerator
import NixGenTestSupport
import XCTest

// Two globals that refer to each other, as a user wrote them: each lazy initialiser waits for the
// other's, forever. Only the test below touches them (on the CLI's builder thread, which stays stuck).
let cycleHost: NixGen.Host = NixGen.Host("cycle", system: .x86_64Linux, address: "10.9.0.1") { cycleService }
let cycleService: Service = Service("loop") { Setting("services.loop.peer", cycleHost.name) }

/// How the CLI builds the declaration: on its own thread, against a clock.
final class FleetBuildingTests: XCTestCase {
    func testADeclarationThatNeverFinishesEndsWithExitTwoAndAHint() {
        let console = Console()
        let started = Date()
        let code = CLI(arguments: ["validate"], fleet: { Fleet(stateVersion: "26.05") { cycleHost } },
                       environment: ["NIXGEN_BUILD_TIMEOUT": "1"], console: console).run()
        let elapsed = Date().timeIntervalSince(started)
        XCTAssertEqual(code, 2)
        XCTAssertLessThan(elapsed, 5, "the limit, not a hang")
        XCTAssertTrue(console.errors.hasPrefix("error: the fleet declaration did not finish building within 1 s\n"), console.errors)
        XCTAssertTrue(console.errors.contains("refer by name instead"), console.errors)
        XCTAssertEqual(console.output, "")
    }

    func testAFleetThatBuildsIsUnaffected() {
        let console = Console()
        let fleet = Fleet(stateVersion: "26.05", admins: ["ops": [ValidationTests.key]]) {
            Host("a", system: .x86_64Linux, address: "10.9.0.2") { Import("hardware/a.nix") }
        }
        XCTAssertEqual(CLI(arguments: ["validate"], fleet: { fleet }, environment: ["NIXGEN_BUILD_TIMEOUT": "0.5"], console: console).run(), 0,
                       console.errors)
    }
}

/// The CLI reads the fleet's own folders for declarations that never reached the fleet.
final class FleetSourcesTests: XCTestCase {
    func testAHostFileLeftOutOfTheFleetFailsValidateAtItsLine() throws {
        let root = Tools.temporaryDirectory("fleet-sources")
        let fleetFile = root.appendingPathComponent("Sources/Fleet/Fleet.swift")
        try Tools.materialize([
            "Sources/Fleet/Fleet.swift": "// the fleet\n",
            "Sources/Fleet/Hosts/zeus.swift": "import NixGen\n\nlet zeus = Host(\"zeus\", system: .x86_64Linux)\n",
            "Sources/Fleet/Services/notes.md": "let x = Service(\"not swift\")\n",
        ], in: root)
        let fleet = Fleet(stateVersion: "26.05", admins: ["ops": [ValidationTests.key]], file: fleetFile.path, line: 1, column: 1) {
            NixGen.Host("a", system: .x86_64Linux, address: "10.9.0.3") { Import("hardware/a.nix") }
        }
        let console = Console()
        let code = CLI(arguments: ["validate"], fleet: { fleet }, currentDirectory: root, console: console).run()
        XCTAssertEqual(code, 2)
        XCTAssertTrue(console.errors.hasPrefix("Sources/Fleet/Hosts/zeus.swift:3:12: error: this host is declared but not part of the fleet"),
                      console.errors)
        XCTAssertTrue(console.errors.hasSuffix("1 error, 0 warnings\n"), console.errors)
    }
}
