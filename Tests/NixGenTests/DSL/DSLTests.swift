import NixGen
import NixGenCLICore
import NixGenGenerator
import XCTest

/// The DSL builds plain model values and remembers where each piece was written.
final class DSLTests: XCTestCase {
    let db = Service("db") { Port("pg", 5432) }

    func testReferencesCarryTheLineTheyAreWrittenOn() {
        let line = #line + 3
        let fleet = Fleet {
            NixGen.Host("a", system: .x86_64Linux) {
                db
            }
        }
        let assignment = fleet.hosts[0].services[0]
        XCTAssertEqual(assignment.name, "db")
        XCTAssertEqual(assignment.location.file, #filePath)
        XCTAssertEqual(assignment.location.line, line)
        XCTAssertEqual(assignment.location.column, 17)
    }

    func testDeclarationsCarryTheirOwnLines() {
        let line = #line + 1
        let service = Service("s") { Port("p", 1); Secret("k", file: "secrets/k.age"); Setting("a.b", 1) }
        XCTAssertEqual(service.location.line, line)
        XCTAssertEqual(service.ports[0].location.line, line)
        XCTAssertEqual(service.secrets[0].location.line, line)
        XCTAssertEqual(service.settings[0].location.line, line)
    }

    func testReferencedDefinitionsAreCollectedOnceAndTheModelIsPlain() {
        let app = Service("app") { Requires(db, on: .sameHost) }
        let role = Role("base") { app }
        let fleet = Fleet {
            NixGen.Host("a", system: .x86_64Linux) { role; db }
            NixGen.Host("b", system: .x86_64Linux) { db }
        }
        XCTAssertEqual(fleet.services.map(\.name).sorted(), ["app", "db"])
        XCTAssertEqual(fleet.roles.map(\.name), ["base"])
        XCTAssertTrue(fleet.hosts.allSatisfy { $0.definitions == Definitions() })
        XCTAssertTrue(fleet.services.allSatisfy { $0.definitions == Definitions() })
        XCTAssertEqual(Plan(fleet).hosts[0].services.map(\.name), ["app", "db"], "roles bring their services")
    }

    func testControlFlowInBlocks() {
        let extra = true
        let fleet = Fleet {
            for index in 1...3 { NixGen.Host("h\(index)", system: .x86_64Linux) }
            if extra { NixGen.Host("extra", system: .aarch64Linux) } else { NixGen.Host("never", system: .x86_64Linux) }
        }
        XCTAssertEqual(fleet.hosts.map(\.name), ["h1", "h2", "h3", "extra"])
    }

    func testSystemDecidesThePlatform() {
        XCTAssertEqual(NixGen.Host("mac", system: .aarch64Darwin).platform, .darwin)
        XCTAssertEqual(NixGen.Host("pc", system: .x86_64Linux).platform, .nixos)
    }

    func testEnableAndPortValues() {
        let service = Service("s") {
            Port("p", 1)
            Enable("services.s")
            Setting("services.s.listeners", [["port": .port("p")] as NixValue] as NixValue)
        }
        XCTAssertEqual(service.settings[0].path, AttrPath(["services", "s", "enable"]))
        XCTAssertEqual(service.settings[1].value, .list([.attrs(["port": .portNumber("p")])]))
    }
}
