import NixGen

import Dispatch

extension Array where Element: Sendable {
    /// `map` over all cores, results in input order. Rendering is pure, so files of different
    /// hosts can be printed at once; order and bytes stay exactly those of a serial map.
    func parallelMap<Result: Sendable>(minimum: Int = 64, _ transform: @Sendable (Element) -> Result) -> [Result] {
        if count < Swift.max(minimum, 2) { return map(transform) }
        let slots = UnsafeMutableBufferPointer<Result?>.allocate(capacity: count)
        slots.initialize(repeating: nil)
        defer { slots.deallocate() }
        nonisolated(unsafe) let output = slots
        let chunks = Swift.min(count, 64)
        let items = self
        DispatchQueue.concurrentPerform(iterations: chunks) { chunk in
            // Each chunk writes only its own indices.
            for index in stride(from: chunk, to: items.count, by: chunks) { output[index] = transform(items[index]) }
        }
        return slots.map { $0! }
    }
}
