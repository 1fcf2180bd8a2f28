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

/// The writer's safety properties, each proven on a real folder.
final class TreeWriterTests: XCTestCase {
    private var directory: URL!
    private var exampleTree: RenderedTree { Generator.run(exampleFleet).tree! }

    override func setUp() { directory = Tools.temporaryDirectory("writer") }
    override func tearDown() { try? FileManager.default.removeItem(at: directory) }

    private func text(_ path: String) -> String? {
        FileManager.default.contents(atPath: directory.appendingPathComponent(path).path).map { String(decoding: $0, as: UTF8.self) }
    }

    private func put(_ text: String, _ path: String) throws {
        try Tools.materialize([path: text], in: directory)
    }

    private func twoHosts(_ names: [String]) -> Fleet {
        Fleet(stateVersion: "26.05", admins: Fixtures.admins) {
            for (index, name) in names.enumerated() {
                Host(name, system: .x86_64Linux, address: "10.0.0.\(index + 1)") { Import("hardware/\(name).nix") }
            }
        }
    }

    func testWritesTheTreeThenLeavesUnchangedFilesUntouched() throws {
        let tree = exampleTree
        let first = try TreeWriter(directory: directory).write(tree)
        XCTAssertEqual(first.written.count, tree.files.count)
        XCTAssertTrue(Drift.compare(tree, with: directory).isEmpty)
        let host = directory.appendingPathComponent("nix/hosts/atlas.nix").path
        let before = try FileManager.default.attributesOfItem(atPath: host)
        Thread.sleep(forTimeInterval: 0.05)
        let second = try TreeWriter(directory: directory).write(tree)
        XCTAssertEqual(second.written, [])
        XCTAssertEqual(second.unchanged, tree.files.count)
        let after = try FileManager.default.attributesOfItem(atPath: host)
        XCTAssertEqual(before[.modificationDate] as? Date, after[.modificationDate] as? Date, "unchanged file rewritten")
        XCTAssertEqual(before[.systemFileNumber] as? Int, after[.systemFileNumber] as? Int)
    }

    /// Where the one `syncfs` after staging fails, each staged file is flushed on its own; one
    /// that cannot be (gone) stops the write with a sentence naming it.
    func testFlushesAStagedFileOnItsOwn() throws {
        let url = directory.appendingPathComponent("nix/hosts/a.nix", isDirectory: false)
        try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
        try FileIO.stage("x\n", for: url, sync: false)
        XCTAssertNoThrow(try FileIO.syncStaged(for: url))
        try FileIO.commit(url)
        XCTAssertThrowsError(try FileIO.syncStaged(for: url)) { XCTAssertTrue("\($0)".hasPrefix("cannot flush "), "\($0)") }
    }

    func testPrunesFilesOfARemovedHostAndKeepsHandWrittenOnes() throws {
        try put("{ ... }: { }\n", "nix/modules/custom.nix")
        try put("{ ... }: { }\n", "nix/hardware/b.nix")
        _ = try TreeWriter(directory: directory).write(Generator.run(twoHosts(["a", "b"])).tree!)
        XCTAssertNotNil(text("nix/hosts/b.nix"))
        let report = try TreeWriter(directory: directory).write(Generator.run(twoHosts(["a"])).tree!)
        XCTAssertEqual(report.removed, ["nix/hosts/b.nix"])
        XCTAssertNil(text("nix/hosts/b.nix"))
        XCTAssertNotNil(text("nix/hosts/a.nix"))
        XCTAssertEqual(text("nix/modules/custom.nix"), "{ ... }: { }\n", "a hand-written module survives")
        XCTAssertEqual(text("nix/hardware/b.nix"), "{ ... }: { }\n", "a user-owned hardware module survives")
        XCTAssertFalse(text(Generator.manifestPath)!.contains("hosts/b.nix"))
    }

