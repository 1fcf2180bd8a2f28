import Foundation
import NixGen
import NixGenCLICore
import NixGenGenerator
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
