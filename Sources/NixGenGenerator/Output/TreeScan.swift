import Foundation

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// One entry of the output folder as `lstat` saw it: what changes whenever the entry is
/// written, replaced, renamed over, re-linked or has its mode changed (ctime cannot be set back
/// by hand the way `touch -d` sets mtime back).
package struct EntryStat: Sendable, Hashable {
    var mode: UInt32
    var device: UInt64
    var inode: UInt64
    var size: Int64
    var modified: Timestamp
    var changed: Timestamp

    var isDirectory: Bool { mode & UInt32(S_IFMT) == UInt32(S_IFDIR) }
    var isRegularFile: Bool { mode & UInt32(S_IFMT) == UInt32(S_IFREG) }

    init(_ info: stat) {
        mode = UInt32(info.st_mode)
        device = UInt64(info.st_dev)
        inode = UInt64(info.st_ino)
        size = Int64(info.st_size)
        #if canImport(Darwin)
        modified = Timestamp(info.st_mtimespec)
        changed = Timestamp(info.st_ctimespec)
        #else
        modified = Timestamp(info.st_mtim)
        changed = Timestamp(info.st_ctim)
        #endif
    }
}

/// A file system time, in nanoseconds since the epoch.
package struct Timestamp: Sendable, Hashable, Comparable {
    package var nanoseconds: Int64
    package init(nanoseconds: Int64) { self.nanoseconds = nanoseconds }
    init(_ time: timespec) { nanoseconds = Int64(time.tv_sec) * 1_000_000_000 + Int64(time.tv_nsec) }
    package static func < (a: Timestamp, b: Timestamp) -> Bool { a.nanoseconds < b.nanoseconds }
}

/// Every entry under the folders render owns (`nix/`, `policies/`) and its root files, by path
/// relative to the output folder, without following a link: everything the writer, drift and the
/// policy check look at, so an unchanged scan means they would see what they saw before.
package enum TreeScan {
    /// Nil when an entry's name is not UTF-8 or holds a line break (two such names could read
    /// alike): such a folder is never stamped.
    package static func entries(in directory: URL, excluding excluded: Set<String>) -> [(path: String, stat: EntryStat)]? {
        var found: [(path: String, stat: EntryStat)] = []
        var info = stat()
        for path in GeneratedFiles.rootFiles + GeneratedFiles.roots where lstat(directory.path + "/" + path, &info) == 0 {
            found.append((path, EntryStat(info)))
        }
        // One core: a render scans while the fleet is being built on the other.
        for root in GeneratedFiles.roots where found.contains(where: { $0.path == root && $0.stat.isDirectory }) {
            guard let below = walk(root, in: directory, excluding: excluded) else { return nil }
            found += below
        }
        return found
    }

    /// Everything below `folder`, depth first.
    private static func walk(_ folder: String, in directory: URL, excluding excluded: Set<String>) -> [(path: String, stat: EntryStat)]? {
        var found: [(path: String, stat: EntryStat)] = []
        var folders = [folder]
        while let next = folders.popLast() {
            guard let listed = list(next, in: directory, excluding: excluded) else { return nil }
            found += listed
            folders += listed.filter(\.stat.isDirectory).map(\.path)
        }
        return found
    }

    /// The entries of one folder (an unreadable one has none: the stamp then differs).
    private static func list(_ folder: String, in directory: URL, excluding excluded: Set<String>) -> [(path: String, stat: EntryStat)]? {
        guard let stream = opendir(directory.path + "/" + folder) else { return [] }
        defer { closedir(stream) }
        let descriptor = dirfd(stream)
        var found: [(path: String, stat: EntryStat)] = []
        var info = stat()
        while let entry = readdir(stream) {
            let decoded = withUnsafePointer(to: entry.pointee.d_name) {
                $0.withMemoryRebound(to: CChar.self, capacity: MemoryLayout.size(ofValue: entry.pointee.d_name)) { String(validatingCString: $0) }
            }
            guard let name = decoded, !name.utf8.contains(0x0A) else { return nil }
            if name == "." || name == ".." { continue }
            let path = folder + "/" + name
            guard !excluded.contains(path), fstatat(descriptor, name, &info, AT_SYMLINK_NOFOLLOW) == 0 else { continue }
            found.append((path, EntryStat(info)))
        }
        return found
    }

    /// The entries as text, a line each, in the order they were found: an unchanged folder
    /// lists its entries in the same order every time (a changed one may not, and then it is
    /// not the same anyway), so two scans are the same exactly when their listings are.
    package static func listing(_ entries: [(path: String, stat: EntryStat)]) -> [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(entries.count * 96)
        for (path, stat) in entries {
            appendDecimal(UInt64(stat.mode), to: &out)
            appendDecimal(stat.device, to: &out)
            appendDecimal(stat.inode, to: &out)
            appendDecimal(UInt64(bitPattern: stat.size), to: &out)
            appendDecimal(UInt64(bitPattern: stat.modified.nanoseconds), to: &out)
            appendDecimal(UInt64(bitPattern: stat.changed.nanoseconds), to: &out)
            out.append(contentsOf: path.utf8)
            out.append(0x0A)
        }
        return out
    }

    /// `value` in decimal and a space.
    private static func appendDecimal(_ value: UInt64, to out: inout [UInt8]) {
        var divisor: UInt64 = 1
        while value / divisor >= 10 { divisor *= 10 }
        var rest = value
        while divisor > 0 {
            out.append(UInt8(truncatingIfNeeded: 0x30 + rest / divisor))
            rest %= divisor
            divisor /= 10
        }
        out.append(0x20)
    }
}
