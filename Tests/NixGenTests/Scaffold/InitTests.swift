import Foundation
import NixGen
import NixGenCLICore
import NixGenTestSupport
import XCTest

/// `nixgen init` in an existing repository: beside its files, never over them, git started, and a
/// nixgen dependency a CI machine can resolve.
final class InitTests: XCTestCase {
    private var directory: URL!

    override func setUp() { directory = Tools.temporaryDirectory("init") }

    private func run(_ arguments: [String]) -> (code: Int32, out: String, err: String) {
        let console = Console()
        let code = CLI(arguments: arguments, fleet: { Fleet(hosts: []) }, currentDirectory: directory, console: console).run()
        return (code, console.output, console.errors)
    }

    /// A hand-grown infrastructure repository: a flake, host configurations, a README, a .gitignore.
    private func existingRepository() throws -> URL {
        let repository = directory.appendingPathComponent("infrastructure")
        try Tools.materialize([
            "flake.nix": "{ outputs = { self }: { }; }\n",
            "hosts/atlas/configuration.nix": "{ networking.hostName = \"atlas\"; }\n",
            "README.md": "# infrastructure\n",
            ".gitignore": "result\n",
        ], in: repository)
        return repository
    }

    private let revision = String(repeating: "a", count: 40)

    func testInitBesideAnExistingRepositoryTouchesNothingOfItsOwn() throws {
        let repository = try existingRepository()
        let before = Tools.snapshot(repository, skipping: ".git")
        let result = run(["init", "infrastructure", "--nixgen", "https://git.example.org/ops/nixgen.git", "--revision", revision])
        XCTAssertEqual(result.code, 0, result.err)
        let after = Tools.snapshot(repository, skipping: ".git")
        for (path, bytes) in before { XCTAssertEqual(after[path], bytes, "\(path) is the repository's own") }
        XCTAssertTrue(result.out.contains("created infrastructure/Package.swift"), result.out)
        XCTAssertTrue(result.out.contains("kept    infrastructure/.gitignore"), result.out)
        XCTAssertTrue(result.err.contains("add .build/ and .swiftpm/"), result.err)
        let package = try String(contentsOf: repository.appendingPathComponent("Package.swift"), encoding: .utf8)
        XCTAssertTrue(package.contains(".package(url: \"https://git.example.org/ops/nixgen.git\", revision: \"\(revision)\")"), package)
        XCTAssertTrue(package.contains("package: \"nixgen\""), package)
        if Tools.find("git") != nil || Tools.isCI {
            XCTAssertTrue(FileManager.default.fileExists(atPath: repository.appendingPathComponent(".git").path), "git started")
            XCTAssertTrue(result.out.contains("started git in infrastructure"), result.out)
        }
    }

    func testAConflictNamesEveryFileAndWritesNothing() throws {
        let repository = try existingRepository()
        try Tools.materialize(["Package.swift": "// mine\n", "Templates/Host.swift": "// mine too\n"], in: repository)
        let before = Tools.snapshot(repository, skipping: ".git")
        let result = run(["init", "infrastructure", "--nixgen", "https://git.example.org/ops/nixgen.git", "--revision", revision])
        XCTAssertEqual(result.code, 1)
        XCTAssertEqual(result.err, "Error: these files exist already, so nothing was written: Package.swift, Templates/Host.swift\n")
        XCTAssertEqual(Tools.snapshot(repository, skipping: ".git"), before)
        XCTAssertFalse(FileManager.default.fileExists(atPath: repository.appendingPathComponent(".git").path))
    }

    func testAFleetTheRepositoryDeclaresAlreadyIsKept() throws {
        let repository = try existingRepository()
        try Tools.materialize(["Sources/Fleet/Fleet.swift": "// imported\n"], in: repository)
        let result = run(["init", "infrastructure", "--nixgen", "https://git.example.org/ops/nixgen.git", "--revision", revision])
        XCTAssertEqual(result.code, 0, result.err)
        XCTAssertTrue(result.out.contains("kept    infrastructure/Sources/Fleet\n"), result.out)
        XCTAssertEqual(try String(contentsOf: repository.appendingPathComponent("Sources/Fleet/Fleet.swift"), encoding: .utf8), "// imported\n")
        XCTAssertFalse(FileManager.default.fileExists(atPath: repository.appendingPathComponent("nix/hardware/example.nix").path), "no example")
    }

    func testAURLWithoutARevisionIsAUsageError() {
        let result = run(["init", "x", "--nixgen", "https://git.example.org/ops/nixgen.git"])
        XCTAssertEqual(result.code, 64)
        XCTAssertTrue(result.err.hasPrefix("Error: --nixgen https://git.example.org/ops/nixgen.git needs --revision <commit>"), result.err)
        XCTAssertEqual(run(["init", "x", "--nixgen", "../nixgen", "--revision", revision]).code, 64)
    }

    /// The dependency `init` writes resolves as the CI job would resolve it (`swift package
    /// resolve`), here against this checkout as a git repository, offline.
    func testThePinnedDependencyResolves() throws {
        guard let swift = Tools.find("swift"), let git = Tools.find("git") else {
            if Tools.isCI { XCTFail("swift and git are needed") }
            throw XCTSkip("swift or git not on PATH")
        }
        let head = try Tools.run(git, ["-C", Golden.repositoryRoot.path, "rev-parse", "HEAD"])
        guard head.status == 0 else {
            if Tools.isCI { XCTFail("the checkout is not a git repository: \(head.errors)") }
            throw XCTSkip("the checkout is not a git repository")
        }
        let commit = head.output.trimmingCharacters(in: .whitespacesAndNewlines)
        let repository = try existingRepository()
        let result = run(["init", "infrastructure", "--nixgen", "file://" + Golden.repositoryRoot.path, "--revision", commit])
        XCTAssertEqual(result.code, 0, result.err)
        let resolved = try Tools.run(swift, ["package", "resolve"], in: repository)
        XCTAssertEqual(resolved.status, 0, resolved.output + resolved.errors)
        let pins = try String(contentsOf: repository.appendingPathComponent("Package.resolved"), encoding: .utf8)
        XCTAssertTrue(pins.contains(commit), pins)
    }
}
