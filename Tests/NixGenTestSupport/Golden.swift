import Foundation
import NixGen
import NixGenGenerator

/// Golden-tree comparison: a rendered tree against `golden/<name>/`, with the same drift and
/// unified diff that `nixgen render --check` prints.
package enum Golden {
    /// The repository root, found from this source file (tests run from anywhere).
    package static let repositoryRoot: URL = {
        var url = URL(fileURLWithPath: #filePath)
        while url.path != "/" {
            url.deleteLastPathComponent()
            if FileManager.default.fileExists(atPath: url.appendingPathComponent("Package.swift").path) { return url }
        }
        fatalError("Package.swift not found above \(#filePath)")
    }()

    package static func directory(_ name: String) -> URL {
        repositoryRoot.appendingPathComponent("golden").appendingPathComponent(name)
    }

    /// Whether this run records golden trees (`NIXGEN_RECORD=1`).
    package static var isRecording: Bool { ProcessInfo.processInfo.environment["NIXGEN_RECORD"] == "1" }

    /// Compares `tree` with `golden/<name>/`. Returns a failure message (file list and unified
    /// diff), or nil when they match byte for byte. In record mode it writes the tree first and
    /// still returns a message, so a recording run never passes by accident.
    package static func check(_ tree: RenderedTree, named name: String) -> String? {
        let directory = directory(name)
        if isRecording {
            do {
                let report = try TreeWriter(directory: directory, sync: false).write(tree)
                try? FileManager.default.removeItem(at: directory.appendingPathComponent(TreeWriter.lockPath))
                return "recorded golden/\(name): \(report.written.count) written, \(report.removed.count) removed; "
                    + "review `git diff golden/` and run again without NIXGEN_RECORD"
            } catch {
                return "recording golden/\(name) failed: \(error)"
            }
        }
        let drift = Drift.compare(tree, with: directory)
        if drift.isEmpty { return nil }
        return "golden/\(name) differs from the render (record with NIXGEN_RECORD=1 swift test):\n"
            + drift.summary + drift.unifiedDiff()
    }

    /// Compares `text` with the golden file `golden/<path>`: nil when they are equal byte for
    /// byte, else a failure message with a unified diff. In record mode it writes the file and
    /// still returns a message, as `check(_:named:)` does.
    package static func checkText(_ text: String, at path: String) -> String? {
        let file = repositoryRoot.appendingPathComponent("golden/" + path)
        if isRecording {
            do {
                try FileManager.default.createDirectory(at: file.deletingLastPathComponent(), withIntermediateDirectories: true)
                try Data(text.utf8).write(to: file)
                return "recorded golden/\(path); review it and run again without NIXGEN_RECORD"
            } catch {
                return "recording golden/\(path) failed: \(error)"
            }
        }
        let pinned = (try? String(contentsOf: file, encoding: .utf8)) ?? ""
        return pinned == text ? nil
            : "golden/\(path) differs (record with NIXGEN_RECORD=1):\n" + UnifiedDiff.diff(path: path, old: pinned, new: text)
    }
}
