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

        package static func == (a: Member, b: Member) -> Bool { a.key.utf8.elementsEqual(b.key.utf8) && a.value == b.value }
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
        var all = pairs.enumerated().map { (offset: $0.offset, member: Member(key: $0.element.0, value: $0.element.1)) }
        all.sort { Self.precedes($0.member.key, $1.member.key) || (!Self.precedes($1.member.key, $0.member.key) && $0.offset < $1.offset) }
        members.reserveCapacity(all.count)
        for item in all {
            if let last = members.last, last.key.utf8.elementsEqual(item.member.key.utf8) {
                if !keepingFirst { members[members.count - 1] = item.member }
            } else {
                members.append(item.member)
            }
        }
    }

    package init(_ dictionary: [String: JSONValue]) { self.init(dictionary.lazy.map { ($0.key, $0.value) }) }

    package init(dictionaryLiteral elements: (String, JSONValue)...) { self.init(elements) }

    package var isEmpty: Bool { members.isEmpty }
    package var count: Int { members.count }
    package var keys: [String] { members.map(\.key) }

    /// The member of exactly this key (byte for byte); setting keeps the order.
    package subscript(key: String) -> JSONValue? {
        get {
            let index = position(of: key)
            return index < members.count && members[index].key.utf8.elementsEqual(key.utf8) ? members[index].value : nil
        }
        set {
            let index = position(of: key)
            let present = index < members.count && members[index].key.utf8.elementsEqual(key.utf8)
            switch (present, newValue) {
            case (true, let value?): members[index].value = value
            case (true, nil): members.remove(at: index)
            case (false, let value?): members.insert(Member(key: key, value: value), at: index)
            case (false, nil): break
            }
        }
    }

    package func mapValues(_ transform: (JSONValue) throws -> JSONValue) rethrows -> JSONObject {
        var copy = self
        for index in copy.members.indices { copy.members[index].value = try transform(copy.members[index].value) }
        return copy
    }

    package func makeIterator() -> some IteratorProtocol<(key: String, value: JSONValue)> {
        members.lazy.map { (key: $0.key, value: $0.value) }.makeIterator()
    }

    /// The first index whose key is not before `key`.
    private func position(of key: String) -> Int {
        var low = 0, high = members.count
        while low < high {
            let middle = (low + high) / 2
            if Self.precedes(members[middle].key, key) { low = middle + 1 } else { high = middle }
        }
        return low
    }

    private static func precedes(_ a: String, _ b: String) -> Bool { a.utf8.lexicographicallyPrecedes(b.utf8) }
}
