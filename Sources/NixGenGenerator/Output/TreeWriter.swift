import Foundation
import NixGen

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// What a write did.
package struct WriteReport: Sendable, Hashable {
    package var written: [String] = []
    package var unchanged = 0
    package var removed: [String] = []
}

/// Writes a rendered tree: the pipeline's only I/O.
///
/// - Atomic per file (temporary file, fsync, rename), manifest last, so a render killed at any
///   moment leaves each file old or new and the next render repairs the tree.
/// - Idempotent: files whose bytes are unchanged are not touched.
/// - Owns only what it generated (listed in the manifest or carrying nixgen's header): it prunes
///   those the fleet no longer produces and refuses to overwrite anything else.
/// - Confined: every path stays under `directory`, never through a symbolic link.
/// - One at a time: a second concurrent render fails on the lock instead of interleaving.
package struct TreeWriter: Sendable {
    package var directory: URL
    /// fsync each file before renaming it; off only for benchmarks of the rendering itself.
    package var sync: Bool

    /// Fault injection for the crash-safety tests: SIGKILL this process after this many files.
    package var killAfterFiles: Int?

    package static let lockPath = "nix/.nixgen.lock"

    package init(directory: URL, sync: Bool = true, killAfterFiles: Int? = nil) {
        self.directory = directory.standardizedFileURL
        self.sync = sync
        self.killAfterFiles = killAfterFiles
    }

    /// Writes `tree`; with a `stamp` key, a complete write stamps the folder (`RenderStamp`) with
    /// the key and the render's `diagnostics`.
    package func write(_ tree: RenderedTree, stamp key: UInt64? = nil, diagnostics: [Diagnostic] = []) throws -> WriteReport {
        // Nothing, not even the lock, is created through a linked root folder.
        for root in GeneratedFiles.roots where FileIO.isSymlink(directory.appendingPathComponent(root, isDirectory: false)) {
            throw WriteError.unsafePath(root)
        }
        try FileManager.default.createDirectory(at: directory.appendingPathComponent("nix", isDirectory: true), withIntermediateDirectories: true)
        let lock = try acquireLock()
        defer { close(lock) }
        // The last render's stamp goes first: from here on the folder may differ from it. (Any
        // change would also show in the folder's listing; while files are being replaced, a
        // concurrent check simply finds no stamp.)
        guard ftruncate(lock, 0) == 0 else { throw WriteError.io("cannot clear the lock \(Self.lockPath): \(FileIO.errnoText())") }

        // (Sorted once: `tree.paths` sorts on every call.)
        let paths = tree.paths, rendered = Set(paths)
        var folders: [String: Bool] = [:]
        let present = try paths.map { try checkConfined($0, folders: &folders) }
        // The loop below reads every path of the tree and checks its header itself.
        let previous = GeneratedFiles.onDisk(in: directory, readByCaller: rendered)
        removeStaleTemporaries(rendered.union(previous))

        var report = WriteReport()
        var pending: [String] = []
        var foreign: [String] = []
        for (path, present) in zip(paths, present) {
            guard present else { pending.append(path); continue }
            let url = directory.appendingPathComponent(path, isDirectory: false)
            guard let same = FileIO.contentsEqual(url, tree.files[path]!) else { foreign.append(path); continue }
            if same {
                report.unchanged += 1
            } else if GeneratedFiles.carriesHeader(at: url) {
                // (A generated file whose header the user removed is theirs now: reported, not overwritten.)
                pending.append(path)
            } else {
                foreign.append(path)
            }
        }
        if !foreign.isEmpty { throw WriteError.foreignFile(foreign.sorted().joined(separator: ", ")) }

        // Stage every file, flush them all with one sync, then rename each into place: a file only
        // ever appears by an atomic rename of data already on disk.
        let contents = pending.filter { $0 != Generator.manifestPath }
        for folder in Set(pending.map(parent)).sorted() {
            try FileManager.default.createDirectory(at: directory.appendingPathComponent(folder, isDirectory: true), withIntermediateDirectories: true)
        }
        // One `syncfs` after staging flushes them all; where there is none, or it fails, each file
        // is flushed on its own. (Not also before staging: that only flushed what other programs
        // had left unwritten, a cost that is not this render's.)
        let batched = sync && FileIO.canSyncFileSystem
        // A render that fails (a full disk, a permission) takes its staged files with it: they
        // would hold the very space that was short.
        var committed = 0
        func discardStaged() {
            for path in contents.dropFirst(committed) { unlink(FileIO.temporary(for: directory.appendingPathComponent(path, isDirectory: false)).path) }
        }
        var touched = Set<String>()
        do {
            for path in contents { try stage(tree.files[path]!, at: path, sync: sync && !batched) }
            if batched, !FileIO.syncFileSystem(of: directory) {
                for path in contents { try FileIO.syncStaged(for: directory.appendingPathComponent(path, isDirectory: false)) }
            }
            for path in contents {
                try commit(path)
                committed += 1
                report.written.append(path)
                touched.insert(parent(path))
            }
        } catch {
            discardStaged()
            throw error
        }
        for path in previous.subtracting(rendered).sorted() {
            // Never delete through a link, at any depth.
            guard (try? checkConfined(path, folders: &folders)) == true else { continue }
            let url = directory.appendingPathComponent(path, isDirectory: false)
            // A generated file the user has since made their own (header removed) stays.
            guard FileIO.isRegularFile(url), path == Generator.manifestPath || GeneratedFiles.carriesHeader(at: url) else { continue }
            unlink(url.path)
            report.removed.append(path)
            removeEmptyFolders(from: parent(path))
            touched.insert(parent(path))
        }
        if pending.contains(Generator.manifestPath) {
            try stage(tree.files[Generator.manifestPath]!, at: Generator.manifestPath, sync: sync)
            try commit(Generator.manifestPath)
            report.written.append(Generator.manifestPath)
            touched.insert("nix")
        }
        if sync { for folder in touched { FileIO.syncDirectory(directory.appendingPathComponent(folder, isDirectory: true)) } }
        if let key { RenderStamp.record(key: key, diagnostics: diagnostics, tree: tree, in: directory, lock: lock) }
        return report
    }

    /// Stages a file; its folder exists already.
    private func stage(_ text: String, at path: String, sync: Bool) throws {
        try FileIO.stage(text, for: directory.appendingPathComponent(path, isDirectory: false), sync: sync)
    }

    private func commit(_ path: String) throws {
        if let limit = killAfterFiles, FaultInjection.filesWritten >= limit { kill(getpid(), SIGKILL) }
        try FileIO.commit(directory.appendingPathComponent(path, isDirectory: false))
        FaultInjection.filesWritten += 1
    }

    private func parent(_ path: String) -> String {
        path.split(separator: "/").dropLast().joined(separator: "/")
    }

    /// Rejects paths that escape the output folder or pass through a symbolic link; whether the
    /// path exists. Each folder is looked at once (`folders`: whether it exists); below a folder
    /// that does not, nothing is (a first render into a fresh tree looks at no file).
    private func checkConfined(_ path: String, folders: inout [String: Bool]) throws -> Bool {
        guard GeneratedFiles.isSafe(path) else { throw WriteError.unsafePath(path) }
        let components = path.split(separator: "/")
        var prefix = ""
        for (position, component) in components.enumerated() {
            prefix += prefix.isEmpty ? String(component) : "/" + component
            let isFile = position == components.count - 1
            if !isFile, let exists = folders[prefix] {
                if exists { continue } else { return false }
            }
            var info = stat()
            let exists = lstat(directory.appendingPathComponent(prefix, isDirectory: false).path, &info) == 0
            if exists, (info.st_mode & S_IFMT) == S_IFLNK { throw WriteError.unsafePath(path) }
            if isFile { return exists }
            folders[prefix] = exists
            if !exists { return false }
        }
        return false
    }

    private func acquireLock() throws -> Int32 {
        let path = directory.appendingPathComponent(Self.lockPath, isDirectory: false).path
        let fd = open(path, O_RDWR | O_CREAT | O_NOFOLLOW, 0o644)
        guard fd >= 0 else { throw WriteError.io("cannot open lock \(path): \(FileIO.errnoText())") }
        guard flock(fd, LOCK_EX | LOCK_NB) == 0 else {
            close(fd)
            throw WriteError.locked(path)
        }
        return fd
    }

    /// Temporary files left by a render that was killed mid-write: in the folders this tree
    /// writes, and in every folder below nixgen's roots (a killed render of another fleet staged
    /// into folders this one lacks); a folder they leave empty goes too.
    private func removeStaleTemporaries(_ paths: Set<String>) {
        var folders = Set(paths.map(parent))
        for root in GeneratedFiles.roots { folders.formUnion(Self.folders(below: root, in: directory)) }
        for folder in folders.sorted(by: >) {
            let url = directory.appendingPathComponent(folder, isDirectory: true)
            guard let names = try? FileManager.default.contentsOfDirectory(atPath: url.path) else { continue }
            var removed = false
            // Only nixgen's own: named like a staged file, and holding generated text or nothing at
            // all (killed between creating it and its first write); a user file that merely looks
            // like one stays.
            for name in names where Self.isStagedName(name) {
                let file = url.appendingPathComponent(name, isDirectory: false)
                var info = stat()
                guard lstat(file.path, &info) == 0, info.st_mode & S_IFMT == S_IFREG,
                      info.st_size == 0 || GeneratedFiles.carriesHeader(at: file) else { continue }
                unlink(file.path)
                removed = true
            }
            if removed { removeEmptyFolders(from: folder) }
        }
    }

    /// Named like a file `FileIO.stage` writes: `.<name>.nixgen-tmp-<pid>`.
    static func isStagedName(_ name: String) -> Bool {
        name.hasPrefix(".") && name.range(of: #"\.nixgen-tmp-[0-9]+$"#, options: .regularExpression) != nil
    }

    /// Every folder below `root` (itself included), never through a link.
    static func folders(below root: String, in directory: URL) -> [String] {
        var out: [String] = []
        var pending = [root]
        while let folder = pending.popLast() {
            var info = stat()
            guard lstat(directory.appendingPathComponent(folder, isDirectory: true).path, &info) == 0, info.st_mode & S_IFMT == S_IFDIR,
                  let names = try? FileManager.default.contentsOfDirectory(atPath: directory.appendingPathComponent(folder, isDirectory: true).path)
            else { continue }
            out.append(folder)
            for name in names where !Self.isStagedName(name) {
                pending.append(folder + "/" + name)
            }
        }
        return out
    }

    private func removeEmptyFolders(from folder: String) {
        var current = folder
        while current.contains("/") {
            let url = directory.appendingPathComponent(current, isDirectory: true)
            guard let names = try? FileManager.default.contentsOfDirectory(atPath: url.path), names.isEmpty else { return }
            rmdir(url.path)
            current = parent(current)
        }
    }
}

/// Counts writes for `killAfterFiles`; only the crash tests' child processes use it.
private enum FaultInjection {
    nonisolated(unsafe) static var filesWritten = 0
}
