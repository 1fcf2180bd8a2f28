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
            Host("a", system: .x86_64Linux) {
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
            Host("a", system: .x86_64Linux) { role; db }
            Host("b", system: .x86_64Linux) { db }
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
            for index in 1...3 { Host("h\(index)", system: .x86_64Linux) }
            if extra { Host("extra", system: .aarch64Linux) } else { Host("never", system: .x86_64Linux) }
        }
        XCTAssertEqual(fleet.hosts.map(\.name), ["h1", "h2", "h3", "extra"])
    }

    func testSystemDecidesThePlatform() {
        XCTAssertEqual(Host("mac", system: .aarch64Darwin).platform, .darwin)
        XCTAssertEqual(Host("pc", system: .x86_64Linux).platform, .nixos)
    }

    func testEnableAndPortValues() {
        let service = Service("s") {
            Port("p", 1)
            Enable("services.s")
            Setting("services.s.listeners", [["port": .port("p")]])
        }
        XCTAssertEqual(service.settings[0].path, AttrPath(["services", "s", "enable"]))
        XCTAssertEqual(service.settings[1].value, .list([.attrs(["port": .portNumber("p")])]))
    }

    /// A service or a host shares its fields between copies: changing one copy leaves every
    /// other as it was, and copies compare, hash, encode and print by their fields.
    func testServiceAndHostCopiesAreIndependentValues() throws {
        let original = Service("web", summary: "site") { Port("http", 80) }
        var changed = original
        changed.ports.append(Port("https", 443))
        changed.summary = nil
        XCTAssertEqual(original.ports.map(\.name), ["http"])
        XCTAssertEqual(original.summary, "site")
        XCTAssertNotEqual(changed, original)
        var again = changed
        again.ports.removeLast()
        again.summary = "site"
        XCTAssertEqual(again, original, "equal fields in two boxes")
        XCTAssertEqual(again.hashValue, original.hashValue)
        XCTAssertEqual(try JSONDecoder().decode(Service.self, from: JSONEncoder().encode(original)), original)
        XCTAssertEqual(changed.ports.map(\.name), ["http", "https"])
        XCTAssertTrue(String(describing: original).hasPrefix(#"Service(name: "web", summary: Optional("site"), ports: ["#), "\(original)")

        let host = Host("a", system: .x86_64Linux) { original }
        var moved = host
        moved.services.removeAll()
        moved.address = "10.0.0.1"
        XCTAssertEqual(host.services.map(\.name), ["web"])
        XCTAssertNil(host.address)
        XCTAssertNotEqual(moved, host)
        moved.services = host.services
        moved.address = nil
        XCTAssertEqual(moved, host)
        XCTAssertEqual(moved.hashValue, host.hashValue)
        XCTAssertEqual(try JSONDecoder().decode(Host.self, from: JSONEncoder().encode(host)), host)
        XCTAssertTrue(String(describing: host).hasPrefix(#"Host(name: "a", platform: "#), "\(host)")
    }
}

/// A fleet file may import Foundation and still write `Host`: NixGen imports Foundation, so its
/// `Host` shadows Foundation's class for every file that imports both (this file does).
final class HostNameTests: XCTestCase {
    func testHostNeedsNoQualificationBesideFoundation() {
        let host = Host("plain", system: .x86_64Linux)
        XCTAssertEqual(host.name, "plain")
        XCTAssertEqual(String(describing: type(of: host)), "Host")
        _ = FileManager.default
    }
}
