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
