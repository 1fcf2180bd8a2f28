import FleetDefinition
import Foundation
@testable import NixGenGenerator
import NixGenTestSupport
import XCTest

/// What a killed or failed render leaves, the next render removes, and a failed render leaves
/// nothing of its own: its staged files would hold the space that was short.
final class LeftoverTests: XCTestCase {
    private var directory: URL!
    override func setUp() { directory = Tools.temporaryDirectory("leftovers") }
    override func tearDown() { try? FileManager.default.removeItem(at: directory) }

    private func put(_ text: String, _ path: String) throws {
        let url = directory.appendingPathComponent(path)
        try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
        try Data(text.utf8).write(to: url)
    }

    private func temporaries() -> [String] {
        (FileManager.default.subpaths(atPath: directory.path) ?? []).filter { $0.contains(".nixgen-tmp-") }.sorted()
    }

    func testAnEmptyTemporaryAndOnesInFoldersTheFleetLacksAreRemoved() throws {
        let tree = try XCTUnwrap(Generator.run(exampleFleet).tree)
        _ = try TreeWriter(directory: directory, sync: false).write(tree)
        // Killed between creating a staged file and its first write:
        try put("", "nix/hosts/.atlas.nix.nixgen-tmp-77")
        // A render of another fleet, killed while staging a folder this fleet does not have:
        try put(GeneratedFile.header + "\nx\n", "nix/services/gone/.module.nix.nixgen-tmp-78")
        // A user's file that only looks like one stays.
        try put("mine\n", "nix/modules/.notes.nix.nixgen-tmp-79")
        _ = try TreeWriter(directory: directory, sync: false).write(tree)
        XCTAssertEqual(temporaries(), ["nix/modules/.notes.nix.nixgen-tmp-79"])
        XCTAssertFalse(FileManager.default.fileExists(atPath: directory.appendingPathComponent("nix/services/gone").path),
                       "the folder the leftover left empty is removed")
    }

    /// A staging failure midway (here: the last file's staged path is taken by a folder, as a full
    /// disk or a permission would stop it) removes every file it had staged.
    func testAFailedRenderLeavesNoStagedFiles() throws {
        let tree = try XCTUnwrap(Generator.run(exampleFleet).tree)
        let last = try XCTUnwrap(tree.paths.filter { $0 != Generator.manifestPath }.sorted().last)
        let obstacle = FileIO.temporary(for: directory.appendingPathComponent(last, isDirectory: false))
        try FileManager.default.createDirectory(at: obstacle, withIntermediateDirectories: true)
        XCTAssertThrowsError(try TreeWriter(directory: directory, sync: false).write(tree))
        let obstacleName = obstacle.path.dropFirst(directory.path.count + 1)
        XCTAssertEqual(temporaries().filter { !$0.hasPrefix(obstacleName) }, [], "staged files remain after a failed render")
    }
}
