import Foundation
import NixGen

/// What the last complete render left in the output folder, kept in its lock file (local to the
/// checkout and out of git, like the lock): the key of what was rendered (the fleet with its
/// locations, the fleet's source files, the nixgen build), the diagnostics it printed, and every
/// entry of the folder as it stood afterwards.
///
/// When a later render has the same key and the folder scans the same, it would print the same
/// tree onto the same files: `render` writes nothing and `render --check` finds nothing, so both
/// skip validating and printing. Any difference (another fleet or build, a file edited, added,
/// removed, re-linked or touched) means no stamp, and the full render or check runs.
package struct RenderStamp: Sendable, Equatable {
    package var key: UInt64
    /// The file system's time once the render had written everything: entries changed at or
    /// after it are compared by content.
    package var settled: Timestamp
    /// The warnings that render printed (a stamped render has no errors).
    package var diagnostics: [Diagnostic]
    /// The folder's entries, as `TreeScan.listing` writes them.
    package var listing: [UInt8]
    /// Each generated file's content digest, the manifest's included.
    package var contents: [String: UInt64]

    /// The generated files.
    package var generated: Set<String> { Set(contents.keys) }

    /// The key of a render: equal keys render equal trees with equal diagnostics. `build`
    /// identifies the nixgen code doing it (the executable's identity and version). Nil for a
    /// fleet with a setting nested deeper than validation allows: the digest recurses per level,
    /// and such a fleet goes on to validation, which reports the setting at its line.
    package static func key(fleet: Fleet, sources: [FleetSource], build: String) -> UInt64? {
        guard !fleet.hasTooDeepSetting else { return nil }
        var digest = StableDigest()
        digest.combine(format)
        digest.combine(build)
        digest.combine(fleet.stableDigest)
        digest.combine(UInt64(sources.count))
        for source in sources {
            digest.combine(source.path)
            digest.combine(source.text)
        }
        return digest.finalize()
    }

    /// The stamp of `directory` when it still lists the folder as it is, before its key is
    /// known: the folder is scanned while the fleet is being built.
    package static func observe(_ directory: URL) -> Observation? {
        let lock = directory.appendingPathComponent(TreeWriter.lockPath, isDirectory: false)
        // Never through a link: render refuses to write through one, so a stamp read through one
        // would vouch for a tree render did not write.
        guard !FileIO.isSymlink(lock), !GeneratedFiles.roots.contains(where: { FileIO.isSymlink(directory.appendingPathComponent($0, isDirectory: false)) }),
              let text = FileIO.readContents(lock), let stamp = RenderStamp(parsing: text),
              let entries = TreeScan.entries(in: directory, excluding: [TreeWriter.lockPath]),
              TreeScan.listing(entries) == stamp.listing
        else { return nil }
        // Changed after the render finished writing: an edit later in the same clock tick would
        // keep these times, so the content decides.
        var recent: [String] = []
        for (path, entry) in entries where !entry.isDirectory && (entry.modified >= stamp.settled || entry.changed >= stamp.settled) {
            guard entry.isRegularFile, stamp.contents[path] != nil else { return nil }
            recent.append(path)
        }
        return Observation(stamp: stamp, directory: directory, recent: recent)
    }

    /// A stamp whose listing matches its folder.
    package struct Observation: Sendable {
        var stamp: RenderStamp
        var directory: URL
        var recent: [String]

        /// The stamp when it was made under `key` and every recently changed file holds what it did.
        package func stamp(for key: UInt64) -> RenderStamp? {
            guard stamp.key == key else { return nil }
            let same = recent.parallelMap(minimum: 64) { path in
                FileIO.digest(of: directory.appendingPathComponent(path, isDirectory: false)) == stamp.contents[path]
            }
            return same.allSatisfy { $0 } ? stamp : nil
        }
    }

    /// Stamps `directory` after `tree` was written there completely, into the lock file the
    /// writer holds (`descriptor`). First the file system's clock is read (by touching the lock),
    /// then the folder is scanned and every generated file read back: a stamp is written only
    /// when each holds the tree's bytes, and entries changed after that clock reading are the
    /// ones a later check compares by content. A stamp that cannot be made is simply absent.
    static func record(key: UInt64, diagnostics: [Diagnostic], tree: RenderedTree, in directory: URL, lock descriptor: Int32) {
        guard let settled = FileIO.touch(descriptor),
              let entries = TreeScan.entries(in: directory, excluding: [TreeWriter.lockPath]) else { return }
        let paths = tree.paths
        let digests = paths.parallelMap(minimum: 64) { path -> UInt64? in
            let expected = StableDigest.content(tree.files[path]!)
            return FileIO.digest(of: directory.appendingPathComponent(path, isDirectory: false)) == expected ? expected : nil
        }
        guard !digests.contains(nil) else { return }
        let stamp = RenderStamp(key: key, settled: settled, diagnostics: diagnostics, listing: TreeScan.listing(entries),
                                contents: Dictionary(uniqueKeysWithValues: zip(paths, digests.map { $0! })))
        guard let text = stamp.serialized else { return }
        FileIO.replaceContents(of: descriptor, with: text)
    }
}
