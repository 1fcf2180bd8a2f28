import Foundation
import NixGenGenerator
import XCTest

/// `parallelMap` is how rendering uses every core; it must behave as `map` does.
final class ParallelTests: XCTestCase {
    /// Counts the instances alive, to see every result released once the caller drops it.
    private final class Tracked: @unchecked Sendable {
        private static let lock = NSLock()
        nonisolated(unsafe) private static var count = 0
        static var alive: Int {
            get { lock.withLock { count } }
            set { lock.withLock { count = newValue } }
        }
        let value: Int
        init(_ value: Int) {
            self.value = value
            Self.lock.withLock { Self.count += 1 }
        }
        deinit { Self.lock.withLock { Self.count -= 1 } }
    }

    func testResultsComeInOrderAndAreReleasedWithTheArray() {
        Tracked.alive = 0
        do {
            let results = Array(0..<5_000).parallelMap { Tracked($0) }
            XCTAssertEqual(results.map(\.value), Array(0..<5_000))
        }
        // Deallocating the slots without deinitializing them kept every result alive: a render
        // kept all it printed on all cores until the process ended (80 MB per 10,000 hosts).
        XCTAssertEqual(Tracked.alive, 0, "results of parallelMap were never released")
    }

    func testPrintedRunsKeepEveryElementsBytesInOrder() {
        for count in [0, 1, 63, 64, 65, 1_000] {
            let elements = Array(0..<count)
            var printed = PrintedRuns(elements) { element, bytes in bytes.append(contentsOf: "<\(element)>".utf8) }
            let expected = elements.map { "<\($0)>" }
            XCTAssertEqual(printed.sizes, expected.map(\.utf8.count), "\(count) elements")
            XCTAssertEqual(printed.byteCount, expected.joined().utf8.count)
            var drained: [String] = []
            printed.drain { drained.append(String(decoding: $0, as: UTF8.self)) }
            XCTAssertEqual(drained, expected, "\(count) elements")
            XCTAssertEqual(printed.byteCount, 0, "buffers are released once drained")
        }
    }
}
