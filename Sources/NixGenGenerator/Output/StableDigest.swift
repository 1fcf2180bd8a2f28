import NixGen

/// A 64-bit digest that is the same in every process and on every machine with the same bytes.
///
/// Swift's `Hasher` is seeded per process and hashes strings by canonical equivalence ("é" and
/// "e\u{301}" alike), while nixgen writes bytes: what keys the render stamp needs neither.
/// Not cryptographic: it tells apart what a fleet and a tree accidentally became, not what an
/// attacker crafted (the stamp lives in the user's own checkout).
package struct StableDigest: Sendable {
    private var state: UInt64
    private var length: UInt64 = 0

    package init(seed: UInt64 = 0x243F_6A88_85A3_08D3) { state = seed }

    /// wyhash's multiply-and-fold: every input bit reaches every output bit within two rounds.
    @inline(__always)
    private static func mix(_ a: UInt64, _ b: UInt64) -> UInt64 {
        let product = (a ^ 0xA076_1D64_78BD_642F).multipliedFullWidth(by: b ^ 0xE703_7ED1_A0B4_28DB)
        return product.high ^ product.low
    }

    package mutating func combine(_ word: UInt64) {
        state = Self.mix(state, word)
        length &+= 8
    }

    /// The bytes and their count, eight at a time.
    package mutating func combine(bytes: UnsafeRawBufferPointer) {
        let consumed = combineWords(bytes)
        combineTail(UnsafeRawBufferPointer(rebasing: bytes[consumed...]), totalCount: bytes.count)
    }

    /// The whole 8-byte words at the start of `bytes`; returns how many bytes that was. With
    /// `combineTail` it digests a stream a chunk at a time exactly as `combine(bytes:)` digests
    /// it whole, when every chunk but the last is a multiple of eight bytes long.
    package mutating func combineWords(_ bytes: UnsafeRawBufferPointer) -> Int {
        var index = 0
        while index + 8 <= bytes.count {
            state = Self.mix(state, bytes.loadUnaligned(fromByteOffset: index, as: UInt64.self))
            index += 8
        }
        length &+= UInt64(index)
        return index
    }

    /// The last bytes of a stream (fewer than eight) and the stream's length.
    package mutating func combineTail(_ bytes: UnsafeRawBufferPointer, totalCount: Int) {
        var tail: UInt64 = 0
        for byte in bytes { tail = tail << 8 | UInt64(byte) }
        state = Self.mix(state, tail ^ UInt64(totalCount) << 56)
        length &+= UInt64(bytes.count)
    }

    /// The UTF-8 bytes of `text`, as they are (no normalisation).
    package mutating func combine(_ text: String) {
        withUTF8Bytes(text) { combine(bytes: UnsafeRawBufferPointer($0)) }
    }

    package func finalize() -> UInt64 { Self.mix(state, length) }

    /// The digest of a file holding `text` (as `FileIO.digest(of:)` reads it back).
    package static func content(_ text: String) -> UInt64 {
        var digest = StableDigest()
        digest.combine(text)
        return digest.finalize()
    }

    /// `value`'s digest: every field its `Encodable` conformance writes, in every process alike.
    /// Keyed containers (a struct's fields, a dictionary's entries) count regardless of order,
    /// since a dictionary encodes its entries in this process's order.
    package static func of<Value: Encodable>(_ value: Value) -> UInt64 {
        let encoder = DigestEncoder()
        return encoder.digest(value)
    }

    /// `value` in hexadecimal, sixteen digits.
    package static func hex(_ value: UInt64) -> String {
        let digits = String(value, radix: 16)
        return String(repeating: "0", count: 16 - digits.count) + digits
    }
}

/// Feeds an `Encodable` value into `StableDigest`s: one per value being encoded (a stack, since
/// values nest), its keyed entries summed so their order does not matter.
private final class DigestEncoder: Encoder {
    struct Frame {
        var ordered = StableDigest()
        var entries: UInt64 = 0
        var finalized: UInt64 { var digest = ordered; digest.combine(entries); return digest.finalize() }
    }

    private var frames: [Frame] = []
    var codingPath: [any CodingKey] { [] }
    var userInfo: [CodingUserInfoKey: Any] { [:] }

    init() { frames.reserveCapacity(16) }

    func digest<Value: Encodable>(_ value: Value) -> UInt64 {
        frames.append(Frame())
        // A digest encoder never throws; a conformance that does still gets a distinct digest.
        if (try? value.encode(to: self)) == nil { frames[frames.count - 1].ordered.combine(0xDEAD) }
        return frames.removeLast().finalized
    }

    func addEntry(_ entry: UInt64) { frames[frames.count - 1].entries &+= entry }
    func addOrdered(_ word: UInt64) { frames[frames.count - 1].ordered.combine(word) }
    func addOrdered(_ text: String) { frames[frames.count - 1].ordered.combine(text) }

    func container<Key: CodingKey>(keyedBy type: Key.Type) -> KeyedEncodingContainer<Key> {
        KeyedEncodingContainer(Keyed<Key>(encoder: self, salt: 0))
    }
    func unkeyedContainer() -> any UnkeyedEncodingContainer { Unkeyed(encoder: self) }
    func singleValueContainer() -> any SingleValueEncodingContainer { Unkeyed(encoder: self) }

    /// Tags keep values of different kinds apart (`nil` from `0`, `"1"` from `1`).
    enum Tag: UInt64 { case null = 1, bool, integer, float, string, nested }

