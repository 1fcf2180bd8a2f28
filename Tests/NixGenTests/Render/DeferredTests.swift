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

    func testDeferredJSONPrintsAsTheValueItBuilds() {
        for count in [0, 1, 15, 16, 17, 300] {
            func document(deferred: Bool) -> JSONValue {
                let members = (0..<count).map { index in
                    ("k\(index)", deferred ? JSONValue.deferred(DeferredJSON { Self.member(index) }) : Self.member(index))
                }
                return .object(["$comment": "c", "hosts": .object(JSONObject(members)),
                                "list": .array([.object(["inner": .array(members.map(\.1))])])])
            }
            XCTAssertEqual(document(deferred: true).linesText(depth: 2), document(deferred: false).linesText(depth: 2), "\(count) members")
            XCTAssertEqual(document(deferred: true).compactText, document(deferred: false).compactText, "\(count) members")
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
