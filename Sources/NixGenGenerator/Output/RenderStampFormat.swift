import Foundation

/// The stamp as text: the folder's listing, each generated file's digest, the diagnostics as
/// JSON, and a closing digest of everything above it, so a stamp torn by a crash or edited by
/// hand reads as no stamp at all.
///
///     nixgen render stamp 2
///     key <hex>
///     settled <ns>
///     diagnostics <byte count>
///     <JSON>
///     listing <byte count>
///     <mode> <device> <inode> <size> <mtime ns> <ctime ns> <path>      (TreeScan.listing)
///     contents <count>
///     <hex> <path>
///     end <hex>
extension RenderStamp {
    /// Bumped whenever the format or the meaning of a key changes.
    static let format = "nixgen render stamp 2"

    package var serialized: [UInt8]? {
        guard let diagnostics = try? JSONEncoder().encode(self.diagnostics),
              !contents.keys.contains(where: { $0.utf8.contains(0x0A) }) else { return nil }
        var out: [UInt8] = []
        out.reserveCapacity(listing.count + contents.count * 64 + diagnostics.count + 256)
        func line(_ text: String) { out.append(contentsOf: text.utf8); out.append(0x0A) }
        line(Self.format)
        line("key " + StableDigest.hex(key))
        line("settled \(settled.nanoseconds)")
        line("diagnostics \(diagnostics.count)")
        out.append(contentsOf: diagnostics)
        out.append(0x0A)
        line("listing \(listing.count)")
        out.append(contentsOf: listing)
        line("contents \(contents.count)")
        for (path, digest) in contents.sorted(by: { $0.key < $1.key }) { line(StableDigest.hex(digest) + " " + path) }
        line("end " + StableDigest.hex(Self.checksum(out[...])))
        return out
    }

    package init?(parsing bytes: [UInt8]) {
        // The closing digest first: nothing of a torn or edited stamp is read.
        guard bytes.count > 21, bytes[bytes.count - 21..<bytes.count - 17].elementsEqual("end ".utf8),
              let checksum = UInt64(String(decoding: bytes[(bytes.count - 17)..<(bytes.count - 1)], as: UTF8.self), radix: 16),
              checksum == Self.checksum(bytes[..<(bytes.count - 21)])
        else { return nil }
        var reader = LineReader(bytes: bytes[..<(bytes.count - 21)])
        guard reader.line() == Self.format,
              let key = reader.field("key ").flatMap({ UInt64($0, radix: 16) }),
              let settled = reader.field("settled ").flatMap({ Int64($0) }),
              let jsonCount = reader.field("diagnostics ").flatMap({ Int($0) }), let json = reader.take(jsonCount), reader.line() == "",
              let diagnostics = try? JSONDecoder().decode([Diagnostic].self, from: Data(json)),
              let listingCount = reader.field("listing ").flatMap({ Int($0) }), let listing = reader.take(listingCount),
              let count = reader.field("contents ").flatMap({ Int($0) })
        else { return nil }
        var contents: [String: UInt64] = [:]
        contents.reserveCapacity(count)
        for _ in 0..<count {
            // By bytes: a path may begin with a combining mark, which `Character`s would join to the space.
            guard let line = reader.line(), line.utf8.count > 17,
                  let digest = UInt64(String(decoding: line.utf8.prefix(16), as: UTF8.self), radix: 16) else { return nil }
            contents[String(decoding: line.utf8.dropFirst(17), as: UTF8.self)] = digest
        }
        guard reader.atEnd else { return nil }
        self.init(key: key, settled: Timestamp(nanoseconds: settled), diagnostics: diagnostics, listing: Array(listing), contents: contents)
    }

    private static func checksum(_ bytes: ArraySlice<UInt8>) -> UInt64 {
        var digest = StableDigest(seed: 0x5354_414D_50)
        bytes.withUnsafeBytes { digest.combine(bytes: $0) }
        return digest.finalize()
    }
}

/// Lines of UTF-8 bytes.
private struct LineReader {
    let bytes: ArraySlice<UInt8>
    var offset: Int

    init(bytes: ArraySlice<UInt8>) {
        self.bytes = bytes
        offset = bytes.startIndex
    }

    var atEnd: Bool { offset == bytes.endIndex }

    mutating func line() -> String? {
        guard let end = bytes[offset...].firstIndex(of: 0x0A) else { return nil }
        defer { offset = end + 1 }
        return String(decoding: bytes[offset..<end], as: UTF8.self)
    }

    /// The rest of the next line, when it starts with `name`.
    mutating func field(_ name: String) -> Substring? {
        guard let line = line(), line.hasPrefix(name) else { return nil }
        return line.dropFirst(name.count)
    }

    mutating func take(_ count: Int) -> ArraySlice<UInt8>? {
        guard count >= 0, bytes.endIndex - offset >= count else { return nil }
        defer { offset += count }
        return bytes[offset..<offset + count]
    }
}
