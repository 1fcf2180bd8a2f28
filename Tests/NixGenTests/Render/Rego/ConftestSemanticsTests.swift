import Foundation
import NixGenTestSupport
import XCTest

/// The project's policy checker judges as conftest does, and the two engines cannot be told apart
/// by a policy of the user's: a conftest exception in a nixgen package is itself a deny (in both
/// engines), a warning fails nothing, and a policy redefining the fleet's data loads in neither.
final class ConftestSemanticsTests: XCTestCase {
    private func policies(with local: String) throws -> URL {
        let folder = Tools.temporaryDirectory("conftest").appendingPathComponent("policies")
        try FileManager.default.copyItem(at: Golden.directory("example").appendingPathComponent("policies"), to: folder)
        try Tools.materialize(["local/mine.rego": local], in: folder)
        return folder
    }

    private var input: [String: Any] {
        get throws {
            let data = try Data(contentsOf: Golden.repositoryRoot.appendingPathComponent("Tests/Recordings/example.json"))
            let recording = try XCTUnwrap(JSONSerialization.jsonObject(with: data) as? [String: Any])
            return try XCTUnwrap((recording["evaluation"] as? [String: Any])?["policyInput"] as? [String: Any])
        }
    }

    func testAnExceptionInANixgenPackageIsDeniedAndAWarningFailsNothing() throws {
        try Tools.requireValidators(nix: false)
        let exception = "package nixgen.wiring\n\nimport rego.v1\n\nexception contains rules if {\n\trules := [\"\"]\n}\n"
        let denies = try Rego.denies(policies: policies(with: exception), input: input)
        XCTAssertEqual(denies["nixgen.generated"], ["a conftest exception in package nixgen.wiring silences its denies: exceptions belong in packages of your own"])
        let warning = "package mine\n\nimport rego.v1\n\nwarn contains \"only a warning\" if true\n"
        XCTAssertEqual(try Rego.denies(policies: policies(with: warning), input: input).values.flatMap { $0 }, [])
    }

    func testAPolicyRedefiningTheFleetLoadsInNeitherEngine() throws {
        try Tools.requireValidators(nix: false)
        let redefinition = "package nixgen.fleet\n\nimport rego.v1\n\nhosts := {}\n"
        XCTAssertThrowsError(try Rego.denies(policies: policies(with: redefinition), input: input)) { error in
            XCTAssertTrue("\(error)".contains("would redefine the fleet's data document"), "\(error)")
        }
    }
}
