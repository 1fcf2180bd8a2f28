import Foundation
import NixGen
import NixGenCLICore
import NixGenTestSupport
import XCTest

/// `nixgen import` on a hand-grown fleet (Tests/ImportFixture), evaluated offline through the
/// harness: import, init, build the generated Swift against this checkout, validate, render, and
/// `import --check` finds every host as it was; a port changed before the import is named.
final class ImportTests: XCTestCase {
    private var directory: URL!

    override func setUpWithError() throws {
        try Harness.require()
        directory = Tools.temporaryDirectory("import")
    }

    /// The harness stands in for `builtins.getFlake`: the flake's outputs, its inputs the pinned
    /// upstream flakes and the nixpkgs stand-in.
    private func run(_ arguments: [String]) throws -> (code: Int32, out: String, err: String) {
        let console = Console()
        let environment = [
            "NIX_PATH": "nixgen-upstream=\(try Harness.prepared.get())",
            "NIXGEN_FLAKE_LOADER": "(import \(Harness.directory.appendingPathComponent("harness.nix").path) { root = @FLAKE@; }).fleet",
        ]
        let code = CLI(arguments: arguments, fleet: { Fleet(hosts: []) }, environment: environment, currentDirectory: directory,
                       console: console).run()
        return (code, console.output, console.errors)
    }

    private func copyFixture(to name: String) throws -> URL {
        let target = directory.appendingPathComponent(name)
        try FileManager.default.copyItem(at: Golden.repositoryRoot.appendingPathComponent("Tests/ImportFixture"), to: target)
        return target
    }

    func testImportRenderAndCheckFindEveryHostAsItWas() throws {
        guard let swift = Tools.find("swift") else {
            if Tools.isCI { XCTFail("swift not on PATH") }
            throw XCTSkip("swift not on PATH")
        }
        let before = try copyFixture(to: "before")
        let repository = try copyFixture(to: "infrastructure")
        let imported = try run(["import", "infrastructure"])
        XCTAssertEqual(imported.code, 0, imported.err)
        for file in ["Sources/Fleet/Fleet.swift", "Sources/Fleet/Hosts/web.swift", "Sources/Fleet/Hosts/monitor.swift", "Sources/Fleet/Hosts/studio.swift",
                     "Sources/Fleet/Services/Imported.swift", "nix/hardware/web.nix", "nix/hardware/monitor.nix", "nix/darwin/studio.nix"] {
            XCTAssertTrue(imported.out.contains("created infrastructure/\(file)\n"), "\(file): \(imported.out)")
        }
        XCTAssertTrue(imported.out.contains("finding: web: networking.firewall.allowedTCPPorts opens 8080/tcp, which no recognised service binds"), imported.out)
        XCTAssertTrue(imported.out.contains("finding: web: no SSH host key is declared"), imported.out)
        XCTAssertTrue(imported.out.contains("finding: web: its modules set _module.args.nixinate"), imported.out)
        let services = try String(contentsOf: repository.appendingPathComponent("Sources/Fleet/Services/Imported.swift"), encoding: .utf8)
        XCTAssertTrue(services.contains("Port(\"http\", 3000, exposure: .lan, boundTo: \"services.grafana.settings.server.http_port\")"), services)
        XCTAssertTrue(services.contains("Port(\"ssh\", 22, exposure: .public, privileged: true)"), "opened by openssh's own openFirewall")
        XCTAssertTrue(services.contains("Port(\"metrics\", 9100, exposure: .lan"), "opened on eth0, under mkForce on monitor")
        XCTAssertTrue(services.contains("Port(\"tcp-8080\", 8080, exposure: .public)"), "opened in a host file")
        let monitor = try String(contentsOf: repository.appendingPathComponent("Sources/Fleet/Hosts/monitor.swift"), encoding: .utf8)
        XCTAssertTrue(monitor.contains("address: \"10.1.0.11\""), "the address from the colmena hive: \(monitor)")
        let web = try String(contentsOf: repository.appendingPathComponent("Sources/Fleet/Hosts/web.swift"), encoding: .utf8)
        XCTAssertTrue(web.contains("address: \"10.1.0.10\"") && web.contains("Deployment(sshUser: \"ops\", buildOn: .remote)"), web)
        XCTAssertEqual(try run(["import", "infrastructure"]).code, 1, "an import never overwrites")

        // The user's flake gives way to nixgen's (kept elsewhere for the check), then init, build, render.
        try FileManager.default.removeItem(at: repository.appendingPathComponent("flake.nix"))
        let initialized = try run(["init", "infrastructure", "--nixgen", Golden.repositoryRoot.path])
        XCTAssertEqual(initialized.code, 0, initialized.err)
        let build = try Tools.run(swift, ["build", "--product", "nixgen"], in: repository)
        XCTAssertEqual(build.status, 0, build.output + build.errors)
        let binary = repository.appendingPathComponent(".build/debug/nixgen").path
        let validate = try Tools.run(binary, ["validate"], in: repository)
        XCTAssertEqual(validate.status, 0, validate.output + validate.errors)
        let render = try Tools.run(binary, ["render"], in: repository)
        XCTAssertEqual(render.status, 0, render.output + render.errors)

        XCTAssertEqual(try run(["import", "--check", "before"]).code, 64, "--check needs the render to compare with")
        let check = try run(["import", "--check", "before", "--output", "infrastructure"])
        XCTAssertEqual(check.code, 0, check.out + check.err)
        XCTAssertEqual(check.out, "no differences: 3 hosts evaluate as they did before the import\n")

        // A port that differs before and after is named, with its option, and the check fails.
        let monitoring = before.appendingPathComponent("modules/monitoring.nix")
        let text = try String(contentsOf: monitoring, encoding: .utf8)
        try text.replacingOccurrences(of: "http_port = 3000;", with: "http_port = 3001;").write(to: monitoring, atomically: true, encoding: .utf8)
        let changed = try run(["import", "--check", "before", "--output", "infrastructure"])
        XCTAssertEqual(changed.code, 1)
        XCTAssertEqual(changed.out, "differs: monitor: grafana.http (services.grafana.settings.server.http_port) is 3000, was 3001\n")
    }
}
