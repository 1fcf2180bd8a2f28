import FleetDefinition
import Foundation
import NixGen
import NixGenCLICore
import NixGenGenerator
import NixGenTestSupport
import XCTest

#if canImport(Glibc)
import Glibc
#endif

/// The render stamp lets a no-op render and `render --check` skip printing the tree: sound only
/// if every difference a full render would see also unmakes the stamp. Each case on a real folder.
final class RenderStampTests: XCTestCase {
    private var directory: URL!
    private let key: UInt64 = 0x1234_5678

    override func setUp() { directory = Tools.temporaryDirectory("stamp") }
    override func tearDown() { try? FileManager.default.removeItem(at: directory) }

    private func url(_ path: String) -> URL { directory.appendingPathComponent(path) }

    /// Renders the example with a stamp; the stamp is current right after.
    private func stampedRender() throws {
        try Tools.materialize(["nix/hardware/atlas.nix": "{ }\n"], in: directory)
        _ = try TreeWriter(directory: directory).write(Generator.run(exampleFleet).tree!, stamp: key)
        XCTAssertNotNil(RenderStamp.observe(directory)?.stamp(for: key), "a complete render stamps its folder")
    }

    private var current: Bool { RenderStamp.observe(directory)?.stamp(for: key) != nil }

    /// A nixgen binary patched in place, its size and modification time restored, is another
    /// build: the stamp's key names the executable's change time too, which no user can set back.
    func testABinaryPatchedInPlaceIsAnotherBuild() throws {
        let binary = url("nixgen")
        try Data(repeating: 0x90, count: 4096).write(to: binary)
        let before = try XCTUnwrap(CLI.buildIdentity(ofExecutableAt: binary.path, version: "1"))
        XCTAssertEqual(CLI.buildIdentity(ofExecutableAt: binary.path, version: "1"), before, "nothing happened")
        var info = stat()
        XCTAssertEqual(stat(binary.path, &info), 0)
        usleep(20_000)
        let handle = try FileHandle(forWritingTo: binary)
        try handle.seek(toOffset: 100)
        try handle.write(contentsOf: Data([0xCC]))
        try handle.close()
        var times = [info.st_atim, info.st_mtim]
        XCTAssertEqual(utimensat(AT_FDCWD, binary.path, &times, 0), 0)
        var after = stat()
        XCTAssertEqual(stat(binary.path, &after), 0)
        XCTAssertEqual(after.st_size, info.st_size)
        XCTAssertEqual(after.st_mtim.tv_nsec, info.st_mtim.tv_nsec, "the patch restored the modification time")
        XCTAssertNotEqual(CLI.buildIdentity(ofExecutableAt: binary.path, version: "1"), before)
    }

    func testTheStampHoldsOnlyForItsKey() throws {
        try stampedRender()
        XCTAssertTrue(RenderStamp.observe(directory)?.stamp(for: key + 1) == nil, "another fleet or build")
    }

    func testEveryChangeToTheFolderUnmakesTheStamp() throws {
        let changes: [(String, (URL) throws -> Void)] = [
            ("an edit of the same size, its mtime set back", { directory in
                let file = directory.appendingPathComponent("nix/inventory.nix")
                var info = stat()
                lstat(file.path, &info)
                var text = try Data(contentsOf: file)
                text[text.count - 2] ^= 0x01
                try text.write(to: file)
                var times = [info.st_atim, info.st_mtim]
                utimensat(AT_FDCWD, file.path, &times, AT_SYMLINK_NOFOLLOW)
            }),
            ("a generated file deleted", { try FileManager.default.removeItem(at: $0.appendingPathComponent("nix/registry/ports.nix")) }),
            ("a file added beside the hosts", { try Data("# nixgen\n".utf8).write(to: $0.appendingPathComponent("nix/hosts/copy.nix")) }),
            ("a user policy added", { try Tools.materialize(["policies/local/extra.rego": "package extra\n"], in: $0) }),
            ("a hardware module edited", { try Data("{ boot.loader.grub.enable = false; }\n".utf8).write(to: $0.appendingPathComponent("nix/hardware/atlas.nix")) }),
            ("a generated file replaced by a link to the same bytes", { directory in
                let file = directory.appendingPathComponent("nix/nixgen.nix")
                let copy = directory.appendingPathComponent("elsewhere.nix")
                try FileManager.default.moveItem(at: file, to: copy)
                try FileManager.default.createSymbolicLink(at: file, withDestinationURL: copy)
            }),
            ("a file's mode changed", { chmod($0.appendingPathComponent("flake.nix").path, 0o600) }),
            ("a renamed pair", { directory in
                let hosts = directory.appendingPathComponent("nix/services")
                let names = try FileManager.default.contentsOfDirectory(atPath: hosts.path).sorted()
                let a = hosts.appendingPathComponent(names[0]), b = hosts.appendingPathComponent(names[1])
                let swap = hosts.appendingPathComponent("swap")
                try FileManager.default.moveItem(at: a, to: swap)
                try FileManager.default.moveItem(at: b, to: a)
                try FileManager.default.moveItem(at: swap, to: b)
            }),
            ("the stamp itself edited", { directory in
                let lock = directory.appendingPathComponent(TreeWriter.lockPath)
                var bytes = try Data(contentsOf: lock)
                bytes[bytes.count / 2] ^= 0x20
                try bytes.write(to: lock)
            }),
        ]
        for (name, change) in changes {
            try? FileManager.default.removeItem(at: directory)
            directory = Tools.temporaryDirectory("stamp")
            try stampedRender()
            try change(directory)
            XCTAssertFalse(current, "still current after \(name)")
        }
    }

