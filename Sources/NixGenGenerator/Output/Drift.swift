import Foundation
import NixGen

/// How a folder on disk differs from the tree render would write there.
package struct Drift: Sendable, Hashable {
    package enum Change: Sendable, Hashable {
        case changed(path: String, old: String, new: String)
        case missing(path: String, new: String)
        /// A generated file the fleet no longer produces.
        case extra(path: String, old: String)
        /// A file under `policies/` nixgen did not generate and that may not stand there.
        case foreign(path: String, reason: String)

        package var path: String {
            switch self {
            case .changed(let path, _, _), .missing(let path, _), .extra(let path, _), .foreign(let path, _): path
            }
        }
    }

    package var changes: [Change]
    package var isEmpty: Bool { changes.isEmpty }

    /// Compares `tree` with `directory`. Extra files are those a render generated (listed in the
    /// manifest on disk, or carrying nixgen's header) under the folders nixgen writes.
    package static func compare(_ tree: RenderedTree, with directory: URL) -> Drift {
        var changes: [Change] = []
        let paths = tree.paths, rendered = Set(paths)
        // A link where render writes (a root, a folder on the way, a file) is a difference in its
        // own right, and nothing behind it is read: render refuses to write through it.
        var linked: [String: Bool] = [:]
        func isLinked(_ path: String) -> Bool {
            if let known = linked[path] { return known }
            let parent = (path as NSString).deletingLastPathComponent
            let result = (!parent.isEmpty && isLinked(parent)) || FileIO.isSymlink(directory.appendingPathComponent(path, isDirectory: false))
            linked[path] = result
            return result
        }
        // The link itself is the shortest linked prefix (a path is linked when it or a folder on
        // the way is a link); the lock counts too, since render refuses to take it through one.
        var reported = Set<String>()
        for path in paths + [TreeWriter.lockPath] where isLinked(path) {
            let link = Self.prefixes(of: path).first(where: isLinked) ?? path
            guard reported.insert(link).inserted else { continue }
            changes.append(.foreign(path: link, reason: link == TreeWriter.lockPath
                ? "is a symbolic link: render refuses to write its lock through one"
                : "is a symbolic link: render writes, and compares, real files and folders only"))
        }
        for path in paths where !isLinked(path) {
            let new = tree.files[path]!
            let url = directory.appendingPathComponent(path, isDirectory: false)
            if let same = FileIO.contentsEqual(url, new) {
                if !same, let old = FileIO.readText(url) { changes.append(.changed(path: path, old: old, new: new)) }
            } else {
                changes.append(.missing(path: path, new: new))
            }
        }
        let generated = GeneratedFiles.onDisk(in: directory, readByCaller: rendered)
        for path in generated.sorted() where tree.files[path] == nil {
            if let old = FileIO.readText(directory.appendingPathComponent(path, isDirectory: false)) { changes.append(.extra(path: path, old: old)) }
        }
        for finding in UserPolicies.findings(in: directory, generated: generated.union(rendered)) {
            changes.append(.foreign(path: finding.path, reason: finding.reason))
        }
        return Drift(changes: changes.sorted { $0.path < $1.path })
    }

    /// `a`, `a/b`, `a/b/c` for `a/b/c`: the folders on the way to a path, and the path.
    static func prefixes(of path: String) -> [String] {
        var out: [String] = []
        var current = ""
        for part in path.split(separator: "/") {
            current = current.isEmpty ? String(part) : current + "/" + part
            out.append(current)
        }
        return out
    }

    /// The unified diff of every change, `a/` being the disk and `b/` the render.
    package func unifiedDiff(color: Bool = false) -> String {
        let text = changes.map { change -> String in
            switch change {
            case .changed(let path, let old, let new): UnifiedDiff.diff(path: path, old: old, new: new)
            case .missing(let path, let new): UnifiedDiff.diff(path: path, old: nil, new: new)
            case .extra(let path, let old): UnifiedDiff.diff(path: path, old: old, new: nil)
            case .foreign(let path, let reason): "foreign: \(path): \(reason)\n"
            }
        }.joined()
        return color ? Self.colorize(text) : text
    }

    /// One line per change: `changed: path`, `missing: path`, `extra: path`.
    package var summary: String {
        changes.map { change in
            switch change {
            case .changed: "changed: \(change.path)\n"
            case .missing: "missing: \(change.path)\n"
            case .extra: "extra:   \(change.path)\n"
            case .foreign: "foreign: \(change.path)\n"
            }
        }.joined()
    }

    static func colorize(_ diff: String) -> String {
        diff.split(separator: "\n", omittingEmptySubsequences: false).map { line -> String in
            if line.hasPrefix("+++") || line.hasPrefix("---") { return "\u{1B}[1m\(line)\u{1B}[0m" }
            if line.hasPrefix("@@") { return "\u{1B}[36m\(line)\u{1B}[0m" }
            if line.hasPrefix("+") { return "\u{1B}[32m\(line)\u{1B}[0m" }
            if line.hasPrefix("-") { return "\u{1B}[31m\(line)\u{1B}[0m" }
            return String(line)
        }.joined(separator: "\n")
    }
}

