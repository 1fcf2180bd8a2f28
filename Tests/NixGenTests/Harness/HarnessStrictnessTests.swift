import FleetDefinition
import Foundation
import NixGen
import NixGenCLICore
import NixGenGenerator
import NixGenTestSupport
import XCTest

/// The harness is only proof if it rejects what NixOS, secrix and nix-darwin reject: each test
/// breaks one thing a user could get wrong and checks the real code refuses it.
final class HarnessStrictnessTests: XCTestCase {
    override func setUpWithError() throws { try Harness.require() }

    private func evaluationError(_ fleet: Fleet, edit: (URL) throws -> Void, _ attribute: String = "report") throws -> String {
        let directory = try DeployableHostsTests.repository(fleet)
        try edit(directory)
        do {
            _ = try Harness.evaluate(directory, attribute)
        } catch {
            return String(describing: error)
        }
        XCTFail("the broken repository evaluated")
        return ""
    }

    private func replace(_ old: String, _ new: String, in path: String) -> (URL) throws -> Void {
        { directory in
            let url = directory.appendingPathComponent(path)
            let text = try String(contentsOf: url, encoding: .utf8)
            XCTAssertTrue(text.contains(old), "\(path) does not contain \(old)")
            try text.replacingOccurrences(of: old, with: new).write(to: url, atomically: true, encoding: .utf8)
        }
    }

    func testAPortAsAStringIsATypeError() throws {
        let error = try evaluationError(exampleFleet, edit: replace("http_port = ports.grafana.http.port;", "http_port = \"3000\";",
                                                                   in: "nix/services/grafana.nix"))
        XCTAssertTrue(error.contains("services.grafana.settings.server.http_port") && error.contains("is not of type"), error)
    }

    func testAMisspeltSecrixOptionDoesNotExist() throws {
        let error = try evaluationError(Fixtures.operations, edit: replace("decrypted = {", "decrpyted = {", in: "nix/services/restic.nix"))
        XCTAssertTrue(error.contains("secrix.services.restic.secrets.password.decrpyted") && error.contains("does not exist"), error)
    }

    func testAHostWithoutHardwareFailsNixOSAssertions() throws {
        let directory = try DeployableHostsTests.repository(Fixtures.minimal)
        try FileManager.default.removeItem(at: directory.appendingPathComponent("nix/hardware/solo.nix"))
        try "{ }\n".write(to: directory.appendingPathComponent("nix/hardware/solo.nix"), atomically: true, encoding: .utf8)
        let failed = try XCTUnwrap(Harness.evaluate(directory, "report.nixos.solo.failedAssertions") as? [String])
        XCTAssertEqual(failed.count, 2)
        XCTAssertTrue(failed[0].contains("does not specify your root file system"), "\(failed)")
        XCTAssertTrue(failed[1].contains("boot.loader.grub.devices"), "\(failed)")
    }

    func testTheScaffoldedHardwarePlaceholderRefusesToBuild() throws {
        let directory = try DeployableHostsTests.repository(Fixtures.minimal)
        let placeholder = try String(contentsOf: Golden.repositoryRoot.appendingPathComponent("Templates/hardware-nixos.nix"), encoding: .utf8)
        try placeholder.replacingOccurrences(of: "{{name}}", with: "solo")
            .write(to: directory.appendingPathComponent("nix/hardware/solo.nix"), atomically: true, encoding: .utf8)
        let failed = try XCTUnwrap(Harness.evaluate(directory, "report.nixos.solo.failedAssertions") as? [String])
        XCTAssertTrue(failed.contains { $0.contains("nixos-generate-config --show-hardware-config") }, "\(failed)")
    }

    func testAMacWithoutStateVersionDoesNotBuild() throws {
        let error = try evaluationError(Fixtures.operations, edit: replace("system.stateVersion = 5;\n", "", in: "nix/hosts/studio.nix"))
        XCTAssertTrue(error.contains("The `system.stateVersion` option is not defined"), error)
    }

    func testANixOSHostWithoutStateVersionWarns() throws {
        let directory = try DeployableHostsTests.repository(Fixtures.minimal)
        try replace("system.stateVersion = \"26.05\";\n", "", in: "nix/hosts/solo.nix")(directory)
        let warnings = try XCTUnwrap(Harness.evaluate(directory, "report.nixos.solo.warnings") as? [String])
        XCTAssertEqual(warnings, ["system.stateVersion is not set, defaulting to 26.05."])
    }

    /// A secret outside the flake's folder is what broke deploys before: the harness copies the
    /// repository as Nix copies a flake, so such a file is not in the deployed flake.
    func testASecretOutsideTheFlakeIsNotInTheDeployedFlake() throws {
        let outside = Tools.temporaryDirectory("outside").appendingPathComponent("password.age")
        try "stand-in\n".write(to: outside, atomically: true, encoding: .utf8)
        let directory = try DeployableHostsTests.repository(Fixtures.operations)
        try replace("../../secrets/restic/password.age", outside.path, in: "nix/services/restic.nix")(directory)
        let secrets = try XCTUnwrap(Harness.evaluate(directory, "report.nixos.forge.secrets") as? [[String: Any]])
        XCTAssertEqual(secrets.first?["inSelf"] as? Bool, false)
    }
}
