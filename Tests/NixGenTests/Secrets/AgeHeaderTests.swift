import Foundation
import NixGenGenerator
import NixGenTestSupport
import XCTest

/// The age header reader over files real `age` writes (binary and armored, one to four recipients
/// of every kind age encrypts to), and over those files truncated and corrupted: every valid
/// header is read exactly, and nothing traps.
final class AgeHeaderTests: XCTestCase {
    func testReadsEveryHeaderAgeWritesAndSurvivesDamage() throws {
        guard let age = Tools.find("age"), let keygen = Tools.find("age-keygen") else {
            if Tools.isCI { XCTFail("age not on PATH (apt-get install -y age)") }
            throw XCTSkip("age not on PATH")
        }
        let folder = Tools.temporaryDirectory("age-header")
        var pool: [(type: String, argument: [String], tag: String?)] = []
        for type in ["ed25519", "ed25519", "rsa"] {
            let (line, file) = try SSHPublicKeyTests.generate(type, in: folder)
            pool.append(("ssh-\(type)", ["-R", file.appendingPathExtension("pub").path], SSHPublicKey(line: line)?.ageTag))
        }
        for index in 0..<2 {
            let identity = folder.appendingPathComponent("x25519-\(index)")
            XCTAssertEqual(try Tools.run(keygen, ["-o", identity.path]).status, 0)
            let recipient = try Tools.run(keygen, ["-y", identity.path]).output.trimmingCharacters(in: .whitespacesAndNewlines)
            pool.append(("X25519", ["-r", recipient], nil))
        }
        var random = SystemRandomNumberGenerator()
        var read = 0, damaged = 0
        for round in 0..<24 {
            let recipients = (0..<Int.random(in: 1...4, using: &random)).map { _ in pool.randomElement(using: &random)! }
            let armor = round % 3 == 0
            let output = folder.appendingPathComponent("file-\(round).age")
            let result = try Tools.run(age, recipients.flatMap(\.argument) + (armor ? ["-a"] : []) + ["-o", output.path],
                                       input: String(repeating: "payload \(round) ", count: round * 40))
            XCTAssertEqual(result.status, 0, result.errors)
            let bytes = Array(try Data(contentsOf: output))
            guard case .encrypted(let header) = AgeHeader.read(bytes) else { return XCTFail("round \(round): \(AgeHeader.read(bytes))") }
            XCTAssertEqual(header.armored, armor)
            // One stanza per recipient given (age neither merges repeats nor keeps the order of -r
            // and -R): the same types, and each SSH stanza tagged with its key's tag.
            func signature(_ type: String, _ tag: String?) -> String { type + " " + (type.hasPrefix("ssh-") ? tag ?? "?" : "") }
            XCTAssertEqual(header.stanzas.map { signature($0.type, $0.arguments.first) }.sorted(),
                           recipients.map { signature($0.type, $0.tag) }.sorted(), "round \(round)")
            read += 1

            // Damage: cuts anywhere and flipped bytes never trap; a cut inside the header never
            // reads as a header with other stanzas.
            for _ in 0..<60 {
                let cut = Int.random(in: 0...bytes.count, using: &random)
                if case .encrypted(let partial) = AgeHeader.read(Array(bytes.prefix(cut))), !armor {
                    XCTAssertEqual(partial.stanzas, header.stanzas, "a cut at \(cut) read other stanzas")
                }
                var flipped = bytes
                for _ in 0..<Int.random(in: 1...4, using: &random) {
                    flipped[Int.random(in: 0..<flipped.count, using: &random)] = UInt8.random(in: 0...255, using: &random)
                }
                _ = AgeHeader.read(flipped)
                damaged += 2
            }
        }
        // What is no age file reads as plaintext; a claim of another version is malformed.
        XCTAssertEqual(AgeHeader.read(Array("hunter2\n".utf8)), .plaintext)
        XCTAssertEqual(AgeHeader.read([]), .plaintext)
        if case .malformed = AgeHeader.read(Array("age-encryption.org/v2\n".utf8)) {} else { XCTFail("v2") }
        if case .malformed = AgeHeader.read(Array("-----BEGIN AGE ENCRYPTED FILE-----\nnot base64!\n".utf8)) {} else { XCTFail("armor") }
        print("AgeHeaderTests: \(read) headers age wrote read exactly; \(damaged) damaged copies read without a trap")
    }
}
