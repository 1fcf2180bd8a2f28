import Foundation
import NixGen
import NixGenCLICore
import NixGenGenerator
import NixGenTestSupport
import XCTest

/// new-host, new-service and init: what they write, what they refuse, and that the result builds.
final class ScaffoldTests: XCTestCase {
    private var directory: URL!

    override func setUpWithError() throws {
        directory = Tools.temporaryDirectory("scaffold")
        try FileManager.default.copyItem(at: Golden.repositoryRoot.appendingPathComponent("Sources/Fleet"),
                                         to: directory.appendingPathComponent("Sources/Fleet"))
    }

    override func tearDown() { try? FileManager.default.removeItem(at: directory) }

    private func run(_ arguments: [String], in folder: URL? = nil) -> (code: Int32, out: String, err: String) {
        let console = Console()
        let code = CLI(arguments: arguments, fleet: { Fleet(hosts: []) }, currentDirectory: folder ?? directory,
                       console: console).run()
        return (code, console.output, console.errors)
    }

    func testNewHostCreatesTheFileRegistersItAndScaffoldsHardwareOnce() throws {
        let result = run(["new-host", "web-1", "--system", "aarch64-linux", "--address=10.0.0.99", "--role", "server"])
        XCTAssertEqual(result.code, 0, result.err)
        XCTAssertEqual(result.out, """
            created Sources/Fleet/Hosts/web-1.swift
            changed Sources/Fleet/Hosts/Hosts.swift
            created nix/hardware/web-1.nix

            """)
        let host = try String(contentsOf: directory.appendingPathComponent("Sources/Fleet/Hosts/web-1.swift"), encoding: .utf8)
        XCTAssertTrue(host.contains(#"let web1 = Host("web-1", system: .aarch64Linux, address: "10.0.0.99", lanInterfaces: [], hostKey: nil) {"#), host)
        XCTAssertTrue(host.contains(#"HasRole("server")"#))
        XCTAssertTrue(host.contains(#"Import("hardware/web-1.nix")"#))
        let index = try String(contentsOf: directory.appendingPathComponent("Sources/Fleet/Hosts/Hosts.swift"), encoding: .utf8)
        XCTAssertTrue(index.contains("    selene,\n    web1,\n]"), index)
        let hardware = try String(contentsOf: directory.appendingPathComponent("nix/hardware/web-1.nix"), encoding: .utf8)
        XCTAssertFalse(hardware.hasPrefix(GeneratedFile.header), "the hardware module is the user's, not generated")
    }

    /// A Mac gets no hardware module (nix-darwin needs none) and no Import of one; the NixOS
    /// placeholder refuses to build until replaced (HarnessStrictnessTests evaluates it).
    func testNewHostScaffoldsHardwareOnlyForNixOS() throws {
        let result = run(["new-host", "mac-1", "--system", "aarch64-darwin"])
        XCTAssertEqual(result.code, 0, result.err)
        XCTAssertEqual(result.out, "created Sources/Fleet/Hosts/mac-1.swift\nchanged Sources/Fleet/Hosts/Hosts.swift\n")
        let host = try String(contentsOf: directory.appendingPathComponent("Sources/Fleet/Hosts/mac-1.swift"), encoding: .utf8)
        XCTAssertFalse(host.contains("Import("), host)
        XCTAssertFalse(FileManager.default.fileExists(atPath: directory.appendingPathComponent("nix/hardware/mac-1.nix").path))
        XCTAssertEqual(run(["new-host", "db-1", "--system", "x86_64-linux", "--lan", "enp1s0", "--lan", "enp2s0"]).code, 0)
        let db = try String(contentsOf: directory.appendingPathComponent("Sources/Fleet/Hosts/db-1.swift"), encoding: .utf8)
        XCTAssertTrue(db.contains(#"lanInterfaces: ["enp1s0", "enp2s0"]"#), db)
        let hardware = try String(contentsOf: directory.appendingPathComponent("nix/hardware/db-1.nix"), encoding: .utf8)
        XCTAssertTrue(hardware.contains("assertion = false;"), hardware)
    }

    func testScaffoldingAnExistingNameFailsAndChangesNothing() throws {
        XCTAssertEqual(run(["new-host", "web-1", "--system", "x86_64-linux"]).code, 0)
        for arguments in [["new-host", "web-1", "--system", "x86_64-linux"], ["new-host", "atlas", "--system", "x86_64-linux"],
                          ["new-service", "grafana"], ["new-host", "Bad_Name", "--system", "x86_64-linux"],
                          ["new-host", "ok", "--system", "x86_64-plan9"], ["new-service", "../escape"]] {
            let before = Tools.snapshot(directory)
            let result = run(arguments)
            XCTAssertEqual(result.code, 1, "\(arguments)")
            XCTAssertTrue(result.err.hasPrefix("Error: "), result.err)
            XCTAssertEqual(Tools.snapshot(directory), before, "\(arguments) changed files")
        }
        XCTAssertEqual(run(["new-host", "web-1"]).code, 64, "--system is required")
    }

    func testNewServiceRegistersItAndPicksAFreeIdentifier() throws {
        XCTAssertEqual(run(["new-service", "default"]).code, 0)
        let file = try String(contentsOf: directory.appendingPathComponent("Sources/Fleet/Services/default.swift"), encoding: .utf8)
        XCTAssertTrue(file.contains(#"let `default` = Service("default") {"#), file)
        let index = try String(contentsOf: directory.appendingPathComponent("Sources/Fleet/Services/Services.swift"), encoding: .utf8)
        XCTAssertTrue(index.contains("    `default`,\n]"), index)
    }

    func testSwiftIdentifiers() {
        XCTAssertEqual(Scaffolder.swiftIdentifier("home-assistant"), "homeAssistant")
        XCTAssertEqual(Scaffolder.swiftIdentifier("1password"), "_1password")
        XCTAssertEqual(Scaffolder.swiftIdentifier("default"), "`default`")
        XCTAssertEqual(Scaffolder.swiftIdentifier("a.b_c"), "aBC")
    }

    func testTemplatesFolderMatchesTheBuiltInDefaults() throws {
        let folder = Golden.repositoryRoot.appendingPathComponent("Templates")
        let onDisk = Set((FileManager.default.subpaths(atPath: folder.path) ?? []).filter {
            var isDirectory: ObjCBool = false
            FileManager.default.fileExists(atPath: folder.appendingPathComponent($0).path, isDirectory: &isDirectory)
            return !isDirectory.boolValue
        })
        let builtIn = Templates(directory: nil)
        for name in onDisk {
            let text = try String(contentsOf: folder.appendingPathComponent(name), encoding: .utf8)
            XCTAssertEqual(try builtIn.text(name), text, "Templates/\(name) differs from the compiled-in default")
        }
        XCTAssertEqual(onDisk.count, 10)
    }

    func testTemplatesFolderOverridesAndUnknownPlaceholdersFail() throws {
        let templates = directory.appendingPathComponent("Templates")
        try FileManager.default.createDirectory(at: templates, withIntermediateDirectories: true)
        try "let {{identifier}} = Service(\"{{name}}\") // mine\n".write(to: templates.appendingPathComponent("Service.swift"), atomically: true, encoding: .utf8)
        XCTAssertEqual(run(["new-service", "custom"]).code, 0)
        XCTAssertEqual(try String(contentsOf: directory.appendingPathComponent("Sources/Fleet/Services/custom.swift"), encoding: .utf8),
                       "let custom = Service(\"custom\") // mine\n")
        try "{{nope}}\n".write(to: templates.appendingPathComponent("Service.swift"), atomically: true, encoding: .utf8)
        let result = run(["new-service", "other"])
        XCTAssertEqual(result.code, 1)
        XCTAssertTrue(result.err.contains("uses {{nope}}"), result.err)
    }

    /// init a repository, scaffold a host into it, build it against this checkout, render, and check.
    func testInitNewHostBuildRenderCheck() throws {
        guard let swift = Tools.find("swift") else {
            if Tools.isCI { XCTFail("swift not on PATH") }
            throw XCTSkip("swift not on PATH")
        }
        let repository = directory.appendingPathComponent("infrastructure")
        let initialized = run(["init", repository.path, "--nixgen", Golden.repositoryRoot.path])
        XCTAssertEqual(initialized.code, 0, initialized.err)
        XCTAssertTrue(initialized.out.contains("created infrastructure/Package.swift"), initialized.out)
        XCTAssertEqual(run(["init", repository.path, "--nixgen", Golden.repositoryRoot.path]).code, 1, "init never overwrites a file")
        let scaffolded = run(["new-host", "db-2", "--system", "x86_64-linux", "--address", "192.0.2.20"], in: repository)
        XCTAssertEqual(scaffolded.code, 0, scaffolded.err)

        let build = try Tools.run(swift, ["build", "--product", "nixgen"], in: repository)
        XCTAssertEqual(build.status, 0, build.output + build.errors)
        let binary = repository.appendingPathComponent(".build/debug/nixgen").path
        let render = try Tools.run(binary, ["render"], in: repository)
        XCTAssertEqual(render.status, 0, render.output + render.errors)
        XCTAssertTrue(FileManager.default.fileExists(atPath: repository.appendingPathComponent("nix/hosts/db-2.nix").path))
        XCTAssertTrue(FileManager.default.fileExists(atPath: repository.appendingPathComponent("nix/hosts/example.nix").path))
        XCTAssertTrue(FileManager.default.fileExists(atPath: repository.appendingPathComponent("nix/services/nginx.nix").path))
        let check = try Tools.run(binary, ["render", "--check"], in: repository)
        XCTAssertEqual(check.status, 0, check.output + check.errors)
        let hardware = try String(contentsOf: repository.appendingPathComponent("nix/hardware/db-2.nix"), encoding: .utf8)
        XCTAssertTrue(hardware.contains("nixos-generate-config --show-hardware-config"), "the scaffolded hardware module survives the render")
    }
}
