import FleetDefinition
import NixGen
import NixGenCLICore
import NixGenGenerator
import NixGenTestSupport
import XCTest

/// Every fixture fleet, and the bundled example, renders byte for byte to its tree under golden/.
final class GoldenTests: XCTestCase {
    func testFixturesMatchGoldenTrees() throws {
        for (name, fleet) in Fixtures.all {
            let tree = try XCTUnwrap(Generator.run(fleet).tree, "fixture \(name) must be valid")
            if let failure = Golden.check(tree, named: name) { XCTFail(failure) }
        }
    }

    func testExampleFleetMatchesGoldenTree() throws {
        let generation = Generator.run(exampleFleet)
        XCTAssertEqual(generation.diagnostics, [], "the example fleet should be clean")
        let tree = try XCTUnwrap(generation.tree)
        if let failure = Golden.check(tree, named: "example") { XCTFail(failure) }
    }

    func testGoldenComparisonFailsOnADifference() throws {
        // The comparison must be able to fail: a one-byte change is reported with a diff.
        var tree = try XCTUnwrap(Generator.run(Fixtures.minimal).tree)
        guard !Golden.isRecording else { throw XCTSkip("recording") }
        tree.files["nix/hosts/solo.nix"]! += " "
        tree.files["nix/hosts/ghost.nix"] = "x\n"
        let failure = try XCTUnwrap(Golden.check(tree, named: "minimal"))
        XCTAssertTrue(failure.contains("changed: nix/hosts/solo.nix"), failure)
        XCTAssertTrue(failure.contains("missing: nix/hosts/ghost.nix"), failure)
        XCTAssertTrue(failure.contains("+++ b/nix/hosts/solo.nix"), failure)
    }

    func testEveryGeneratedFileEndsWithOneNewline() throws {
        for (name, fleet) in Fixtures.all + [("example", exampleFleet)] {
            for (path, text) in try XCTUnwrap(Generator.run(fleet).tree).files {
                XCTAssertTrue(text.hasSuffix("\n") && !text.hasSuffix("\n\n"), "\(name): \(path)")
            }
        }
    }

    /// The first user's fleet in miniature: 17+ NixOS hosts and two Macs, nixinate and colmena,
    /// secrets, and so every output the renderer has.
    func testExampleFleetIsTheFirstUsersShape() throws {
        let plan = Plan(exampleFleet)
        let nixos = plan.hosts.filter { $0.platform == .nixos }
        XCTAssertGreaterThanOrEqual(nixos.count, 17)
        XCTAssertEqual(plan.hosts.filter { $0.platform == .darwin }.count, 2)
        XCTAssertGreaterThanOrEqual(plan.services.count, 12)
        XCTAssertEqual(Set(exampleFleet.deployers), [.nixinate, .colmena])
        XCTAssertTrue(plan.services.contains { !$0.secrets.isEmpty })
        XCTAssertTrue(nixos.allSatisfy { host in host.services.contains { $0.name == "node-exporter" } },
                      "every server runs the node exporter through the monitored role")
        let flake = try XCTUnwrap(Generator.run(exampleFleet).tree?.files["flake.nix"])
        for output in ["nixosConfigurations", "darwinConfigurations", "colmenaHive", "secrix"] {
            XCTAssertTrue(flake.contains(output), output)
        }
    }
}
