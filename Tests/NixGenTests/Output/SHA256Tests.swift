import Foundation
import NixGenGenerator
import NixGenTestSupport
import XCTest

/// nixgen's own SHA-256 against FIPS 180-4's examples and against coreutils' `sha256sum`.
final class SHA256Tests: XCTestCase {
    func testTheStandardsExamples() {
        XCTAssertEqual(SHA256.hex(SHA256.digest(Array("".utf8))), "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855")
        XCTAssertEqual(SHA256.hex(SHA256.digest(Array("abc".utf8))), "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad")
        XCTAssertEqual(SHA256.hex(SHA256.digest(Array("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq".utf8))),
                       "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1")
        XCTAssertEqual(SHA256.hex(SHA256.digest([UInt8](repeating: 0x61, count: 1_000_000))),
                       "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0")
    }

    /// Every length from 0 to 200 bytes (each padding case) and a few long ones, fed whole and in
    /// pieces, equal to what `sha256sum` prints for the same bytes.
    func testEqualsSha256sumForEveryPaddingCase() throws {
        guard let sha256sum = Tools.find("sha256sum") else {
            if Tools.isCI { XCTFail("sha256sum not on PATH") }
            throw XCTSkip("sha256sum not on PATH")
        }
        var generator = SystemRandomNumberGenerator()
        let folder = Tools.temporaryDirectory("sha256")
        var files: [(URL, [UInt8])] = []
        for length in Array(0...200) + [1023, 1024, 1025, 65_537] {
            let bytes = (0..<length).map { _ in UInt8.random(in: 0...255, using: &generator) }
            let file = folder.appendingPathComponent("\(length)")
            try Data(bytes).write(to: file)
            files.append((file, bytes))
        }
        let printed = try Tools.run(sha256sum, files.map(\.0.path)).output.split(separator: "\n")
        XCTAssertEqual(printed.count, files.count)
        for ((file, bytes), line) in zip(files, printed) {
            let expected = String(line.prefix(64))
            XCTAssertEqual(SHA256.hex(SHA256.digest(bytes)), expected, file.lastPathComponent)
            var pieces = SHA256()
            var rest = bytes[...]
            while !rest.isEmpty {
                let take = min(rest.count, Int.random(in: 1...70, using: &generator))
                pieces.update(rest.prefix(take))
                rest = rest.dropFirst(take)
            }
            XCTAssertEqual(SHA256.hex(pieces.finalize()), expected, "\(file.lastPathComponent), in pieces")
        }
    }
}
