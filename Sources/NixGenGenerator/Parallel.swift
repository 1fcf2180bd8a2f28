import NixGen

import Dispatch

extension Array where Element: Sendable {
    /// `map` over all cores, results in input order. Rendering is pure, so files of different
    /// hosts can be printed at once; order and bytes stay exactly those of a serial map.
    package func parallelMap<Result: Sendable>(minimum: Int = 64, _ transform: @Sendable (Element) -> Result) -> [Result] {
        if count < Swift.max(minimum, 2) { return map(transform) }
        let slots = UnsafeMutableBufferPointer<Result?>.allocate(capacity: count)
        slots.initialize(repeating: nil)
        // Deallocating alone would not release the results the slots still hold: every file
        // rendered on all cores stayed in memory until the process ended.
        defer {
            slots.deinitialize()
            slots.deallocate()
        }
        nonisolated(unsafe) let output = slots
        let chunks = Swift.min(count, 64)
        let items = self
        DispatchQueue.concurrentPerform(iterations: chunks) { chunk in
            // Each chunk writes only its own indices.
            for index in stride(from: chunk, to: items.count, by: chunks) { output[index] = transform(items[index]) }
        }
        return slots.indices.map { index in
            // Moved out, not copied: the slot is left empty for the deinitialization above.
            let result = (slots.baseAddress! + index).move()
            (slots.baseAddress! + index).initialize(to: nil)
            return result!
        }
    }
}

/// Elements printed on all cores: each run of neighbours into one buffer, in order.
package struct PrintedRuns: Sendable {
    /// Each run's bytes, and where in them each of its elements ends.
    private var runs: [(bytes: [UInt8], ends: [Int])]

    /// One buffer per run (at most 64 runs) rather than one per element: thousands of small
    /// buffers, each grown a few times, cost more than printing into them, and their freed memory
    /// would lie scattered among what is rendered next.
    package init<Element: Sendable>(_ elements: [Element], _ print: @Sendable (Element, inout [UInt8]) -> Void) {
        let count = elements.count, runs = Swift.min(count, 64)
        self.runs = Array(0..<runs).parallelMap(minimum: 2) { run in
            var bytes: [UInt8] = [], ends: [Int] = []
            for element in elements[run * count / runs..<(run + 1) * count / runs] {
                print(element, &bytes)
                ends.append(bytes.count)
            }
            return (bytes, ends)
        }
    }

    /// The printed size of all elements.
    package var byteCount: Int { runs.reduce(0) { $0 + $1.bytes.count } }

    /// The printed size of each element, in order.
    package var sizes: [Int] {
        runs.flatMap { run in run.ends.indices.map { run.ends[$0] - ($0 == 0 ? 0 : run.ends[$0 - 1]) } }
    }

    /// Calls `body` with each element's bytes, in order; each run's buffer is freed once read.
    package mutating func drain(_ body: (UnsafeRawBufferPointer) -> Void) {
        for run in runs.indices {
            runs[run].bytes.withUnsafeBytes { bytes in
                var start = 0
                for end in runs[run].ends {
                    body(UnsafeRawBufferPointer(rebasing: bytes[start..<end]))
                    start = end
                }
            }
            runs[run] = ([], [])
        }
    }
}
