/// An attribute set's members, with names compared as Nix compares them: byte for byte.
///
/// Swift's `String` equality is canonical equivalence, so a `[String: NixValue]` would merge
/// `"é"` and `"e\u{301}"`, which Nix keeps apart; here they stay two members. A dictionary literal
/// that names one key twice keeps the last value and records the name, and validation reports it,
/// instead of the last one winning without a word.
public struct NixAttributes: Sendable, Hashable, Codable, ExpressibleByDictionaryLiteral, Sequence {
    public struct Member: Sendable, Codable {
        public var name: String
        public var value: NixValue
    }

    /// The members, sorted by the bytes of their names (Nix's order), each name once.
    public private(set) var members: [Member]
    /// Names a literal gave more than once, byte for byte; validation reports them.
    public private(set) var repeatedNames: [String] = []

    /// Members in any order; a repeated name keeps its last value and is recorded.
    public init(_ pairs: some Sequence<(String, NixValue)>) {
        var index: [[UInt8]: Int] = [:]
        var members: [Member] = []
        var repeated: [String] = []
        for (name, value) in pairs {
            let bytes = Array(name.utf8)
            if let existing = index[bytes] {
                members[existing].value = value
                repeated.append(name)
            } else {
                index[bytes] = members.count
                members.append(Member(name: name, value: value))
            }
        }
        self.members = members.sorted { compareBytes($0.name, $1.name) < 0 }
        self.repeatedNames = repeated
    }

    /// From a Swift dictionary, whose keys are already unique (in Swift's sense).
    public init(_ dictionary: [String: NixValue]) { self.init(dictionary.map { ($0.key, $0.value) }) }

    public init(dictionaryLiteral elements: (String, NixValue)...) { self.init(elements) }

    /// The names, in Nix's order.
    public var keys: [String] { members.map(\.name) }
    public var values: [NixValue] { members.map(\.value) }
    public var isEmpty: Bool { members.isEmpty }
    public var count: Int { members.count }

    /// The member of exactly this name (byte for byte).
    public subscript(name: String) -> NixValue? {
        members.first { sameBytes($0.name, name) }?.value
    }

    public func mapValues(_ transform: (NixValue) throws -> NixValue) rethrows -> NixAttributes {
        var copy = self
        for index in copy.members.indices { copy.members[index].value = try transform(copy.members[index].value) }
        return copy
    }

    public func makeIterator() -> AnyIterator<(key: String, value: NixValue)> {
        var iterator = members.makeIterator()
        return AnyIterator { iterator.next().map { (key: $0.name, value: $0.value) } }
    }
}

extension NixAttributes.Member: Hashable {
    public static func == (a: Self, b: Self) -> Bool { sameBytes(a.name, b.name) && a.value == b.value }
    public func hash(into hasher: inout Hasher) {
        hashBytes(name, into: &hasher)
        hasher.combine(value)
    }
}
