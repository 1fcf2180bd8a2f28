import Foundation
import NixGen
import NixGenGenerator
import XCTest

/// Values built as they are printed (a large fleet's per-host members) print exactly as the same
/// values built beforehand, in every place the printers put them.
final class DeferredTests: XCTestCase {
    private static func member(_ index: Int) -> JSONValue {
        .object(["name": .string("host\(index) \"é\u{301}\" ${x}"), "ports": .array((0..<(index % 4)).map { .int($0 - 2) }),
                 "nested": .object(["flag": .bool(index.isMultiple(of: 2)), "none": .null])])
    }

    func testDeferredAndPrintedJSONPrintAsTheValueTheyHold() {
        enum Kind: CaseIterable { case value, deferred, printed }
        for count in [0, 1, 15, 16, 17, 300] {
            func document(_ kind: Kind) -> JSONValue {
                // A deferred value has one place in a text: each place gets its own.
                func members() -> [(String, JSONValue)] {
                    (0..<count).map { index in
                        let value = Self.member(index)
                        return ("k\(index)", [.value: value, .deferred: .deferred(DeferredJSON { value }), .printed: .printed(value)][kind]!)
                    }
                }
                return .object(["$comment": "c", "hosts": .object(JSONObject(members())),
                                "list": .array([.object(["inner": .array(members().map(\.1))])])])
            }
            let plain = document(.value).prettyText
            XCTAssertEqual(document(.deferred).prettyText, plain, "\(count) members")
            XCTAssertEqual(document(.printed).prettyText, plain, "\(count) members")
            // One member per line: no line holds two of a host's members.
            XCTAssertFalse(plain.split(separator: "\n").contains { $0.contains("\"flag\"") && $0.contains("\"none\"") })
        }
    }

    func testDeferredNixPrintsAsTheExpressionItBuilds() {
        // Past the printer's threshold for printing a set's bindings on all cores, and below it.
        for count in [1, 2, 255, 256, 400] {
            func expression(deferred: Bool) -> NixExpr {
                let values: [NixExpr] = (0..<count).map { index in
                    [NixExpr.int(-index), .attrs([.assign(["a", "b c"], .string("v\(index)"))]), .list([.int(-1)]),
                     NixExpr(Self.member(index))][index % 4]
                }
                func wrapped(_ value: NixExpr) -> NixExpr { deferred ? .deferred(DeferredNix { value }) : value }
                return .attrs([
                    .assign(["hosts"], .attrs(values.enumerated().map { .assign(["h\($0.offset)"], wrapped($0.element)) })),
                    .assign(["items"], .list(values.map(wrapped))),
                    .assign(["applied"], .call("f", wrapped(.int(-3)), wrapped(.call("g", .int(1))))),
                ])
            }
            XCTAssertEqual(NixPrinter.file(expression(deferred: true)), NixPrinter.file(expression(deferred: false)), "\(count) bindings")
        }
    }
}
