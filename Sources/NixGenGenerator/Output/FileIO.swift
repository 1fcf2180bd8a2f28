import Foundation
import NixGen

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The little file-system vocabulary the writer and drift check need.
package enum FileIO {
    package static func readText(_ url: URL) -> String? {
        guard isRegularFile(url), let data = FileManager.default.contents(atPath: url.path) else { return nil }
        return String(decoding: data, as: UTF8.self)
    }

    /// At most the first `count` bytes of a regular file (not through a symbolic link): enough
    /// to recognise nixgen's header without reading a user's whole file.
    static func readPrefix(_ url: URL, count: Int) -> Data? {
        guard let (fd, _) = openRegularFile(url) else { return nil }
        defer { close(fd) }
        var buffer = [UInt8](repeating: 0, count: count)
        let filled = buffer.withUnsafeMutableBytes { fill($0, from: fd).count }
        return Data(buffer[..<filled])
    }

    /// Whether the regular file at `url` (not through a symbolic link) holds exactly the UTF-8 of
    /// `text`; nil when there is no such file. Compared a megabyte at a time against the string's
    /// own storage, so checking a large file costs no copy of it.
    static func contentsEqual(_ url: URL, _ text: String) -> Bool? {
        guard let (fd, size) = openRegularFile(url) else { return nil }
        defer { close(fd) }
        return withUTF8Bytes(text) { expected -> Bool in
            guard size == expected.count else { return false }
            var chunk = [UInt8](repeating: 0, count: min(expected.count, 1 << 20))
            var offset = 0
            while offset < expected.count {
                let got = chunk.withUnsafeMutableBytes { read(fd, $0.baseAddress!, min($0.count, expected.count - offset)) }
                guard got > 0 else { return false }
                let same = chunk.withUnsafeBytes { memcmp($0.baseAddress!, expected.baseAddress! + offset, got) == 0 }
                guard same else { return false }
                offset += got
            }
            return true
        }
    }

    /// The whole regular file at `url`, not through a symbolic link.
    package static func readContents(_ url: URL) -> [UInt8]? {
        guard let (fd, size) = openRegularFile(url) else { return nil }
        defer { close(fd) }
        let bytes = [UInt8](unsafeUninitializedCapacity: size) { buffer, count in
            count = fill(UnsafeMutableRawBufferPointer(buffer), from: fd).count
        }
        return bytes.count == size ? bytes : nil
    }

    /// Sets the open file's modification time to now and returns it: the file system's own
    /// clock, which is what stamps every file written (coarser than the system's).
    static func touch(_ descriptor: Int32) -> Timestamp? {
        var info = stat()
        guard futimens(descriptor, nil) == 0, fstat(descriptor, &info) == 0 else { return nil }
        return EntryStat(info).modified
    }

    /// The `StableDigest` of the bytes of the regular file at `url` (not through a symbolic
    /// link), read a megabyte at a time: `StableDigest.content` of the text it holds.
    package static func digest(of url: URL) -> UInt64? {
        guard let (fd, size) = openRegularFile(url) else { return nil }
        defer { close(fd) }
        var digest = StableDigest()
        // A multiple of eight, and larger than a small file, which is then read in one go.
        var chunk = [UInt8](repeating: 0, count: min(size / 8 * 8 + 8, 1 << 20))
        var total = 0
        while true {
            // Filled whole, so that only the last chunk can end between words.
            let (filled, failed) = chunk.withUnsafeMutableBytes { fill($0, from: fd) }
            if failed { return nil }
            total += filled
            let done = chunk.withUnsafeBytes { buffer -> Bool in
                let bytes = UnsafeRawBufferPointer(rebasing: buffer[..<filled])
                let consumed = digest.combineWords(bytes)
                guard filled < buffer.count else { return false }
                digest.combineTail(UnsafeRawBufferPointer(rebasing: bytes[consumed...]), totalCount: total)
                return true
            }
            if done { return total == size ? digest.finalize() : nil }
        }
    }

    /// Replaces what the open file `descriptor` holds with `bytes` (the render stamp in the lock
    /// file); on failure the file is left empty, which reads as no stamp.
    static func replaceContents(of descriptor: Int32, with bytes: [UInt8]) {
        guard ftruncate(descriptor, 0) == 0 else { return }
        var offset = 0
        while offset < bytes.count {
            let written = bytes.withUnsafeBytes { pwrite(descriptor, $0.baseAddress! + offset, bytes.count - offset, off_t(offset)) }
            guard written > 0 else { _ = ftruncate(descriptor, 0); return }
            offset += written
        }
    }

    /// Reads from `fd` until `buffer` is full, the file ends or a read fails; how many bytes were
    /// read, and whether a read failed.
    private static func fill(_ buffer: UnsafeMutableRawBufferPointer, from fd: Int32) -> (count: Int, failed: Bool) {
        var filled = 0
        while filled < buffer.count {
            let got = read(fd, buffer.baseAddress! + filled, buffer.count - filled)
            if got <= 0 { return (filled, got < 0) }
            filled += got
        }
        return (filled, false)
    }

    /// A descriptor for reading the regular file at `url` and its size; nil for a symbolic link
    /// (not followed), anything else that is not a regular file, or a file that cannot be opened.
    private static func openRegularFile(_ url: URL) -> (Int32, Int)? {
        let fd = open(url.path, O_RDONLY | O_NOFOLLOW)
        guard fd >= 0 else { return nil }
        var info = stat()
        guard fstat(fd, &info) == 0, (info.st_mode & S_IFMT) == S_IFREG else {
            close(fd)
            return nil
        }
        return (fd, Int(info.st_size))
    }

    /// True for a regular file that is not a symbolic link.
    static func isRegularFile(_ url: URL) -> Bool {
        var info = stat()
        return lstat(url.path, &info) == 0 && (info.st_mode & S_IFMT) == S_IFREG
    }

    static func isSymlink(_ url: URL) -> Bool {
        var info = stat()
        return lstat(url.path, &info) == 0 && (info.st_mode & S_IFMT) == S_IFLNK
    }

    static func exists(_ url: URL) -> Bool {
        var info = stat()
        return lstat(url.path, &info) == 0
    }

    /// Regular files below `root`, as paths relative to `base`, not following links.
    package static func regularFiles(under root: URL, relativeTo base: URL) -> [String] {
        guard !isSymlink(root), let enumerator = FileManager.default.enumerator(atPath: root.path) else { return [] }
        let prefix = String(root.path.dropFirst(base.path.count)).drop { $0 == "/" }
        var out: [String] = []
        while let relative = enumerator.nextObject() as? String {
            let full = root.appendingPathComponent(relative, isDirectory: false)
            if isRegularFile(full) { out.append(prefix.isEmpty ? relative : prefix + "/" + relative) }
        }
        return out.sorted()
    }

    static let processID = getpid()

    /// The temporary sibling a file is staged in before it is renamed over its target.
    static func temporary(for url: URL) -> URL {
        url.deletingLastPathComponent().appendingPathComponent(".\(url.lastPathComponent).nixgen-tmp-\(processID)", isDirectory: false)
    }

    /// Writes `text` as UTF-8 to the temporary sibling of `url`, straight from the string's own
    /// storage (a copy of a 19 MB file would be the writer's largest allocation); `sync` flushes
    /// it to disk first.
    package static func stage(_ text: String, for url: URL, sync: Bool) throws {
        try withUTF8Bytes(text) { try stage(UnsafeRawBufferPointer($0), for: url, sync: sync) }
    }

    private static func stage(_ bytes: UnsafeRawBufferPointer, for url: URL, sync: Bool) throws {
        let temporary = temporary(for: url)
        let fd = open(temporary.path, O_WRONLY | O_CREAT | O_TRUNC | O_NOFOLLOW, 0o644)
        guard fd >= 0 else { throw WriteError.io("cannot create \(temporary.path): \(errnoText())") }
        var ok = true, offset = 0
        while ok, offset < bytes.count {
            let written = write(fd, bytes.baseAddress! + offset, bytes.count - offset)
            if written <= 0 { ok = false } else { offset += written }
        }
        if ok && sync { ok = fsync(fd) == 0 }
        close(fd)
        if !ok {
            let reason = errnoText()
            unlink(temporary.path)
            throw WriteError.io("cannot write \(temporary.path): \(reason)")
        }
    }

    /// Replaces `url` with its staged file in one atomic rename: readers see old or new, never a mix.
    package static func commit(_ url: URL) throws {
        let temporary = temporary(for: url)
        guard rename(temporary.path, url.path) == 0 else {
            let reason = errnoText()
            unlink(temporary.path)
            throw WriteError.io("cannot replace \(url.path): \(reason)")
        }
    }

    /// Whether `syncFileSystem(of:)` is available (Linux `syncfs`).
    static var canSyncFileSystem: Bool {
        #if os(Linux)
        true
        #else
        false
        #endif
    }

    /// Flushes the staged file of `url` to disk (when one `syncfs` could not).
    package static func syncStaged(for url: URL) throws {
        let temporary = temporary(for: url)
        let fd = open(temporary.path, O_RDONLY | O_NOFOLLOW)
        guard fd >= 0, fsync(fd) == 0 else {
            let reason = errnoText()
            if fd >= 0 { close(fd) }
            throw WriteError.io("cannot flush \(temporary.path): \(reason)")
        }
        close(fd)
    }

    /// Flushes everything staged on the file system holding `url` in one call (Linux `syncfs`);
    /// false where that is not available or fails, and the caller syncs file by file instead.
    static func syncFileSystem(of url: URL) -> Bool {
        #if os(Linux)
        let fd = open(url.path, O_RDONLY)
        guard fd >= 0 else { return false }
        defer { close(fd) }
        return linuxSyncfs(fd) == 0
        #else
        return false
        #endif
    }

    static func syncDirectory(_ url: URL) {
        let fd = open(url.path, O_RDONLY)
        if fd >= 0 { fsync(fd); close(fd) }
    }

    static func errnoText() -> String { String(cString: strerror(errno)) }
}

#if os(Linux)
/// glibc's `syncfs(2)`, which Swift's Glibc module does not export.
@_silgen_name("syncfs")
private func linuxSyncfs(_ fd: Int32) -> Int32
#endif

/// Why a write did not happen.
package enum WriteError: Error, Equatable, CustomStringConvertible {
    /// A file at a path render wants is not nixgen's.
    case foreignFile(String)
    /// A path would leave the output folder (through a link or otherwise).
    case unsafePath(String)
    /// Another render holds the lock.
    case locked(String)
    case io(String)

    package var description: String {
        switch self {
        case .foreignFile(let path):
            "\(path) exists and was not generated by nixgen; move it away or rename the declaration that renders there"
        case .unsafePath(let path): "refusing to write \(path): it would leave the output folder"
        case .locked(let path): "another nixgen render is running (lock \(path) is held)"
        case .io(let text): text
        }
    }
}
