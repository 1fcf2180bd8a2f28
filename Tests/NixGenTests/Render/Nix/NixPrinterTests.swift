import NixGen
import NixGenCLICore
import NixGenGenerator
import NixGenTestSupport
import XCTest

/// The printer owns quoting, escaping and layout.
final class NixPrinterTests: XCTestCase {
    func testStringEscaping() {
        XCTAssertEqual(NixPrinter.stringLiteral("plain"), "\"plain\"")
        XCTAssertEqual(NixPrinter.stringLiteral("a\"b\\c"), #""a\"b\\c""#)
        XCTAssertEqual(NixPrinter.stringLiteral("${x}"), #""\${x}""#)
        XCTAssertEqual(NixPrinter.stringLiteral("$${x}"), #""$\${x}""#)
        XCTAssertEqual(NixPrinter.stringLiteral("cost: $5"), #""cost: $5""#)
        XCTAssertEqual(NixPrinter.stringLiteral("''${x}''"), #""''\${x}''""#)
        XCTAssertEqual(NixPrinter.stringLiteral("l1\nl2\r\tend"), #""l1\nl2\r\tend""#)
    }

    /// Texts side by side are one text: a `$` at the end of one and a `{` opening the next must
    /// not meet as an interpolation, in either kind of string (nix-instantiate reads them back).
    func testAdjacentTextsNeverMakeAnInterpolation() throws {
        let double = NixExpr.interpolated([.text("a$"), .text("{b}"), .text("$"), .interpolation(.string("c"))])
        let indented = NixExpr.indented([.text("a$"), .text("{b}\n")])
        XCTAssertEqual(NixPrinter.print(double), #""a\${b}\$${"c"}""#)
        try Tools.requireValidators(nix: true, rego: false)
        for (expr, value) in [(double, "a${b}$c"), (indented, "a${b}\n")] {
            XCTAssertEqual(try Nix.evalJSON(expression: NixPrinter.print(expr)) as? String, value, NixPrinter.print(expr))
        }
    }

    func testAttributeNames() {
        XCTAssertEqual(NixPrinter.attributeName("enable"), "enable")
        XCTAssertEqual(NixPrinter.attributeName("home-assistant"), "home-assistant")
        XCTAssertEqual(NixPrinter.attributeName("x'"), "x'")
        XCTAssertEqual(NixPrinter.attributeName("_module"), "_module")
        for keyword in ["if", "then", "else", "let", "in", "rec", "inherit", "with", "assert", "or"] {
            XCTAssertEqual(NixPrinter.attributeName(keyword), "\"\(keyword)\"")
        }
        XCTAssertEqual(NixPrinter.attributeName("git.example.org"), "\"git.example.org\"")
        XCTAssertEqual(NixPrinter.attributeName("1password"), "\"1password\"")
        XCTAssertEqual(NixPrinter.attributeName(""), "\"\"")
        XCTAssertEqual(NixPrinter.attributeName("${x}"), #""\${x}""#)
    }

    func testLayout() {
        XCTAssertEqual(NixPrinter.print(.attrs([])), "{ }")
        XCTAssertEqual(NixPrinter.print(.list([])), "[ ]")
        XCTAssertEqual(NixPrinter.print(.list([.int(1)])), "[ 1 ]")
        XCTAssertEqual(NixPrinter.print(.list([.int(1), .int(-2)])), "[\n  1\n  (-2)\n]")
        XCTAssertEqual(NixPrinter.print(.attrs([.assign(["a", "b"], .attrs([.assign(["c"], .bool(true))]))])),
                       "{\n  a.b = {\n    c = true;\n  };\n}")
        XCTAssertEqual(NixPrinter.print(.lambda(.pattern(["config", "lib"], ellipsis: true), .attrs([]))),
                       "{\n  config,\n  lib,\n  ...\n}:\n{ }")
        XCTAssertEqual(NixPrinter.print(.lambda(.pattern([], ellipsis: true), .null)), "{ ... }:\nnull")
        XCTAssertEqual(NixPrinter.print(.call("f", .call("g", .int(1)), .select(.variable("a"), ["b"], or: .bool(false)))),
                       "f (g 1) (a.b or false)")
        XCTAssertEqual(NixPrinter.print(.interpolated([.text("$"), .interpolation(.variable("x")), .text("${")])),
                       #""\$${x}\${""#)
    }

    func testFloatsAreNixLiterals() {
        XCTAssertEqual(NixPrinter.print(.float(1.5)), "1.5")
        XCTAssertEqual(NixPrinter.print(.float(1e-7)), "1.0e-07")
        XCTAssertEqual(NixPrinter.print(.float(2)), "2.0")
        XCTAssertEqual(NixPrinter.print(.list([.float(-0.5)])), "[ (-0.5) ]")
    }

    func testPathsThatAreNotLiteralsAreAnchored() {
        XCTAssertEqual(NixPrinter.print(.path("../services/a.nix")), "../services/a.nix")
        XCTAssertEqual(NixPrinter.print(.path("../../my secrets/a b.age")), #"(../../. + "/my secrets/a b.age")"#)
    }
}
