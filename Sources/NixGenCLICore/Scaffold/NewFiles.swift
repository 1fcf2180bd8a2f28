import Foundation

/// Files a command creates beside a user's own (`init`, `import`): all or none, never over one
/// that exists.
enum NewFiles {
    /// Whether `path`, relative to `directory`, exists as a file, folder or link.
    static func exists(_ path: String, in directory: URL) -> Bool {
        (try? FileManager.default.attributesOfItem(atPath: directory.appendingPathComponent(path).path)) != nil
    }

    /// Refuses to write `url` when it, or any folder on the way to it below `base`, is a symbolic
    /// link: a command writes where it says, never into a folder a link leads to, and never
    /// replaces a link with a file.
    static func refuseLinks(_ url: URL, below base: URL) throws {
        let basePath = base.standardizedFileURL.path, path = url.standardizedFileURL.path
        guard path.hasPrefix(basePath + "/") else { return }
        var current = basePath
        for part in path.dropFirst(basePath.count + 1).split(separator: "/") {
            current += "/" + part
            var info = stat()
            guard lstat(current, &info) == 0 else { return }
            if info.st_mode & S_IFMT == S_IFLNK {
                throw ScaffoldError("\(current) is a symbolic link: nothing is written through one, so nothing was written")
            }
        }
    }

    /// Writes every file, or none when any exists already: the error names them all.
    static func write(_ files: [(path: String, text: String)], into directory: URL) throws -> [URL] {
        for (path, _) in files { try refuseLinks(directory.appendingPathComponent(path), below: directory) }
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
