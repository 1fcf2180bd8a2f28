import NixGen

/// Option paths merged into one nested attribute set, printed the way nixfmt users write it:
/// a chain of single children collapses into a dotted path (`settings.server = { ... }`).
struct SettingsTree {
    /// An attribute name compared as Nix compares it, byte for byte (Swift's `String` equality
    /// would merge canonically equivalent names into one attribute).
    struct Name: Hashable {
        var text: String
        static func == (a: Name, b: Name) -> Bool { a.text.utf8.elementsEqual(b.text.utf8) }
        func hash(into hasher: inout Hasher) { hashBytes(text, into: &hasher) }
    }

    indirect enum Node {
        case leaf(NixExpr)
        case branch([Name: Node])
    }

    private(set) var root: [Name: Node] = [:]

    var isEmpty: Bool { root.isEmpty }

    /// Sets `path` to `expr`; a later value at the same path wins (validation reports the clash).
    mutating func set(_ path: [String], _ expr: NixExpr) {
        guard !path.isEmpty else { return }
        SettingsTree.insert(&root, path[...], expr)
    }

    /// Sets `path` to a typed value; attribute sets merge key by key with other settings.
    mutating func set(_ path: AttrPath, value: NixValue, resolver: ValueResolver) {
        if case .attrs(let attrs) = value, !attrs.isEmpty {
            for (key, member) in attrs { set(path.appending(key), value: member, resolver: resolver) }
        } else {
            set(path.components, resolver.expr(value))
        }
    }

    private static func insert(_ nodes: inout [Name: Node], _ path: ArraySlice<String>, _ expr: NixExpr) {
        let key = Name(text: path.first!)
        if path.count == 1 {
            nodes[key] = .leaf(expr)
            return
        }
        // Taken out of the parent first, so the children are mutated in place, not copied per insert.
        var children: [Name: Node] = [:]
        if case .branch(let existing) = nodes.removeValue(forKey: key) { children = existing }
        insert(&children, path.dropFirst(), expr)
        nodes[key] = .branch(children)
    }

    /// Sorted bindings with single-child chains collapsed.
    func bindings() -> [NixExpr.Binding] { SettingsTree.bindings(root) }

    /// In Nix's order: by the bytes of the names.
    private static func bindings(_ nodes: [Name: Node]) -> [NixExpr.Binding] {
        nodes.keys.sorted { $0.text.utf8.lexicographicallyPrecedes($1.text.utf8) }.map { key in binding([key.text], nodes[key]!) }
    }

    private static func binding(_ path: [String], _ node: Node) -> NixExpr.Binding {
        switch node {
        case .leaf(let expr): return .assign(path, expr)
        case .branch(let children):
            if children.count == 1, let (key, child) = children.first {
                return binding(path + [key.text], child)
            }
            return .assign(path, .attrs(bindings(children)))
        }
    }
}
