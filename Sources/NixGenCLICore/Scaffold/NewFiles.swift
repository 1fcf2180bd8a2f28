import Foundation

/// Files a command creates beside a user's own (`init`, `import`): all or none, never over one
/// that exists.
enum NewFiles {
    /// Whether `path`, relative to `directory`, exists as a file, folder or link.
    static func exists(_ path: String, in directory: URL) -> Bool {
        (try? FileManager.default.attributesOfItem(atPath: directory.appendingPathComponent(path).path)) != nil
    }

    /// Writes every file, or none when any exists already: the error names them all.
    static func write(_ files: [(path: String, text: String)], into directory: URL) throws -> [URL] {
        let conflicts = files.map(\.path).filter { exists($0, in: directory) }
        guard conflicts.isEmpty else {
            throw ScaffoldError("\(conflicts.count == 1 ? "this file exists" : "these files exist") already, so nothing was written: "
                                + conflicts.joined(separator: ", "))
        }
        var written: [URL] = []
        for (path, text) in files {
            let url = directory.appendingPathComponent(path)
            try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
            try Data(text.utf8).write(to: url, options: .withoutOverwriting)
            written.append(url)
        }
        return written
    }
}