    /// Through the command line: a folder rendered from one fleet is stale for another, although
    /// nothing in the folder changed.
    func testAnotherFleetFindsTheFolderStale() throws {
        let console = Console(capturing: true)
        XCTAssertEqual(CLI(arguments: ["render", "--output", directory.path], fleet: { exampleFleet }, console: console).run(), 0)
        XCTAssertEqual(CLI(arguments: ["render", "--check", "--output", directory.path], fleet: { exampleFleet }, console: console).run(), 0)
        let other = {
            var fleet = exampleFleet
            fleet.hosts[0].address = "10.99.0.1"
            return fleet
        }()
        let check = Console(capturing: true)
        XCTAssertEqual(CLI(arguments: ["render", "--check", "--output", directory.path], fleet: { other }, console: check).run(), 1)
        XCTAssertTrue(check.errors.contains("changed: nix/inventory.nix"), check.errors)
    }

    /// An unchanged folder is reported as the full path would: the same output, the same warnings.
    func testAStampedRenderPrintsWhatTheFullOneDid() throws {
        let base = Role("base") { Enable("services.openssh") }
        let fleet = Fleet(stateVersion: "26.05", admins: Fixtures.admins) {
            Host("a", system: .x86_64Linux, address: "10.0.0.1") { Import("hardware/a.nix"); base; base }
        }
        func run(_ arguments: [String]) -> (code: Int32, output: String, errors: String) {
            let console = Console(capturing: true)
            let code = CLI(arguments: arguments + ["--output", directory.path], fleet: { fleet }, console: console).run()
            return (code, console.output, console.errors)
        }
        let first = run(["render"])
        XCTAssertTrue(first.errors.contains("is given role \"base\" more than once"), first.errors)
        XCTAssertTrue(first.errors.contains("nix/hardware/a.nix, which does not exist"), first.errors)
        let full = run(["render"])
        try Tools.materialize(["nix/hardware/a.nix": "{ }\n"], in: directory)
        _ = run(["render"])
        try FileManager.default.removeItem(at: url("nix/hardware/a.nix"))
        XCTAssertNil(RenderStamp.observe(directory), "the hardware folder changed")
        let unstamped = run(["render"])
        let stamped = run(["render"])
        XCTAssertNotNil(RenderStamp.observe(directory))
        XCTAssertEqual(stamped.code, 0)
        XCTAssertEqual(stamped.output, full.output)
        XCTAssertEqual(stamped.errors, full.errors)
        XCTAssertEqual(unstamped.errors, full.errors)
        let checks = (run(["render", "--check"]), { try? FileManager.default.removeItem(at: self.url(TreeWriter.lockPath)) }(), run(["render", "--check"]))
        XCTAssertEqual(checks.0.code, 0)
        XCTAssertEqual(checks.0.errors, checks.2.errors, "a check with and without the stamp")
    }

    /// A policy nixgen did not generate under `policies/` is a warning for `render` and a failure
    /// for `render --check`, stamp or no stamp.
    func testAStampedCheckStillReportsForeignPolicies() throws {
        let console = Console(capturing: true)
        try Tools.materialize(["policies/extra.rego": "package extra\n"], in: directory)
        XCTAssertEqual(CLI(arguments: ["render", "--output", directory.path], fleet: { exampleFleet }, console: console).run(), 0)
        XCTAssertTrue(console.errors.contains("warning: policies/extra.rego"), console.errors)
        XCTAssertNotNil(RenderStamp.observe(directory), "the render completed and stamped the folder")
        let check = Console(capturing: true)
        XCTAssertEqual(CLI(arguments: ["render", "--check", "--output", directory.path], fleet: { exampleFleet }, console: check).run(), 1)
        XCTAssertTrue(check.errors.contains("foreign: 1 file(s) under policies/"), check.errors)
    }

