import Foundation
import NixGen
import NixGenCLICore
import NixGenTestSupport
import XCTest

/// Values nested thousands of levels deep reach `render` and `render --check` as a located error,
/// never as a crash in what runs before validation (the render stamp's digest recursed per level).
final class DeepValueTests: XCTestCase {
    private func deep(_ levels: Int, list: Bool) -> NixValue {
        var value: NixValue = 1
        for _ in 0..<levels { value = list ? .list([value]) : .attrs(["a": value]) }
        return value
    }

    func testDeepSettingsAreReportedNotACrash() throws {
        for (levels, list) in [(6_000, true), (4_000, false)] {
            let app = Service("app") { Setting("services.app.deep", deep(levels, list: list)) }
            let fleet = Fleet(stateVersion: "26.05", admins: ["ops": [ValidationTests.key]]) {
                Host("h", system: .x86_64Linux, address: "10.0.0.1", lanInterfaces: ["eth0"], hostKey: ValidationTests.key) {
                    app
                    Import("hardware/h.nix")
                }
            }
            let directory = Tools.temporaryDirectory("deep")
            for arguments in [["render", "--output", directory.path], ["render", "--check", "--output", directory.path]] {
                let console = Console()
                let code = CLI(arguments: arguments, fleet: { fleet }, currentDirectory: directory, console: console).run()
                XCTAssertEqual(code, 2, "\(arguments): \(console.errors)")
                XCTAssertTrue(console.errors.contains("nests lists or attribute sets more than 100 levels deep"), console.errors)
            }
        }
    }
}