    struct Keyed<Key: CodingKey>: KeyedEncodingContainerProtocol {
        let encoder: DigestEncoder
        /// Nonzero in a nested container (an enum case's values): its entries share the value's
        /// sum, so they carry the key they are nested under.
        let salt: UInt64
        var codingPath: [any CodingKey] { [] }

        private func entry(_ key: Key, _ tag: Tag, _ body: (inout StableDigest) -> Void) {
            var digest = StableDigest(seed: tag.rawValue)
            digest.combine(salt)
            digest.combine(key.stringValue)
            body(&digest)
            encoder.addEntry(digest.finalize())
        }
        mutating func encodeNil(forKey key: Key) { entry(key, .null) { _ in } }
        mutating func encode(_ value: Bool, forKey key: Key) { entry(key, .bool) { $0.combine(value ? 1 : 0) } }
        mutating func encode(_ value: String, forKey key: Key) { entry(key, .string) { $0.combine(value) } }
        mutating func encode(_ value: Double, forKey key: Key) { entry(key, .float) { $0.combine(value.bitPattern) } }
        mutating func encode(_ value: Float, forKey key: Key) { encode(Double(value), forKey: key) }
        mutating func encode(_ value: Int, forKey key: Key) { entry(key, .integer) { $0.combine(UInt64(bitPattern: Int64(value))) } }
        mutating func encode(_ value: Int8, forKey key: Key) { encode(Int(value), forKey: key) }
        mutating func encode(_ value: Int16, forKey key: Key) { encode(Int(value), forKey: key) }
        mutating func encode(_ value: Int32, forKey key: Key) { encode(Int(value), forKey: key) }
        mutating func encode(_ value: Int64, forKey key: Key) { encode(Int(value), forKey: key) }
        mutating func encode(_ value: UInt, forKey key: Key) { entry(key, .integer) { $0.combine(UInt64(value)) } }
        mutating func encode(_ value: UInt8, forKey key: Key) { encode(UInt(value), forKey: key) }
        mutating func encode(_ value: UInt16, forKey key: Key) { encode(UInt(value), forKey: key) }
        mutating func encode(_ value: UInt32, forKey key: Key) { encode(UInt(value), forKey: key) }
        mutating func encode(_ value: UInt64, forKey key: Key) { encode(UInt(value), forKey: key) }
        mutating func encode<T: Encodable>(_ value: T, forKey key: Key) {
            let nested = encoder.digest(value)
            entry(key, .nested) { $0.combine(nested) }
        }
        mutating func nestedContainer<NestedKey: CodingKey>(keyedBy keyType: NestedKey.Type, forKey key: Key) -> KeyedEncodingContainer<NestedKey> {
            entry(key, .nested) { _ in }
            var nested = StableDigest(seed: salt)
            nested.combine(key.stringValue)
            return KeyedEncodingContainer(Keyed<NestedKey>(encoder: encoder, salt: nested.finalize() | 1))
        }
        mutating func nestedUnkeyedContainer(forKey key: Key) -> any UnkeyedEncodingContainer {
            entry(key, .nested) { _ in }
            return encoder.unkeyedContainer()
        }
        mutating func superEncoder() -> any Encoder { encoder }
        mutating func superEncoder(forKey key: Key) -> any Encoder { encoder }
    }

    /// Unkeyed and single values: in order.
    struct Unkeyed: UnkeyedEncodingContainer, SingleValueEncodingContainer {
        let encoder: DigestEncoder
        var codingPath: [any CodingKey] { [] }
        var count = 0

        private mutating func add(_ tag: Tag, _ word: UInt64) {
            encoder.addOrdered(tag.rawValue)
            encoder.addOrdered(word)
            count += 1
        }
        mutating func encodeNil() { add(.null, 0) }
        mutating func encode(_ value: Bool) { add(.bool, value ? 1 : 0) }
        mutating func encode(_ value: String) {
            encoder.addOrdered(Tag.string.rawValue)
            encoder.addOrdered(value)
            count += 1
        }
        mutating func encode(_ value: Double) { add(.float, value.bitPattern) }
        mutating func encode(_ value: Float) { encode(Double(value)) }
        mutating func encode(_ value: Int) { add(.integer, UInt64(bitPattern: Int64(value))) }
        mutating func encode(_ value: Int8) { encode(Int(value)) }
        mutating func encode(_ value: Int16) { encode(Int(value)) }
        mutating func encode(_ value: Int32) { encode(Int(value)) }
        mutating func encode(_ value: Int64) { encode(Int(value)) }
        mutating func encode(_ value: UInt) { add(.integer, UInt64(value)) }
        mutating func encode(_ value: UInt8) { encode(UInt(value)) }
        mutating func encode(_ value: UInt16) { encode(UInt(value)) }
        mutating func encode(_ value: UInt32) { encode(UInt(value)) }
        mutating func encode(_ value: UInt64) { encode(UInt(value)) }
        mutating func encode<T: Encodable>(_ value: T) { add(.nested, encoder.digest(value)) }
        mutating func nestedContainer<NestedKey: CodingKey>(keyedBy keyType: NestedKey.Type) -> KeyedEncodingContainer<NestedKey> {
            add(.nested, 0)
            return encoder.container(keyedBy: keyType)
        }
        mutating func nestedUnkeyedContainer() -> any UnkeyedEncodingContainer {
            add(.nested, 0)
            return encoder.unkeyedContainer()
        }
        mutating func superEncoder() -> any Encoder { encoder }
    }
}
