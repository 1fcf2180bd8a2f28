import Foundation
@testable import NixGenCLICore
import NixGenGenerator
import XCTest

/// Host names from an imported flake become file names: a hostile one is not imported, said in a
/// finding, and no written path leaves the repository (it did: `../../../../x/ESCAPED` wrote
/// ESCAPED.swift and ESCAPED.nix outside the output folder).
final class ImportNamesTests: XCTestCase {
    func testHostileHostNamesAreSkippedWithAFinding() {
        let hostile = ["../../../../x/ESCAPED", "a\nb", "q\"uote", "${x}", "with space", "UPPER", "-dash", String(repeating: "a", count: 64)]
        var nixos: [String: [String: Any]] = ["web": ["system": "x86_64-linux", "stateVersion": "26.05", "hostName": "web"]]
        for name in hostile { nixos[name] = ["system": "x86_64-linux", "stateVersion": "26.05"] }
        let result = Importer(fleet: ExistingFleet(["src": "/src", "nixos": nixos])).run()
        for (path, _) in result.files {
            let parts = path.split(separator: "/", omittingEmptySubsequences: false)
            XCTAssertFalse(parts.contains("..") || path.hasPrefix("/") || path.contains("\n") || path.contains("$"), path)
        }
        XCTAssertTrue(result.files.contains { $0.path == "Sources/Fleet/Hosts/web.swift" })
        for name in hostile {
            XCTAssertTrue(result.findings.contains { $0.hasPrefix(quoted(name) + ": not imported") }, "\(name): \(result.findings)")
        }
    }

    /// Thousands of unrecognised open ports are one finding with ranges (65,535 printed 131,079
    /// lines); a handful stay one line each, naming the option that opens them.
    func testManyUnrecognisedPortsAreOneFinding() {
        func fleet(_ tcp: [Int], _ udp: [Int]) -> ExistingFleet {
            ExistingFleet(["src": "/src", "nixos": ["web": ["system": "x86_64-linux", "stateVersion": "26.05", "hostName": "web",
                                                          "firewall": ["tcp": tcp, "udp": udp, "enable": true]]]])
        }
        let many = Importer(fleet: fleet(Array(1...65_535), [53])).run().findings.filter { $0.contains("no recognised service binds") }
        XCTAssertEqual(many, ["web: the firewall opens 65536 ports that no recognised service binds (1-65535/tcp, 53/udp): declared as ports of \"web-ports\""])
        let few = Importer(fleet: fleet([8080, 8081], [])).run().findings.filter { $0.contains("no recognised service binds") }
        XCTAssertEqual(few.count, 2)
        XCTAssertTrue(few[0].hasPrefix("web: networking.firewall.allowedTCPPorts opens 8080/tcp"), "\(few)")
    }
}
