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
}