    func testRefusesToOverwriteAFileItDidNotGenerate() throws {
        try put("# my own host file\n{ ... }: { }\n", "nix/hosts/a.nix")
        XCTAssertThrowsError(try TreeWriter(directory: directory).write(Generator.run(twoHosts(["a", "b"])).tree!)) { error in
            XCTAssertEqual(error as? WriteError, .foreignFile("nix/hosts/a.nix"))
        }
        XCTAssertEqual(text("nix/hosts/a.nix"), "# my own host file\n{ ... }: { }\n")
        XCTAssertNil(text("nix/hosts/b.nix"), "nothing is written when any target is foreign")
    }

    func testNeverFollowsASymlinkOutOfTheOutputFolder() throws {
        let outside = Tools.temporaryDirectory("outside")
        try FileManager.default.createDirectory(at: directory.appendingPathComponent("nix"), withIntermediateDirectories: true)
        try FileManager.default.createSymbolicLink(at: directory.appendingPathComponent("nix/hosts"), withDestinationURL: outside)
        XCTAssertThrowsError(try TreeWriter(directory: directory).write(Generator.run(twoHosts(["a"])).tree!)) { error in
            XCTAssertEqual(error as? WriteError, .unsafePath("nix/hosts/a.nix"))
        }
        XCTAssertEqual(try FileManager.default.contentsOfDirectory(atPath: outside.path), [])
    }

    func testRejectsPathsOutsideItsFolders() throws {
        for path in ["../escape.nix", "nix/../../escape.nix", "/etc/passwd", "elsewhere/x.nix", "nix//x.nix"] {
            XCTAssertThrowsError(try TreeWriter(directory: directory).write(RenderedTree(files: [path: "x"])), path) { error in
                XCTAssertEqual(error as? WriteError, .unsafePath(path))
            }
        }
    }

    func testASecondConcurrentRenderFailsOnTheLock() throws {
        try FileManager.default.createDirectory(at: directory.appendingPathComponent("nix"), withIntermediateDirectories: true)
        let fd = open(directory.appendingPathComponent(TreeWriter.lockPath).path, O_RDWR | O_CREAT, 0o644)
        XCTAssertEqual(flock(fd, LOCK_EX | LOCK_NB), 0)
        defer { close(fd) }
        XCTAssertThrowsError(try TreeWriter(directory: directory).write(exampleTree)) { error in
            guard case .locked = error as? WriteError else { return XCTFail("\(error)") }
        }
        XCTAssertNil(text("nix/flake.nix"))
    }

    func testASecondRenderProcessFailsClearlyWhileOneHoldsTheLock() throws {
        let binary = Tools.nixgenBinary.path
        guard FileManager.default.isExecutableFile(atPath: binary) else {
            if Tools.isCI { return XCTFail("nixgen binary missing at \(binary)") }
            throw XCTSkip("nixgen binary not built")
        }
        try FileManager.default.createDirectory(at: directory.appendingPathComponent("nix"), withIntermediateDirectories: true)
        let fd = open(directory.appendingPathComponent(TreeWriter.lockPath).path, O_RDWR | O_CREAT, 0o644)
        XCTAssertEqual(flock(fd, LOCK_EX | LOCK_NB), 0)
        let blocked = try Tools.run(binary, ["render", "--output", directory.path])
        XCTAssertEqual(blocked.status, 1)
        XCTAssertTrue(blocked.errors.contains("Error: another nixgen render is running"), blocked.errors)
        close(fd)
        XCTAssertEqual(try Tools.run(binary, ["render", "--output", directory.path]).status, 0, "the lock is released with its holder")
    }

