import NixGen

/// A Nix expression as a typed tree. Every generated `.nix` file is built from these and printed
/// by `NixPrinter`, the one place that knows Nix syntax: no user string is ever pasted into Nix text.
package enum NixExpr: Sendable, Hashable {
    case null
    case bool(Bool)
    case int(Int)
    case float(Double)
    case string(String)
    /// A string with `${...}` interpolations; text parts are escaped, expressions are printed.
    case interpolated([StringPart])
    /// A path literal relative to the file, e.g. `../services/forgejo.nix`.
    case path(String)
    case variable(String)
    /// `base.a.b`, or `base.a.b or fallback`.
    indirect case select(NixExpr, [String], or: NixExpr?)
    case list([NixExpr])
    case attrs(AttrSet)
    /// `function argument`; curried for several arguments.
    indirect case apply(NixExpr, NixExpr)
    indirect case lambda(Parameter, NixExpr)
    indirect case letIn([Binding], NixExpr)
    indirect case binary(NixExpr, BinaryOperator, NixExpr)
    indirect case not(NixExpr)
    indirect case ifThenElse(NixExpr, NixExpr, NixExpr)
    /// `base.${key}`: selecting an attribute by a computed name.
    indirect case selectDynamic(NixExpr, NixExpr)
    /// A multi-line `'' ... ''` string for nixgen's own scripts; text is escaped for indented strings.
    case indented([StringPart])
    /// Nix text from the fleet (`.nix(...)`): printed in parentheses after a marking comment.
    case raw(String)
    /// An expression built as it is printed (see `DeferredNix`).
    case deferred(DeferredNix)

    package enum StringPart: Sendable, Hashable {
        case text(String)
        case interpolation(NixExpr)
    }

    package enum Parameter: Sendable, Hashable {
        case name(String)
        /// `{ a, b, ... }`
        case pattern([String], ellipsis: Bool)
    }

    package enum BinaryOperator: String, Sendable, Hashable {
        case equal = "=="
        case notEqual = "!="
        case and = "&&"
        case or = "||"
        case update = "//"
        case concat = "++"
        case plus = "+"
        /// `set ? attr.path`: the right side is printed as an attribute path.
        case hasAttribute = "?"
    }

    /// An attribute set. `spaced` puts a blank line between bindings, as in a module's top level.
    package struct AttrSet: Sendable, Hashable {
        package var bindings: [Binding]
        package var recursive: Bool
        package var spaced: Bool

        package init(_ bindings: [Binding], recursive: Bool = false, spaced: Bool = false) {
            self.bindings = bindings
            self.recursive = recursive
            self.spaced = spaced
        }
    }

    package enum Binding: Sendable, Hashable {
        case assign([String], NixExpr)
        /// `inherit (from) a b;` or `inherit a b;`
        case inherit(from: NixExpr?, [String])
    }
}

extension NixExpr {
    /// `{ ... }` from bindings.
    package static func attrs(_ bindings: [Binding], spaced: Bool = false) -> NixExpr {
        .attrs(AttrSet(bindings, spaced: spaced))
    }

    /// A dotted reference such as `config.nixgen.services`.
    package static func ref(_ dotted: String) -> NixExpr {
        let parts = dotted.split(separator: ".").map(String.init)
        let head = NixExpr.variable(parts[0])
        return parts.count == 1 ? head : .select(head, Array(parts.dropFirst()), or: nil)
    }

    /// `function a b c`.
    package static func call(_ function: NixExpr, _ arguments: NixExpr...) -> NixExpr {
        arguments.reduce(function) { .apply($0, $1) }
    }

    package static func call(_ function: String, _ arguments: NixExpr...) -> NixExpr {
        arguments.reduce(ref(function)) { .apply($0, $1) }
    }

    /// The Nix form of a value without references (nixgen's own data); references need a
    /// `ValueResolver`, which knows the fleet.
    package init(_ value: NixValue) {
        let resolver = ValueResolver(plan: nil, service: nil)
        self = resolver.expr(value)
    }

    /// The Nix form of JSON data: the inventory and the port registry are JSON-shaped.
    package init(_ json: JSONValue) {
        switch json {
        case .null: self = .null
        case .bool(let b): self = .bool(b)
        case .int(let i): self = .int(i)
        case .string(let s): self = .string(s)
        case .array(let items): self = .list(items.map(NixExpr.init))
        case .object(let members): self = .attrs(members.members.map { .assign([$0.key], NixExpr($0.value)) })
        case .deferred(let value): self = .deferred(DeferredNix { NixExpr(value.build()) })
        case .printed: preconditionFailure("printed JSON belongs in JSON files only; the Nix tree converts unprinted data")
        }
    }
}

/// An expression built only as it is printed: a binding of a large attribute set is printed on
/// all cores, each built in its turn, so a fleet's inventory never exists whole as a tree.
package final class DeferredNix: @unchecked Sendable, Hashable {
    let build: @Sendable () -> NixExpr

    package init(_ build: @escaping @Sendable () -> NixExpr) { self.build = build }

    package static func == (a: DeferredNix, b: DeferredNix) -> Bool { a === b }
    package func hash(into hasher: inout Hasher) { hasher.combine(ObjectIdentifier(self)) }
}
