import FleetDefinition
import Foundation
import NixGen
import NixGenGenerator
import NixGenTestSupport
import XCTest

/// The render stamp's key is a digest of the fleet: it must change with every value the fleet
/// holds, and be the same in every process for the same value.
final class StableDigestTests: XCTestCase {
    /// `Host` is digested by hand for speed: every stored property must be in it.
    func testTheHostDigestCoversEveryStoredProperty() {
        let host = Host("a", system: .x86_64Linux)
        XCTAssertEqual(Mirror(reflecting: host).children.map { $0.label ?? "?" }, Host.digestedProperties,
                       "a property was added to Host: digest it in Host.stableDigest and list it in digestedProperties")
    }

    /// Every leaf of the example fleet's encoding, changed on its own, changes the digest: each
    /// host's (digested by hand) and the rest of the fleet's (through `Encodable`).
    func testEveryValueInTheFleetChangesItsDigest() throws {
        var changed = 0, leaves = 0
        func everyChange<Value: Codable>(of value: Value, _ digest: (Value) -> UInt64) throws {
            let original = digest(value)
            try visit(try JSONSerialization.jsonObject(with: JSONEncoder().encode(value))) { mutated in
                leaves += 1
                // Some changes do not decode (an enum's raw value): those are not fleets.
                guard let decoded = try? JSONDecoder().decode(Value.self, from: JSONSerialization.data(withJSONObject: mutated)) else { return }
                changed += 1
                XCTAssertNotEqual(digest(decoded), original, "a change left the digest as it was")
            }
        }
        for host in exampleFleet.hosts { try everyChange(of: host) { $0.stableDigest } }
        var rest = exampleFleet
        rest.hosts = []
        try everyChange(of: rest) { $0.stableDigest }
        XCTAssertGreaterThan(changed, 1000, "\(changed) of \(leaves) leaves decoded after a change")
        var reordered = exampleFleet
        reordered.hosts.swapAt(0, 1)
        XCTAssertNotEqual(reordered.stableDigest, exampleFleet.stableDigest, "hosts are in order")
    }

    /// Calls `check` with the document once for each leaf changed (strings extended, numbers
    /// increased, booleans negated).
    private func visit(_ document: Any, _ check: (Any) throws -> Void) throws {
        func walk(_ value: Any, _ rebuild: (Any) -> Any) throws {
            switch value {
            case let object as [String: Any]:
                for (key, member) in object { try walk(member) { var copy = object; copy[key] = $0; return rebuild(copy) } }
            case let array as [Any]:
                for (index, element) in array.enumerated() { try walk(element) { var copy = array; copy[index] = $0; return rebuild(copy) } }
            case let number as NSNumber:
                // JSONSerialization reads `true`/`false` as numbers of type "c".
                try check(rebuild(String(cString: number.objCType) == "c" ? !number.boolValue : number.intValue + 1))
            case let text as String:
                try check(rebuild(text + "x"))
            default:
                break
            }
        }
        try walk(document) { $0 }
    }

    func testDictionaryOrderDoesNotMatterAndBytesDo() {
        var small: [String: [String]] = [:], large: [String: [String]] = [:]
        large.reserveCapacity(1000)
        for index in 0..<50 { small["k\(index)"] = ["\(index)"] }
        for index in (0..<50).reversed() { large["k\(index)"] = ["\(index)"] }
        XCTAssertNotEqual(Array(small.keys), Array(large.keys), "the two dictionaries iterate in different orders")
        XCTAssertEqual(StableDigest.of(small), StableDigest.of(large))
        // Canonically equivalent, different bytes: Nix reads the bytes, so they differ.
        XCTAssertNotEqual(StableDigest.of(["é"]), StableDigest.of(["e\u{301}"]))
        XCTAssertNotEqual(StableDigest.of(["ab", "c"]), StableDigest.of(["a", "bc"]))
        XCTAssertNotEqual(StableDigest.of([String?.none, "a"]), StableDigest.of(["a", String?.none]))
    }

    /// The same in every process and on every machine: pinned.
    func testDigestsArePinned() {
        XCTAssertEqual(StableDigest.hex(StableDigest.of(["atlas": [1, 2], "hermes": [3]])), "0360a2bed6fc8eb5")
        var digest = StableDigest()
        digest.combine("nixgen")
        XCTAssertEqual(StableDigest.hex(digest.finalize()), "fd646622ebd65612")
    }

    /// Files are digested a megabyte at a time; the result is that of the whole content.
    func testFileDigestsMatchTheWholeContentAtEverySize() throws {
        let directory = Tools.temporaryDirectory("digest")
        defer { try? FileManager.default.removeItem(at: directory) }
        for size in [0, 1, 7, 8, 9, 4095, 1 << 20, (1 << 20) + 1, (1 << 20) + 8, 3 << 20 - 5] {
            let bytes = (0..<size).map { UInt8(truncatingIfNeeded: $0 &* 31 &+ $0 >> 9) }
            let file = directory.appendingPathComponent("f\(size)")
            try Data(bytes).write(to: file)
            var whole = StableDigest()
            bytes.withUnsafeBytes { whole.combine(bytes: $0) }
            XCTAssertEqual(FileIO.digest(of: file), whole.finalize(), "\(size) bytes")
        }
    }
}
