import Foundation
import NixGen
import NixGenCLICore
import NixGenGenerator
import NixGenTestSupport
import XCTest

/// `nixgen secrets` against files real `age` encrypted to keys real `ssh-keygen` made: each file is
/// current exactly when it is encrypted to the keys that must read it, and every change of keys,
/// hosts or recipients names the files to re-encrypt, with the reason.
final class SecretsReportTests: XCTestCase {
    private var age: String!
    private var folder: URL!
    private var keys: [String: (line: String, file: URL)] = [:]

    override func setUpWithError() throws {
        guard let age = Tools.find("age") else {
            if Tools.isCI { XCTFail("age not on PATH (apt-get install -y age)") }
            throw XCTSkip("age not on PATH")
        }
        self.age = age
        folder = Tools.temporaryDirectory("secrets")
        for name in ["a", "b", "a-rotated", "ops", "ops2", "alice"] {
            keys[name] = try SSHPublicKeyTests.generate(name == "b" ? "rsa" : "ed25519", in: folder)
        }
    }

    /// Hosts a and b run `shared`; a alone runs `only`; ops is the recipient; alice the admin.
    private func fleet(hosts: [String] = ["a", "b"], hostKey: [String: String] = [:], recipients: [String] = ["ops"]) -> Fleet {
        let shared = Service("shared") { Secret("token", file: "secrets/shared/token.age") }
        let only = Service("only") { Secret("key", file: "secrets/only/key.age") }
        let hostValues = hosts.enumerated().map { index, name in
            Host(name, system: .x86_64Linux, address: "10.9.0.\(index + 1)", lanInterfaces: ["eth0"],
                 hostKey: hostKey[name] ?? keys[name]!.line) {
                shared
                if name == "a" { only }
                Import("hardware/\(name).nix")
            }
        }
        return Fleet(stateVersion: "26.05", admins: ["alice": [keys["alice"]!.line]],
                     recipients: Dictionary(uniqueKeysWithValues: recipients.map { ($0, [keys[$0]!.line]) })) {
            for host in hostValues { host }
        }
    }

    private func encrypt(_ path: String, to names: [String], armor: Bool = false, in root: URL) throws {
        let url = root.appendingPathComponent(path)
        try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
        let recipients = names.flatMap { ["-R", keys[$0]!.file.appendingPathExtension("pub").path] }
        let result = try Tools.run(age, recipients + (armor ? ["-a"] : []) + ["-o", url.path], input: "the secret\n")
        XCTAssertEqual(result.status, 0, result.errors)
    }

    private func repository(shared: [String] = ["a", "b", "ops"], only: [String] = ["a", "ops"], armor: Bool = false) throws -> URL {
        let root = folder.appendingPathComponent("repository-\(UUID().uuidString)")
        try encrypt("secrets/shared/token.age", to: shared, armor: armor, in: root)
        try encrypt("secrets/only/key.age", to: only, in: root)
        return root
    }

    private func audit(_ fleet: Fleet, _ root: URL) -> [String: SecretsReport.File] {
        let files = SecretsReport.audit(Plan(fleet), files: SecretFiles.list(root), read: { SecretFiles.read($0, in: root) })
        return Dictionary(uniqueKeysWithValues: files.map { ($0.path, $0) })
    }

    private func run(_ arguments: [String], _ fleet: Fleet, in root: URL) -> (code: Int32, out: String) {
        let console = Console()
        let code = CLI(arguments: arguments, fleet: { fleet }, currentDirectory: root, console: console).run()
        return (code, console.output)
    }

    func testFilesEncryptedToExactlyTheRightKeysAreCurrent() throws {
        for armor in [false, true] {
            let root = try repository(armor: armor)
            let files = audit(fleet(), root)
            XCTAssertEqual(files["secrets/shared/token.age"]?.state, .current, "armor: \(armor) \(files)")
            XCTAssertEqual(files["secrets/shared/token.age"]?.encryptedTo, ["host a", "host b", "recipient ops"])
            XCTAssertEqual(files["secrets/only/key.age"]?.state, .current)
            let cli = run(["secrets", "--stale"], fleet(), in: root)
            XCTAssertEqual(cli.code, 0, cli.out)
            XCTAssertTrue(cli.out.contains("every secret file is current (2 files)"), cli.out)
        }
    }