    /// Kills a real `nixgen render` with SIGKILL after N files, for several N, over a tree whose every
    /// file must change: each file is then old or new, never torn, and the next render repairs all.
    func testRenderKilledMidWriteLeavesOldOrNewFilesAndTheNextRenderRepairs() throws {
        let tree = exampleTree
        let binary = Tools.nixgenBinary.path
        guard FileManager.default.isExecutableFile(atPath: binary) else {
            if Tools.isCI { return XCTFail("nixgen binary missing at \(binary)") }
            throw XCTSkip("nixgen binary not built")
        }
        for killAfter in [0, 1, 7, tree.files.count - 1] {
            let folder = Tools.temporaryDirectory("killed")
            defer { try? FileManager.default.removeItem(at: folder) }
            var old = tree.files
            for path in old.keys { old[path]! += "# stale\n" }
            try Tools.materialize(old, in: folder)
            var environment = ProcessInfo.processInfo.environment
            environment["NIXGEN_TEST_KILL_AFTER"] = String(killAfter)
            let killed = try Tools.run(binary, ["render", "--output", folder.path], environment: environment)
            XCTAssertEqual(killed.status, SIGKILL, "the render should have been killed after \(killAfter) files")
            var fresh = 0
            for path in tree.paths {
                let now = try XCTUnwrap(FileManager.default.contents(atPath: folder.appendingPathComponent(path).path))
                let current = String(decoding: now, as: UTF8.self)
                XCTAssertTrue(current == old[path] || current == tree.files[path], "\(path) is torn after kill at \(killAfter)")
                if current == tree.files[path] { fresh += 1 }
            }
            XCTAssertEqual(fresh, killAfter, "exactly the files written before the kill are new")
            let repaired = try Tools.run(binary, ["render", "--output", folder.path])
            XCTAssertEqual(repaired.status, 0, repaired.errors)
            XCTAssertTrue(Drift.compare(tree, with: folder).isEmpty, "the next render repairs the tree")
            let leftovers = try FileManager.default.subpathsOfDirectory(atPath: folder.path).filter { $0.contains("nixgen-tmp") }
            XCTAssertEqual(leftovers, [])
        }
    }

    func testDriftNamesChangedMissingAndExtraFiles() throws {
        _ = try TreeWriter(directory: directory).write(Generator.run(twoHosts(["a", "b"])).tree!)
        try put(text("nix/hosts/a.nix")! + "# edited\n", "nix/hosts/a.nix")
        let drift = Drift.compare(Generator.run(twoHosts(["a", "c"])).tree!, with: directory)
        XCTAssertEqual(drift.summary.split(separator: "\n").filter { $0.contains("hosts/") },
                       ["changed: nix/hosts/a.nix", "extra:   nix/hosts/b.nix", "missing: nix/hosts/c.nix"])
        let diff = drift.unifiedDiff()
        XCTAssertTrue(diff.contains("--- a/nix/hosts/a.nix\n+++ b/nix/hosts/a.nix\n"), diff)
        XCTAssertTrue(diff.contains("-# edited\n"), diff)
        XCTAssertTrue(diff.contains("--- a/nix/hosts/b.nix\n+++ /dev/null\n"), diff)
        XCTAssertTrue(diff.contains("--- /dev/null\n+++ b/nix/hosts/c.nix\n"), diff)
    }

    /// Equal in Swift's sense (canonical equivalence) is not equal on disk: a host whose summary
    /// changed from "é" to "e\u{301}" is rewritten, and `render --check` names the stale file.
    func testFilesThatDifferOnlyInUnicodeNormalisationAreStale() throws {
        func fleet(_ description: String) -> Fleet {
            Fleet(stateVersion: "26.05", admins: Fixtures.admins) {
                Service("web", summary: description)
                Host("a", system: .x86_64Linux, address: "10.0.0.1") { Import("hardware/a.nix"); Runs("web") }
            }
        }
        let composed = Generator.run(fleet("caf\u{E9}")).tree!, decomposed = Generator.run(fleet("cafe\u{301}")).tree!
        // (The fleet's data differs: it holds each file's SHA-256, of its bytes.)
        XCTAssertEqual(composed.files["nix/services/web.nix"], decomposed.files["nix/services/web.nix"], "Swift calls the files equal")
        _ = try TreeWriter(directory: directory).write(composed)
        let stale = Drift.compare(decomposed, with: directory)
        XCTAssertFalse(stale.isEmpty, "render --check must see the changed bytes")
        XCTAssertTrue(stale.changes.allSatisfy { if case .changed = $0 { true } else { false } }, stale.summary)
        let report = try TreeWriter(directory: directory).write(decomposed)
        XCTAssertEqual(report.written.sorted(), stale.changes.map(\.path).sorted())
        XCTAssertTrue(Drift.compare(decomposed, with: directory).isEmpty)
        let service = try XCTUnwrap(FileManager.default.contents(atPath: directory.appendingPathComponent("nix/services/web.nix").path))
        XCTAssertNotNil(service.range(of: Data("cafe\u{301}".utf8)))
    }

