/// A value's stored fields in one box that copies of the value share until one of them is changed,
/// as `Array` shares its elements: copying the value counts one reference instead of one per field.
/// `Service` and `Host` keep their fields in one (the fleet copies and compares them per host).
struct CopyOnWrite<Fields: Sendable & Hashable & Codable>: Sendable, Hashable, Codable {
    /// Changed only while one value holds it (`fields`' `_modify` copies it first otherwise), so
    /// never while it is shared between threads.
    private final class Box: @unchecked Sendable {
        var fields: Fields
        init(_ fields: Fields) { self.fields = fields }
    }

    private var box: Box

    init(_ fields: Fields) { box = Box(fields) }

    /// The fields; changing them copies the box first when another value shares it.
    var fields: Fields {
        _read { yield box.fields }
        _modify {
            if !isKnownUniquelyReferenced(&box) { box = Box(box.fields) }
            yield &box.fields
        }
    }

    static func == (a: Self, b: Self) -> Bool { a.box === b.box || a.box.fields == b.box.fields }
    func hash(into hasher: inout Hasher) { box.fields.hash(into: &hasher) }
    /// Encoded as the fields themselves, so the value encodes as it did with them stored in it.
    init(from decoder: any Decoder) throws { box = Box(try Fields(from: decoder)) }
    func encode(to encoder: any Encoder) throws { try box.fields.encode(to: encoder) }

    /// The fields' own mirror, for the value's `customMirror`: it prints as it did.
    func mirror(of value: Any) -> Mirror { Mirror(value, children: Mirror(reflecting: box.fields).children, displayStyle: .struct) }
}
