import NixGen
import NixGenGenerator
import XCTest

/// Raw Nix is exactly one expression, or a located error; every raw-Nix place is listed in one
/// warning.
final class RawNixValidationTests: XCTestCase {
    private func fleet(_ expressions: [String]) -> Fleet {
        let app = Service("app") {
            for (index, expression) in expressions.enumerated() {
                Setting(AttrPath(["services", "app", "raw\(index)"]), .nix(expression, arguments: ["pkgs"]))
            }
        }
        return Fleet(stateVersion: "26.05", admins: ValidationTests.admins) {
            Host("h", system: .x86_64Linux, address: "10.0.0.1", lanInterfaces: ["eth0"], hostKey: ValidationTests.key) {
                app
                ValidationTests.hardware
            }
        }
    }

    func testOneExpressionPassesWithOneWarningForEveryPlace() {
        let expressions = ["pkgs.htop", "[ pkgs.htop (pkgs.callPackage ./x.nix { }) ]", "let a = 1; in { b = a; }",
                           "\"a ${toString 1} \\\" ) b\"", "''\n  ) ''${x} ''' '' + \"x\"", "{ a = \"}\"; /* ) */ } # ]\n",
                           "x: x.${\"a\"}"]
        let diagnostics = Validator.validate(fleet(expressions))
        XCTAssertEqual(diagnostics.filter { $0.severity == .error }.map(\.message), [])
        let warnings = diagnostics.filter { $0.message.hasPrefix("raw Nix in ") }
        XCTAssertEqual(warnings.count, 1)
        XCTAssertTrue(warnings.first?.message.hasPrefix("raw Nix in 7 settings") ?? false)
        XCTAssertEqual(warnings.first?.notes.count, 6)
    }

    func testAnythingElseIsALocatedError() {
        let cases = [
            ("1); networking.firewall.enable = (false", "closes ) that it did not open"),
            ("1 /*", "a /* comment is not closed"),
            ("1 # comment", "ends inside a # comment"),
            ("\"open", "a \" string is not closed"),
            ("''open", "a '' string is not closed"),
            ("[ 1 ", "a bracket is not closed"),
            ("{ a = 1; ]", "closes ] that it did not open, where } was due"),
            ("\"${1\"", "a \" string is not closed"),
            ("  /* only */ ", "it is empty"),
        ]
        for (expression, reason) in cases {
            let errors = Validator.validate(fleet([expression])).filter { $0.severity == .error }
            XCTAssertEqual(errors.count, 1, "\(expression): \(errors.map(\.message))")
            XCTAssertTrue(errors.first?.message.contains(reason) ?? false, "\(expression): \(errors.map(\.message))")
        }
    }
}