    // MARK: - Links, ownership and look-alike files (hardening)

    /// A sentinel folder outside the output, which no render may change.
    private func sentinel() throws -> (URL, [String: Data]) {
        let outside = Tools.temporaryDirectory("sentinel")
        try Tools.materialize(["roles/server.nix": GeneratedFile.header + "\nsentinel\n", "keep.txt": "keep\n"], in: outside)
        return (outside, Tools.snapshot(outside))
    }

    private func unchanged(_ outside: URL, _ snapshot: [String: Data], file: StaticString = #filePath, line: UInt = #line) {
        XCTAssertEqual(Tools.snapshot(outside), snapshot, "the folder outside the output changed", file: file, line: line)
    }

    func testPruningNeverFollowsALinkedFolder() throws {
        let (outside, snapshot) = try sentinel()
        _ = try TreeWriter(directory: directory).write(exampleTree)
        // nix/roles becomes a link to the sentinel, which holds a generated-looking server.nix.
        try FileManager.default.removeItem(at: directory.appendingPathComponent("nix/roles"))
        try FileManager.default.createSymbolicLink(at: directory.appendingPathComponent("nix/roles"),
                                                   withDestinationURL: outside.appendingPathComponent("roles"))
        var fleet = exampleFleet
        fleet.roles = []
        for index in fleet.hosts.indices { fleet.hosts[index].roles = [] }
        var tree = try XCTUnwrap(Generator.render(Plan(fleet)) as RenderedTree?)
        tree.files = tree.files.filter { !$0.key.hasPrefix("nix/roles/") }
        _ = try? TreeWriter(directory: directory).write(tree)
        unchanged(outside, snapshot)
    }

    func testALinkedNixFolderIsRefusedBeforeTheLock() throws {
        let (outside, snapshot) = try sentinel()
        try FileManager.default.createSymbolicLink(at: directory.appendingPathComponent("nix"), withDestinationURL: outside)
        XCTAssertThrowsError(try TreeWriter(directory: directory).write(exampleTree)) { error in
            XCTAssertEqual(error as? WriteError, .unsafePath("nix"))
        }
        unchanged(outside, snapshot)
        XCTAssertFalse(FileManager.default.fileExists(atPath: outside.appendingPathComponent(".nixgen.lock").path))
    }

    func testAUserFileNamedLikeATemporaryStays() throws {
        _ = try TreeWriter(directory: directory).write(exampleTree)
        try put("mine\n", "nix/hosts/.notes.nix.nixgen-tmp-42")
        try put(GeneratedFile.header + "\nleftover\n", "nix/hosts/.atlas.nix.nixgen-tmp-43")
        _ = try TreeWriter(directory: directory).write(exampleTree)
        XCTAssertEqual(text("nix/hosts/.notes.nix.nixgen-tmp-42"), "mine\n", "a look-alike user file stays")
        XCTAssertNil(text("nix/hosts/.atlas.nix.nixgen-tmp-43"), "nixgen's own leftover is cleaned")
    }

    func testAFileWhoseHeaderWasRemovedIsTheUsersAndIsReported() throws {
        _ = try TreeWriter(directory: directory).write(exampleTree)
        let edited = text("nix/hosts/atlas.nix")!.split(separator: "\n", maxSplits: 1)[1] + "# mine now\n"
        try put(String(edited), "nix/hosts/atlas.nix")
        XCTAssertThrowsError(try TreeWriter(directory: directory).write(exampleTree)) { error in
            XCTAssertEqual(error as? WriteError, .foreignFile("nix/hosts/atlas.nix"))
        }
        XCTAssertEqual(text("nix/hosts/atlas.nix"), String(edited), "not overwritten")
    }
}
