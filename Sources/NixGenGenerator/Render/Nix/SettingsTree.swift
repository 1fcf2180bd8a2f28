import Foundation
import NixGen

/// Option paths merged into one nested attribute set, printed the way nixfmt users write it:
/// a chain of single children collapses into a dotted path (`settings.server = { ... }`).
///
/// Kept as the list of paths set, in order, and nested only when printed: sorting a module's few
/// dozen paths once is several times cheaper than a dictionary per level with a hashed lookup for
/// every component of every path (that was most of the time spent building a host's file).
package struct SettingsTree {
    private var entries: [(path: [String], expr: NixExpr)] = []

    package init() {}

    package var isEmpty: Bool { entries.isEmpty }

    /// Sets `path` to `expr`. A later value wins over an earlier one at the same path, below it
    /// (`a = 1` replaces `a.b = 2`) or above it (`a.b = 2` replaces `a = 1`); validation reports
    /// such clashes, so a valid fleet has none.
    package mutating func set(_ path: [String], _ expr: NixExpr) {
        guard !path.isEmpty else { return }
        entries.append((path, expr))
    }

    /// Sets `path` to a typed value; attribute sets merge key by key with other settings.
    mutating func set(_ path: AttrPath, value: NixValue, resolver: ValueResolver) {
        if case .attrs(let attrs) = value, !attrs.isEmpty {
            for (key, member) in attrs { set(path.appending(key), value: member, resolver: resolver) }
        } else {
            set(path.components, resolver.expr(value))
        }
    }

    /// Sorted bindings with single-child chains collapsed.
    package func bindings() -> [NixExpr.Binding] {
        let sorted = SettingsTree.sortedIndices(entries)
        let live = SettingsTree.survivors(sorted, entries)
        return SettingsTree.groups(live[...], depth: 0, entries).map { group in
            SettingsTree.binding([entries[group.first!].path[0]], group, depth: 0, entries)
        }
    }

    /// The entries' indices in Nix's order: component by component, by the bytes of the names;
    /// equal paths in the order they were set. Each path is compared as its components' bytes
    /// joined by NUL, which no name holds (validation refuses it) and which sorts below every
    /// other byte, so the joined order is the component order; kept in one buffer, the sort
    /// neither copies nor counts references to a path (a third of nesting a host's settings was that).
    private static func sortedIndices(_ entries: [(path: [String], expr: NixExpr)]) -> [Int] {
        var bytes: [UInt8] = []
        var spans: [(start: Int, count: Int)] = []
        spans.reserveCapacity(entries.count)
        for entry in entries {
            let start = bytes.count
            for (position, component) in entry.path.enumerated() {
                if position > 0 { bytes.append(0) }
                withUTF8Bytes(component) { bytes.append(contentsOf: $0) }
            }
            spans.append((start, bytes.count - start))
        }
        return bytes.withUnsafeBufferPointer { buffer in
            let base = buffer.baseAddress
            return entries.indices.sorted { a, b in
                let x = spans[a], y = spans[b]
                let order = min(x.count, y.count) == 0 ? 0 : memcmp(base! + x.start, base! + y.start, min(x.count, y.count))
                if order != 0 { return order < 0 }
                return x.count != y.count ? x.count < y.count : a < b
            }
        }
    }

    /// The entries no later entry overrides: none set later has a path equal to, above or below
    /// theirs. In sorted order a path's ancestors precede it and its descendants follow it at
    /// once, so one pass with a stack of the open ancestors decides every entry.
    private static func survivors(_ sorted: [Int], _ entries: [(path: [String], expr: NixExpr)]) -> [Int] {
        // Per open entry: its index, the latest index among its ancestors, among its descendants.
        var stack: [(index: Int, above: Int, below: Int)] = []
        var dead = [Bool](repeating: false, count: entries.count)
        func close() {
            let top = stack.removeLast()
            if top.above > top.index || top.below > top.index { dead[top.index] = true }
            if !stack.isEmpty { stack[stack.count - 1].below = max(stack[stack.count - 1].below, top.below, top.index) }
        }
        for index in sorted {
            while let top = stack.last, !isPrefix(entries[top.index].path, of: entries[index].path) { close() }
            let above = stack.last.map { max($0.above, $0.index) } ?? -1
            stack.append((index, above, -1))
        }
        while !stack.isEmpty { close() }
        return sorted.filter { !dead[$0] }
    }

    /// Consecutive runs of `entries` (sorted, none a prefix of another) with the same name at `depth`.
    private static func groups(_ run: ArraySlice<Int>, depth: Int, _ entries: [(path: [String], expr: NixExpr)]) -> [ArraySlice<Int>] {
        run.runs { sameBytes(entries[$0].path[depth], entries[$1].path[depth]) }
    }

    /// The binding of the entries below `path` (their components up to `depth`).
    private static func binding(_ path: [String], _ run: ArraySlice<Int>, depth: Int,
                                _ entries: [(path: [String], expr: NixExpr)]) -> NixExpr.Binding {
        let first = entries[run.first!]
        if first.path.count == depth + 1 { return .assign(path, first.expr) }
        let children = groups(run, depth: depth + 1, entries)
        if children.count == 1 { return binding(path + [first.path[depth + 1]], run, depth: depth + 1, entries) }
        return .assign(path, .attrs(children.map { child in
            binding([entries[child.first!].path[depth + 1]], child, depth: depth + 1, entries)
        }))
    }

    private static func isPrefix(_ a: [String], of b: [String]) -> Bool {
        a.count <= b.count && zip(a, b).allSatisfy { sameBytes($0, $1) }
    }
}
