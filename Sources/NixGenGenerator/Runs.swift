extension Collection {
    /// The collection cut into consecutive runs of elements `together` says belong with the run's
    /// first: on a sorted collection, its groups of equal keys. Sorting and cutting into runs is
    /// how per-host checks and data group a few dozen items (a dictionary per host cost more).
    func runs(_ together: (Element, Element) -> Bool) -> [SubSequence] {
        var result: [SubSequence] = []
        var start = startIndex
        while start != endIndex {
            var end = index(after: start)
            while end != endIndex, together(self[start], self[end]) { formIndex(after: &end) }
            result.append(self[start..<end])
            start = end
        }
        return result
    }
}
