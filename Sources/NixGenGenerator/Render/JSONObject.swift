import NixGen

/// A JSON object's members, each key once, sorted by the bytes of the keys: the order every JSON
/// file prints them in, so printing never sorts.
///
/// Keys compare as OPA and Nix compare them, byte for byte; a `[String: JSONValue]` would merge
/// `"é"` and `"e\u{301}"` (canonical equivalence). Small objects are built from literals and by
/// subscript without hashing; large ones (a fleet's hosts) from a sequence, sorted once.
package struct JSONObject: Sendable, Hashable, ExpressibleByDictionaryLiteral, Sequence {
    package struct Member: Sendable, Hashable {
        package var key: String
        package var value: JSONValue

        package static func == (a: Member, b: Member) -> Bool { sameBytes(a.key, b.key) && a.value == b.value }
        package func hash(into hasher: inout Hasher) {
            hashBytes(key, into: &hasher)
            hasher.combine(value)
        }
    }

    /// Sorted by the bytes of `key`, each key once.
    package private(set) var members: [Member] = []

    package init() {}

    /// Members in any order; of keys given twice (byte for byte) the last value stays, as a
    /// dictionary's assignment would keep it, or the first with `keepingFirst`.
    package init(_ pairs: some Sequence<(String, JSONValue)>, keepingFirst: Bool = false) {
        var all = pairs.map { Member(key: $0.0, value: $0.1) }
        // Often given sorted already (a fleet's hosts, by name): then one pass, no sort.
        let sorted = all.withUnsafeBufferPointer { members in
            members.indices.dropFirst().allSatisfy { Self.precedes(members[$0 - 1].key, members[$0].key) }
        }
        if sorted {
            members = all
            return
        }
        if all.count <= 16 {
            // Literals: a stable insertion sort in place, no allocation beyond the members.
            for index in all.indices.dropFirst() {
                var position = index
                while position > 0, Self.precedes(all[index].key, all[position - 1].key) { position -= 1 }
                if position < index { all.insert(all.remove(at: index), at: position) }
            }
        } else {
            let order = all.indices.sorted { Self.precedes(all[$0].key, all[$1].key) || (!Self.precedes(all[$1].key, all[$0].key) && $0 < $1) }
            all = order.map { all[$0] }
        }
        // Keys given twice stand next to each other now, in the order they were given.
        var unique = 0
        for index in all.indices {
            if unique > 0, sameBytes(all[unique - 1].key, all[index].key) {
                if !keepingFirst { all[unique - 1] = all[index] }
            } else {
                if unique != index { all[unique] = all[index] }
                unique += 1
            }
        }
        all.removeLast(all.count - unique)
        members = all
    }

    package init(_ dictionary: [String: JSONValue]) { self.init(dictionary.lazy.map { ($0.key, $0.value) }) }

    package init(dictionaryLiteral elements: (String, JSONValue)...) { self.init(elements) }

    package var isEmpty: Bool { members.isEmpty }

    /// The member of exactly this key (byte for byte); setting keeps the order.
    package subscript(key: String) -> JSONValue? {
        get {
            let (index, present) = slot(of: key)
            return present ? members[index].value : nil
        }
        set {
            let (index, present) = slot(of: key)
            switch (present, newValue) {
            case (true, let value?): members[index].value = value
            case (true, nil): members.remove(at: index)
            case (false, let value?): members.insert(Member(key: key, value: value), at: index)
            case (false, nil): break
            }
        }
    }

    package func makeIterator() -> some IteratorProtocol<(key: String, value: JSONValue)> {
        members.lazy.map { (key: $0.key, value: $0.value) }.makeIterator()
    }

    /// The first index whose key is not before `key`, and whether the key stands there.
    private func slot(of key: String) -> (index: Int, present: Bool) {
        var low = 0, high = members.count
        while low < high {
            let middle = (low + high) / 2
            if Self.precedes(members[middle].key, key) { low = middle + 1 } else { high = middle }
        }
        return (low, low < members.count && sameBytes(members[low].key, key))
    }

    private static func precedes(_ a: String, _ b: String) -> Bool { compareBytes(a, b) < 0 }
}
