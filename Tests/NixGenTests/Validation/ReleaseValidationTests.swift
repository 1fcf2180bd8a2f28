import NixGen
import NixGenGenerator
import XCTest

/// nixpkgs builds for Intel Macs up to 26.05: a later release beside an x86_64-darwin host warns
/// at the host's line; 26.05 itself, and Apple silicon, do not.
final class ReleaseValidationTests: XCTestCase {
    private func fleet(_ nixpkgs: String, _ system: System, line: Int = #line) -> (Fleet, SourceLocation) {
        let mac = Host("mac", system: system, address: "mac.lan", stateVersion: 6, file: #filePath, line: line)
        return (Fleet(nixpkgs: nixpkgs, stateVersion: "26.05", darwinStateVersion: 6) { mac }, mac.location)
    }

    private func warnings(_ fleet: Fleet) -> [Diagnostic] {
        Validator.validate(fleet).filter { $0.severity == .warning && $0.message.contains("Intel Mac") }
    }

    func testAnIntelMacOnALaterReleaseWarnsAtItsHost() {
        for nixpkgs in ["github:NixOS/nixpkgs/nixos-26.11", "github:NixOS/nixpkgs/nixpkgs-unstable"] {
            let (fleet, location) = fleet(nixpkgs, .x86_64Darwin)
            let found = warnings(fleet)
            XCTAssertEqual(found.count, 1, nixpkgs)
            XCTAssertEqual(found.first?.location, location)
            XCTAssertTrue(found.first?.message.contains("26.05") ?? false)
        }
    }

    func testTheLastReleaseAndAppleSiliconDoNotWarn() {
        XCTAssertEqual(warnings(fleet("github:NixOS/nixpkgs/nixos-26.05", .x86_64Darwin).0), [])
        XCTAssertEqual(warnings(fleet("github:NixOS/nixpkgs/nixos-26.11", .aarch64Darwin).0), [])
    }
}
