import Foundation
import NixGenGenerator
import NixGenTestSupport
import XCTest

/// Host keys, recipients and admin keys are whole ssh-ed25519 or ssh-rsa key lines: what
/// `ssh-keygen` writes is read, placeholders and damaged keys are refused with the reason.
final class SSHPublicKeyTests: XCTestCase {
    static func generate(_ type: String, bits: Int? = nil, in folder: URL = Tools.temporaryDirectory("ssh-keys")) throws -> (line: String, file: URL) {
        guard let keygen = Tools.find("ssh-keygen") else {
            if Tools.isCI { XCTFail("ssh-keygen not on PATH (apt-get install -y openssh-client)") }
            throw XCTSkip("ssh-keygen not on PATH")
        }
        let file = folder.appendingPathComponent("\(type)-\(UUID().uuidString)")
        let result = try Tools.run(keygen, ["-q", "-t", type, "-N", "", "-C", "test@nixgen", "-f", file.path] + (bits.map { ["-b", "\($0)"] } ?? []))
        XCTAssertEqual(result.status, 0, result.errors)
        let line = try String(contentsOf: file.appendingPathExtension("pub"), encoding: .utf8).trimmingCharacters(in: .whitespacesAndNewlines)
        return (line, file)
    }

    func testWhatSshKeygenWritesIsRead() throws {
        for (type, bits) in [("ed25519", nil), ("rsa", 2048), ("rsa", 4096)] as [(String, Int?)] {
            let (line, _) = try Self.generate(type, bits: bits)
            XCTAssertNil(SSHPublicKey.problem(line), line)
            XCTAssertEqual(SSHPublicKey(line: line)?.kind.rawValue, "ssh-\(type)")
            let withoutComment = line.split(separator: " ").prefix(2).joined(separator: " ")
            XCTAssertNil(SSHPublicKey.problem(withoutComment))
        }
    }

    func testPlaceholdersAndDamagedKeysAreRefusedWithTheReason() throws {
        let (line, _) = try Self.generate("ed25519")
        let fields = line.split(separator: " ").map(String.init)
        let body = fields[1]
        let cases: [(String, String)] = [
            ("ssh-ed25519 AAAA...", "not base64"),
            ("ssh-ed25519 AAAA", "does not encode"),
            ("ssh-ed25519", "a key line is"),
            ("ssh-ed25519 " + String(body.dropLast(8)) + "AAAAAAA=", "32 bytes"),
            ("ssh-ed25519 " + Data(Data(base64Encoded: body)! + [0, 0, 0]).base64EncodedString(), "bytes after the key"),
            ("ssh-rsa " + body, "does not encode an ssh-rsa key"),
            ("ecdsa-sha2-nistp256 " + body, "not ssh-ed25519 or ssh-rsa"),
            (line + "\n", "control character"),
            ("ssh-ed25519 " + body + " a \"quoted\" comment", "quote"),
        ]
        for (key, reason) in cases {
            let problem = SSHPublicKey.problem(key)
            XCTAssertTrue(problem?.contains(reason) ?? false, "\(key): \(problem ?? "accepted")")
        }
        let (small, _) = try Self.generate("rsa", bits: 1024)
        XCTAssertTrue(SSHPublicKey.problem(small)?.contains("2048") ?? false)
    }

    /// age's stanza tag for an SSH key, as age itself writes it.
    func testTheAgeTagIsWhatAgeWrites() throws {
        guard let age = Tools.find("age") else {
            if Tools.isCI { XCTFail("age not on PATH (apt-get install -y age)") }
            throw XCTSkip("age not on PATH")
        }
        for type in ["ed25519", "rsa"] {
            let (line, file) = try Self.generate(type)
            let result = try Tools.run(age, ["-R", file.appendingPathExtension("pub").path], input: "secret\n")
            let stanza = try XCTUnwrap(result.output.split(separator: "\n").first { $0.hasPrefix("-> ssh-") })
            XCTAssertEqual(stanza.split(separator: " ")[2], Substring(try XCTUnwrap(SSHPublicKey(line: line)).ageTag), type)
        }
    }
}