    /// Whatever the folder holds, `render --check` prints and exits the same with the stamp as
    /// without it (the stamp only decides whether the full check has to run).
    func testAStampedCheckAnswersAsTheFullCheck() throws {
        let scenarios: [(String, (URL) throws -> Void)] = [
            ("nothing changed", { _ in }),
            ("a policy of the user's own", { try Tools.materialize(["policies/local/mine.rego": "package mine\n"], in: $0) }),
            ("a user policy in nixgen's package", { try Tools.materialize(["policies/local/bad.rego": "package nixgen.ports\n"], in: $0) }),
            ("a data file under policies", { try Tools.materialize(["policies/data/extra.json": "{}\n"], in: $0) }),
            ("a hardware module added", { try Tools.materialize(["nix/hardware/atlas.nix": "{ }\n"], in: $0) }),
            ("a generated file edited", { try Data("# Generated by nixgen.\n{ }\n".utf8).write(to: $0.appendingPathComponent("nix/inventory.nix")) }),
            ("a generated file removed", { try FileManager.default.removeItem(at: $0.appendingPathComponent("nix/hosts/atlas.nix")) }),
            ("the lock touched", { _ = utimes($0.appendingPathComponent(TreeWriter.lockPath).path, nil) }),
        ]
        // The same again with each change made before the render, which then stamps it.
        for (name, change) in scenarios + scenarios.map({ ("\($0.0), before the render", $0.1) }) {
            try? FileManager.default.removeItem(at: directory)
            directory = Tools.temporaryDirectory("stamp")
            let before = name.hasSuffix("before the render")
            if before { try FileManager.default.createDirectory(at: url("nix"), withIntermediateDirectories: true) }
            if before, !name.hasPrefix("a generated file") { try change(directory) }
            let render = Console(capturing: true)
            _ = CLI(arguments: ["render", "--output", directory.path], fleet: { exampleFleet }, console: render).run()
            if !before { try change(directory) }
            func check() -> (Int32, String, String) {
                let console = Console(capturing: true)
                let code = CLI(arguments: ["render", "--check", "--output", directory.path], fleet: { exampleFleet }, console: console).run()
                return (code, console.output, console.errors)
            }
            let stamped = check()
            try? FileManager.default.removeItem(at: url(TreeWriter.lockPath))
            let full = check()
            XCTAssertTrue(stamped == full, "\(name): with the stamp \(stamped.0) \(stamped.2), without \(full.0) \(full.2)")
        }
    }

    /// A file changed later in the clock tick the stamp was taken in keeps its times: the stamp
    /// then lists it as it is, and only its content can tell. Forged here by rewriting the stamp's
    /// listing after the edit, as a scan in that same tick would have.
    func testFilesChangedSinceTheStampWasTakenAreComparedByContent() throws {
        try stampedRender()
        let file = url("nix/inventory.nix")
        var text = try Data(contentsOf: file)
        text[text.count - 2] ^= 0x01
        try text.write(to: file)
        let lock = url(TreeWriter.lockPath)
        var stamp = try XCTUnwrap(RenderStamp(parsing: [UInt8](try Data(contentsOf: lock))))
        stamp.listing = TreeScan.listing(try XCTUnwrap(TreeScan.entries(in: directory, excluding: [TreeWriter.lockPath])))
        try Data(try XCTUnwrap(stamp.serialized)).write(to: lock)
        let observation = try XCTUnwrap(RenderStamp.observe(directory), "the forged listing matches the folder")
        XCTAssertTrue(observation.stamp(for: key) == nil, "the edited file's content differs from the stamp's")
        text[text.count - 2] ^= 0x01
        try text.write(to: file)
        stamp.listing = TreeScan.listing(try XCTUnwrap(TreeScan.entries(in: directory, excluding: [TreeWriter.lockPath])))
        try Data(try XCTUnwrap(stamp.serialized)).write(to: lock)
        XCTAssertNotNil(RenderStamp.observe(directory)?.stamp(for: key), "the same bytes again")
    }

    /// The real executable, one process rendering and others checking: an edit made right after a
    /// render, keeping the size and the mtime, is stale for `render --check` and repaired by `render`.
    func testRenderCheckSeesAnEditMadeRightAfterARender() throws {
        let binary = Tools.nixgenBinary.path
        guard FileManager.default.isExecutableFile(atPath: binary) else {
            if Tools.isCI { return XCTFail("nixgen binary missing at \(binary)") }
            throw XCTSkip("nixgen binary not built")
        }
        XCTAssertEqual(try Tools.run(binary, ["render", "--output", directory.path]).status, 0)
        XCTAssertNotNil(RenderStamp.observe(directory), "the render stamped the folder")
        XCTAssertEqual(try Tools.run(binary, ["render", "--check", "--output", directory.path]).status, 0)
        let file = url("nix/inventory.nix")
        let original = try Data(contentsOf: file)
        var info = stat()
        lstat(file.path, &info)
        var edited = original
        edited[edited.count - 2] ^= 0x01
        try edited.write(to: file)
        var times = [info.st_atim, info.st_mtim]
        utimensat(AT_FDCWD, file.path, &times, AT_SYMLINK_NOFOLLOW)
        let check = try Tools.run(binary, ["render", "--check", "--output", directory.path])
        XCTAssertEqual(check.status, 1, check.errors)
        XCTAssertTrue(check.errors.contains("changed: nix/inventory.nix"), check.errors)
        let render = try Tools.run(binary, ["render", "--output", directory.path])
        XCTAssertTrue(render.output.contains("wrote   nix/inventory.nix"), render.output)
        XCTAssertEqual(try Data(contentsOf: file), original)
        let again = try Tools.run(binary, ["render", "--output", directory.path])
        XCTAssertTrue(again.output.hasSuffix("0 written, 0 removed, \(Generator.run(exampleFleet).tree!.files.count) unchanged\n"), again.output)
    }
}