/// Which files on disk nixgen owns.
package enum GeneratedFiles {
    /// Folders render writes into; it never looks or writes outside them and `rootFiles`.
    static let roots = ["nix", "policies"]
    /// Files render writes at the top of the output folder: the flake sits at the repository root
    /// so that its `self` (what nixinate and colmena copy to a host) holds `secrets/` too.
    static let rootFiles = ["flake.nix"]

    /// The paths listed by the manifest on disk.
    static func manifest(in directory: URL) -> Set<String> {
        guard let text = FileIO.readText(directory.appendingPathComponent(Generator.manifestPath, isDirectory: false)) else { return [] }
        return Set(text.split(separator: "\n").map(String.init).filter { !$0.hasPrefix("#") && !$0.isEmpty && isSafe($0) })
    }

    /// Whether a file's text says nixgen wrote it.
    /// (A JSON file carries it as its `$comment`, on its second line.)
    /// Whether the file at `url` starts with a header, reading only as much as one takes.
    static func carriesHeader(at url: URL) -> Bool {
        FileIO.readPrefix(url, count: 256).map { carriesHeader(String(decoding: $0, as: UTF8.self)) } ?? false
    }

    static func carriesHeader(_ text: String) -> Bool {
        text.hasPrefix(GeneratedFile.header + "\n")
            || text.hasPrefix("{\n  \"$comment\": \"" + GeneratedFile.header.dropFirst(2) + "\",\n")
    }

    /// Generated files present on disk: listed in the manifest or carrying the header. Files in
    /// `readByCaller` are not opened for the header check: the caller reads those itself.
    package static func onDisk(in directory: URL, readByCaller: Set<String> = []) -> Set<String> {
        var found = Set(manifest(in: directory).filter { FileIO.isRegularFile(directory.appendingPathComponent($0, isDirectory: false)) })
        for path in rootFiles where !readByCaller.contains(path) && !FileIO.isSymlink(directory.appendingPathComponent(path)) {
            if carriesHeader(at: directory.appendingPathComponent(path, isDirectory: false)) { found.insert(path) }
        }
        var candidates: [String] = []
        for root in roots {
            for path in FileIO.regularFiles(under: directory.appendingPathComponent(root, isDirectory: true), relativeTo: directory)
            where !readByCaller.contains(path) && (path.hasSuffix(".nix") || path.hasSuffix(".rego") || path.hasSuffix(".json")) {
                candidates.append(path)
            }
        }
        // Each opened for its first bytes, on all cores: the user's own modules beside the
        // generated ones (a fleet's hardware configurations) can be thousands of files.
        let headed = candidates.parallelMap(minimum: 64) { carriesHeader(at: directory.appendingPathComponent($0, isDirectory: false)) }
        for (path, generated) in zip(candidates, headed) where generated { found.insert(path) }
        return found
    }

    /// A relative path that stays inside the output folder and inside nixgen's roots.
    static func isSafe(_ path: String) -> Bool {
        if rootFiles.contains(path) { return true }
        let parts = path.split(separator: "/", omittingEmptySubsequences: false)
        guard parts.count >= 2, !parts.contains(where: { $0.isEmpty || $0 == "." || $0 == ".." }) else { return false }
        return roots.contains(String(parts[0]))
    }
}
