import NixGen

/// Option paths merged into one nested attribute set, printed the way nixfmt users write it:
/// a chain of single children collapses into a dotted path (`settings.server = { ... }`).
struct SettingsTree {
    indirect enum Node {
        case leaf(NixExpr)
        case branch([String: Node])
    }

    private(set) var root: [String: Node] = [:]

    var isEmpty: Bool { root.isEmpty }

    /// Sets `path` to `expr`; a later value at the same path wins (validation reports the clash).
    mutating func set(_ path: [String], _ expr: NixExpr) {
        guard !path.isEmpty else { return }
        SettingsTree.insert(&root, path[...], expr)
    }

    /// Sets `path` to a typed value; attribute sets merge key by key with other settings.
    mutating func set(_ path: AttrPath, value: NixValue, resolver: ValueResolver) {
        if case .attrs(let attrs) = value, !attrs.isEmpty {
            for key in attrs.keys.sorted() { set(path.appending(key), value: attrs[key]!, resolver: resolver) }
        } else {
            set(path.components, resolver.expr(value))
        }
    }

    private static func insert(_ nodes: inout [String: Node], _ path: ArraySlice<String>, _ expr: NixExpr) {
        let key = path.first!
        if path.count == 1 {
            nodes[key] = .leaf(expr)
            return
        }
        var children: [String: Node] = [:]
        if case .branch(let existing) = nodes[key] { children = existing }
        insert(&children, path.dropFirst(), expr)
        nodes[key] = .branch(children)
    }

    /// Sorted bindings with single-child chains collapsed.
    func bindings() -> [NixExpr.Binding] { SettingsTree.bindings(root) }

    private static func bindings(_ nodes: [String: Node]) -> [NixExpr.Binding] {
        nodes.keys.sorted().map { key in binding([key], nodes[key]!) }
    }

    private static func binding(_ path: [String], _ node: Node) -> NixExpr.Binding {
        switch node {
        case .leaf(let expr): return .assign(path, expr)
        case .branch(let children):
            if children.count == 1, let (key, child) = children.first {
                return binding(path + [key], child)
            }
            return .assign(path, .attrs(bindings(children)))
        }
    }
}
