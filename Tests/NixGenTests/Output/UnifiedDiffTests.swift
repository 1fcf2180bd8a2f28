import NixGen
import NixGenCLICore
import NixGenGenerator
import XCTest

final class UnifiedDiffTests: XCTestCase {
    func testEqualTextsHaveNoDiff() {
        XCTAssertEqual(UnifiedDiff.diff(path: "f", old: "a\n", new: "a\n"), "")
    }

    func testHunksCarryContextAndRanges() {
        let old = (1...10).map { "line \($0)\n" }.joined()
        let new = old.replacingOccurrences(of: "line 5\n", with: "line five\n")
        XCTAssertEqual(UnifiedDiff.diff(path: "f", old: old, new: new), """
            --- a/f
            +++ b/f
            @@ -2,7 +2,7 @@
             line 2
             line 3
             line 4
            -line 5
            +line five
             line 6
             line 7
             line 8

            """)
    }

    func testCreatedAndDeletedFiles() {
        XCTAssertEqual(UnifiedDiff.diff(path: "f", old: nil, new: "a\nb\n"), "--- /dev/null\n+++ b/f\n@@ -0,0 +1,2 @@\n+a\n+b\n")
        XCTAssertEqual(UnifiedDiff.diff(path: "f", old: "a\n", new: nil), "--- a/f\n+++ /dev/null\n@@ -1 +0,0 @@\n-a\n")
    }

    func testMissingFinalNewlineIsMarked() {
        XCTAssertEqual(UnifiedDiff.diff(path: "f", old: "a", new: "a\n"),
                       "--- a/f\n+++ b/f\n@@ -1 +1 @@\n-a\n\\ No newline at end of file\n+a\n")
    }

    /// Equal bytes only: texts that differ in Unicode normalisation alone differ on disk.
    func testTextsEqualOnlyInSwiftsSenseDiffer() {
        XCTAssertNotEqual(UnifiedDiff.diff(path: "f", old: "caf\u{E9}\n", new: "cafe\u{301}\n"), "")
    }

    /// Random edits, small and wholesale (beyond the search limit), applied back: the new text.
    func testDiffsApplyBackToTheNewText() {
        let seed = ProcessInfo.processInfo.environment["NIXGEN_PROPERTY_SEED"].flatMap(UInt64.init) ?? UInt64.random(in: 0...UInt64.max)
        var random = StringPropertyTests.Generator(state: seed)
        for round in 0..<300 {
            let lines = Int.random(in: 0...60, using: &random)
            let old = (0..<lines).map { _ in "l\(Int.random(in: 0...9, using: &random))" }
            var new = old
            for _ in 0..<Int.random(in: 0...8, using: &random) {
                let at = Int.random(in: 0...new.count, using: &random)
                if Bool.random(using: &random), at < new.count { new.remove(at: at) } else { new.insert("n\(Int.random(in: 0...9, using: &random))", at: at) }
            }
            let oldText = old.map { $0 + "\n" }.joined(), newText = new.map { $0 + "\n" }.joined()
            let diff = UnifiedDiff.diff(path: "f", old: oldText, new: newText)
            XCTAssertEqual(Self.apply(diff, to: old), new, "seed \(seed), round \(round) (replay with NIXGEN_PROPERTY_SEED=\(seed))\n\(diff)")
        }
        // Every line different, past the limit of the search: the middle is replaced whole.
        let old = (0..<(UnifiedDiff.searchLimit + 10)).map { "old \($0)" }, new = ["same"] + (0..<(UnifiedDiff.searchLimit + 10)).map { "new \($0)" } + ["end"]
        let diff = UnifiedDiff.diff(path: "f", old: (["same"] + old + ["end"]).map { $0 + "\n" }.joined(), new: new.map { $0 + "\n" }.joined())
        XCTAssertEqual(Self.apply(diff, to: ["same"] + old + ["end"]), new)
    }

    /// A file of 300,000 lines created, deleted or rewritten: linear, where the full search
    /// needed memory in the square of the length (a `render --check` of a large fleet into an
    /// empty folder ran out of memory).
    func testLargeFilesDiffInLinearTime() {
        let big = (0..<300_000).map { "line \($0)\n" }.joined()
        let rewritten = (0..<300_000).map { "other \($0)\n" }.joined()
        XCTAssertEqual(UnifiedDiff.diff(path: "f", old: nil, new: big).split(separator: "\n").count, 300_003)
        XCTAssertEqual(UnifiedDiff.diff(path: "f", old: big, new: nil).split(separator: "\n").count, 300_003)
        XCTAssertEqual(UnifiedDiff.diff(path: "f", old: big, new: rewritten).split(separator: "\n").count, 600_003)
    }

    /// Applies a unified diff of one file (as `patch` would) to the old lines.
    private static func apply(_ diff: String, to old: [String]) -> [String] {
        var result: [String] = [], position = 0
        for line in diff.split(separator: "\n", omittingEmptySubsequences: false) {
            if line.hasPrefix("@@ ") {
                let oldRange = line.split(separator: " ")[1].dropFirst().split(separator: ",")
                let start = Int(oldRange[0])!, count = oldRange.count > 1 ? Int(oldRange[1])! : 1
                let target = count == 0 ? start : start - 1
                result += old[position..<target]
                position = target
            } else if line.hasPrefix(" ") {
                XCTAssertEqual(String(line.dropFirst()), old[position]); result.append(old[position]); position += 1
            } else if line.hasPrefix("-"), !line.hasPrefix("---") {
                XCTAssertEqual(String(line.dropFirst()), old[position]); position += 1
            } else if line.hasPrefix("+"), !line.hasPrefix("+++") {
                result.append(String(line.dropFirst()))
            }
        }
        return result + old[position...]
    }
}