    func testASubsetAndAnExtraKeyAreStaleWithTheirReason() throws {
        let root = try repository(shared: ["a", "ops"], only: ["a", "ops", "alice"])
        let files = audit(fleet(), root)
        XCTAssertEqual(files["secrets/shared/token.age"]?.state, .stale)
        XCTAssertEqual(files["secrets/shared/token.age"]?.reasons, ["host b cannot read it"])
        XCTAssertEqual(files["secrets/only/key.age"]?.state, .stale)
        XCTAssertEqual(files["secrets/only/key.age"]?.reasons, ["still readable by admin alice, which need not read it"])
        let cli = run(["secrets", "--stale"], fleet(), in: root)
        XCTAssertEqual(cli.code, 1)
        XCTAssertTrue(cli.out.contains("  run:           nix run .#secrix rekey secrets/shared/token.age -- -i ~/.ssh/id_ed25519 -s a -s b -u ops\n"), cli.out)
        XCTAssertTrue(cli.out.contains("2 of 2 secret files need attention"), cli.out)
    }

    func testRotatingAHostKeyMakesItsFilesStale() throws {
        let root = try repository()
        let rotated = fleet(hostKey: ["a": keys["a-rotated"]!.line])
        let files = audit(rotated, root)
        for path in ["secrets/shared/token.age", "secrets/only/key.age"] {
            XCTAssertEqual(files[path]?.state, .stale, path)
            XCTAssertEqual(files[path]?.reasons.first, "host a cannot read it", path)
            XCTAssertTrue(files[path]?.reasons.last?.hasPrefix("still readable by an unknown ssh-ed25519 key (tag ") ?? false, "\(files[path]!.reasons)")
        }
    }

    func testRemovingAHostOrARecipientMakesTheirFilesStale() throws {
        let root = try repository()
        let withoutB = audit(fleet(hosts: ["a"]), root)
        XCTAssertEqual(withoutB["secrets/shared/token.age"]?.state, .stale)
        XCTAssertTrue(withoutB["secrets/shared/token.age"]?.reasons.first?.contains("unknown ssh-rsa key") ?? false, "\(withoutB)")
        XCTAssertEqual(withoutB["secrets/only/key.age"]?.state, .current, "b never read it")
        let newRecipient = audit(fleet(recipients: ["ops2"]), root)
        for path in ["secrets/shared/token.age", "secrets/only/key.age"] {
            XCTAssertEqual(newRecipient[path]?.reasons.first, "recipient ops2 cannot read it", path)
            XCTAssertEqual(newRecipient[path]?.reasons.count, 2, "\(newRecipient[path]!.reasons)")
        }
    }

    func testPlaintextLinksAndUndeclaredFilesAreRefused() throws {
        let root = try repository()
        try "hunter2\n".write(to: root.appendingPathComponent("secrets/only/key.age"), atomically: true, encoding: .utf8)
        try "notes\n".write(to: root.appendingPathComponent("secrets/shared/notes.txt"), atomically: true, encoding: .utf8)
        try FileManager.default.createSymbolicLink(atPath: root.appendingPathComponent("secrets/shared/link.age").path,
                                                   withDestinationPath: root.appendingPathComponent("secrets/shared/token.age").path)
        try encrypt("secrets/old/forgotten.age", to: ["a"], in: root)
        let files = audit(fleet(), root)
        XCTAssertEqual(files["secrets/only/key.age"]?.state, .plaintext)
        XCTAssertEqual(files["secrets/only/key.age"]?.command, "nix run .#secrix encrypt secrets/only/key.age -- -s a -u ops < secrets/only/key.age")
        XCTAssertEqual(files["secrets/shared/notes.txt"]?.state, .plaintext)
        XCTAssertEqual(files["secrets/shared/link.age"]?.state, .link)
        XCTAssertEqual(files["secrets/old/forgotten.age"]?.state, .undeclared)
        XCTAssertEqual(files["secrets/shared/token.age"]?.state, .current)
        XCTAssertEqual(run(["secrets", "--stale"], fleet(), in: root).code, 1)
    }

    func testAMissingFileIsCreatedForExactlyItsReaders() throws {
        let root = folder.appendingPathComponent("empty")
        try FileManager.default.createDirectory(at: root, withIntermediateDirectories: true)
        let files = audit(fleet(), root)
        XCTAssertEqual(files["secrets/only/key.age"]?.state, .missing)
        XCTAssertEqual(files["secrets/only/key.age"]?.command, "nix run .#secrix create secrets/only/key.age -- -s a -u ops")
    }
}
