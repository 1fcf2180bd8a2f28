import Foundation
import NixGenTestSupport
import XCTest

/// A piece written in a block it does not belong to is a compile error with a sentence at the
/// user's line (it was "no exact matches in call to buildExpression"), typechecked by swiftc
/// against the NixGen module this build made.
final class MisplacedContentTests: XCTestCase {
    private func typecheck(_ body: String) throws -> String {
        guard let swiftc = Tools.find("swiftc") else {
            if Tools.isCI { XCTFail("swiftc not on PATH") }
            throw XCTSkip("swiftc not on PATH")
        }
        let modules = Tools.nixgenBinary.deletingLastPathComponent().appendingPathComponent("Modules")
        let file = Tools.temporaryDirectory("misplaced").appendingPathComponent("Fleet.swift")
        try ("import NixGen\n" + body).write(to: file, atomically: true, encoding: .utf8)
        return try Tools.run(swiftc, ["-typecheck", "-I", modules.path, file.path]).errors
    }

    func testEachMisplacedPieceSaysWhereItBelongs() throws {
        let cases = [
            ("let h = Host(\"h\", system: .x86_64Linux) {\n    Port(\"http\", 80, exposure: .lan)\n}\n", 3, "a Port belongs in a Service"),
            ("let h = Host(\"h\", system: .x86_64Linux) {\n    Secret(\"k\", file: \"secrets/k.age\")\n}\n", 3, "a Secret belongs in the Service that reads it"),
            ("let r = Role(\"r\") {\n    Port(\"http\", 80, exposure: .lan)\n}\n", 3, "a Port belongs in a Service"),
            ("let s = Service(\"s\") {\n    Import(\"hardware/x.nix\")\n}\n", 3, "Import belongs in a Host or a Role"),
            ("let s = Service(\"s\") {\n    Deployment(sshUser: \"deploy\")\n}\n", 3, "Deployment belongs in a Host"),
        ]
        for (source, line, message) in cases {
            let errors = try typecheck(source)
            XCTAssertTrue(errors.contains("Fleet.swift:\(line):5: error: 'buildExpression' is unavailable: \(message)"), errors)
        }
        XCTAssertEqual(try typecheck("let s = Service(\"s\") {\n    Port(\"http\", 80, exposure: .lan)\n}\n"), "", "where it belongs, it compiles")
    }
}
