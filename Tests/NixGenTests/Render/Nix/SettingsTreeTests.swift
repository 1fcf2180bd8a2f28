import Foundation
import NixGen
import NixGenGenerator
import XCTest

/// A module's settings, merged into one attribute set: the sorted flat list the tree keeps must
/// print exactly what merging level by level prints, clashes included (a later value wins at,
/// above and below its path). `NIXGEN_PROPERTY_SEED` replays a run.
final class SettingsTreeTests: XCTestCase {
    /// Merging level by level, as the tree did before it kept a sorted list: the reference.
    indirect enum Node {
        case leaf(NixExpr)
        case branch([(name: String, node: Node)])

        static func insert(_ nodes: inout [(name: String, node: Node)], _ path: ArraySlice<String>, _ expr: NixExpr) {
            let position = nodes.firstIndex { $0.name.utf8.elementsEqual(path.first!.utf8) }
            var children: [(name: String, node: Node)] = []
            if let position {
                if path.count == 1 { nodes[position].node = .leaf(expr); return }
                if case .branch(let existing) = nodes[position].node { children = existing }
                insert(&children, path.dropFirst(), expr)
                nodes[position].node = .branch(children)
                return
            }
            if path.count == 1 { nodes.append((path.first!, .leaf(expr))); return }
            insert(&children, path.dropFirst(), expr)
            nodes.append((path.first!, .branch(children)))
        }

        static func bindings(_ nodes: [(name: String, node: Node)]) -> [NixExpr.Binding] {
            nodes.sorted { $0.name.utf8.lexicographicallyPrecedes($1.name.utf8) }.map { binding([$0.name], $0.node) }
        }

        static func binding(_ path: [String], _ node: Node) -> NixExpr.Binding {
            switch node {
            case .leaf(let expr): return .assign(path, expr)
            case .branch(let children):
                if children.count == 1 { return binding(path + [children[0].name], children[0].node) }
                return .assign(path, .attrs(bindings(children)))
            }
        }
    }

    func testTheTreePrintsWhatMergingLevelByLevelPrints() {
        // Few names, so paths share prefixes and clash often; "é" and "e\u{301}" differ in Nix.
        let names = ["a", "b", "B", "é", "e\u{301}", "a.b", "in"]
        let seed = ProcessInfo.processInfo.environment["NIXGEN_PROPERTY_SEED"].flatMap { UInt64($0) } ?? UInt64.random(in: 0...UInt64.max)
        var random = SplitMix(state: seed)
        for round in 0..<3000 {
            var tree = SettingsTree()
            var reference: [(name: String, node: Node)] = []
            for value in 0..<(1 + random.below(10)) {
                let path = (0..<(1 + random.below(4))).map { _ in names[random.below(names.count)] }
                tree.set(path, .int(value))
                Node.insert(&reference, path[...], .int(value))
            }
            let printed = NixPrinter.print(.attrs(tree.bindings()))
            let expected = NixPrinter.print(.attrs(Node.bindings(reference)))
            if printed != expected {
                XCTFail("round \(round), seed \(seed):\n\(printed)\nexpected\n\(expected)")
                return
            }
        }
    }

    func testALaterValueWinsAtAboveAndBelowItsPath() {
        var tree = SettingsTree()
        tree.set(["a", "b"], .int(1))
        tree.set(["a"], .int(2))
        tree.set(["a", "c"], .int(3))
        tree.set(["x"], .int(4))
        tree.set(["x"], .int(5))
        XCTAssertEqual(NixPrinter.print(.attrs(tree.bindings())), "{\n  a.c = 3;\n  x = 5;\n}")
    }

    struct SplitMix {
        var state: UInt64
        mutating func below(_ bound: Int) -> Int {
            state &+= 0x9E37_79B9_7F4A_7C15
            var z = state
            z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
            z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
            return Int((z ^ (z >> 31)) % UInt64(bound))
        }
    }
}
