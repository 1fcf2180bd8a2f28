import NixGen

/// Line diffs in unified format (Myers' algorithm), shared by `render --check`, `diff` and the
/// golden tests, so what CI shows is what a developer sees locally.
package enum UnifiedDiff {
    /// The unified diff of one file, empty when equal. `nil` text means the file does not exist.
    package static func diff(path: String, old: String?, new: String?, context: Int = 3) -> String {
        if old?.utf8.elementsEqual(new?.utf8 ?? "".utf8) == true && (old == nil) == (new == nil) { return "" }
        let a = lines(old), b = lines(new)
        var out = "--- " + (old == nil ? "/dev/null" : "a/" + path) + "\n"
        out += "+++ " + (new == nil ? "/dev/null" : "b/" + path) + "\n"
        let edits = script(a, b)
        var index = 0
        while index < edits.count {
            guard let firstChange = edits[index...].firstIndex(where: { $0.kind != .same }) else { break }
            var start = max(index, firstChange - context)
            if start < index { start = index }
            var end = firstChange
            // Extend the hunk while the next change is within 2 × context lines.
            while true {
                guard let nextSame = edits[end...].firstIndex(where: { $0.kind == .same }) else { end = edits.count; break }
                guard let nextChange = edits[nextSame...].firstIndex(where: { $0.kind != .same }) else {
                    end = min(edits.count, nextSame + context); break
                }
                if nextChange - nextSame > 2 * context { end = nextSame + context; break }
                end = nextChange
            }
            let hunk = edits[start..<end]
            let oldStart = hunk.first!.oldLine, newStart = hunk.first!.newLine
            let oldCount = hunk.filter { $0.kind != .insert }.count
            let newCount = hunk.filter { $0.kind != .delete }.count
            out += "@@ -\(range(oldStart, oldCount)) +\(range(newStart, newCount)) @@\n"
            for edit in hunk {
                let prefix = edit.kind == .same ? " " : edit.kind == .delete ? "-" : "+"
                out += prefix + edit.text + "\n"
                if edit.missingNewline { out += "\\ No newline at end of file\n" }
            }
            index = end
        }
        return out
    }

    private static func range(_ start: Int, _ count: Int) -> String {
        let shown = count == 0 ? start - 1 : start
        return count == 1 ? "\(shown)" : "\(shown),\(count)"
    }

    private struct Line: Equatable {
        var text: Substring
        var missingNewline: Bool
        /// Byte for byte: lines that differ only in Unicode normalisation differ on disk.
        static func == (a: Line, b: Line) -> Bool { a.missingNewline == b.missingNewline && a.text.utf8.elementsEqual(b.text.utf8) }
    }

    private static func lines(_ text: String?) -> [Line] {
        guard let text, !text.isEmpty else { return [] }
        var parts = text.split(separator: "\n", omittingEmptySubsequences: false)
        let terminated = parts.last == ""
        if terminated { parts.removeLast() }
        return parts.enumerated().map { Line(text: $0.element, missingNewline: !terminated && $0.offset == parts.count - 1) }
    }

    private struct Edit {
        enum Kind { case same, delete, insert }
        var kind: Kind
        var text: Substring
        var missingNewline: Bool
        var oldLine: Int  // 1-based line in the old file where this edit sits
        var newLine: Int
    }

    /// Edit distances beyond this are not searched for: the middle is shown replaced whole.
    package static let searchLimit = 2_000

    /// An edit script from `a` to `b`: the shortest one (Myers) after the common first lines,
    /// unless that needs more than `searchLimit` edits, when the differing middle (between the
    /// common first and last lines) is shown deleted and inserted whole. So a new or rewritten
    /// file of 300,000 lines costs linear time and memory, not the square of its length.
    private static func script(_ a: [Line], _ b: [Line]) -> [Edit] {
        // Myers' search itself starts by following these; setting them aside changes no result.
        var prefix = 0
        while prefix < a.count, prefix < b.count, a[prefix] == b[prefix] { prefix += 1 }
        var edits: [Edit] = []
        for x in 0..<prefix {
            edits.append(Edit(kind: .same, text: a[x].text, missingNewline: a[x].missingNewline, oldLine: x + 1, newLine: x + 1))
        }
        if let rest = shortest(a[prefix...], b[prefix...]) { return edits + rest }
        // Common last lines are kept only here: set aside before the search, they would shift
        // where an ambiguous deletion starts ("…]; };" deleted after a block rather than before).
        var suffix = 0
        while suffix < a.count - prefix, suffix < b.count - prefix, a[a.count - 1 - suffix] == b[b.count - 1 - suffix] { suffix += 1 }
        for x in prefix..<(a.count - suffix) {
            edits.append(Edit(kind: .delete, text: a[x].text, missingNewline: a[x].missingNewline, oldLine: x + 1, newLine: prefix + 1))
        }
        for y in prefix..<(b.count - suffix) {
            edits.append(Edit(kind: .insert, text: b[y].text, missingNewline: b[y].missingNewline, oldLine: a.count - suffix + 1, newLine: y + 1))
        }
        for offset in stride(from: suffix, to: 0, by: -1) {
            let x = a.count - offset, y = b.count - offset
            edits.append(Edit(kind: .same, text: a[x].text, missingNewline: a[x].missingNewline, oldLine: x + 1, newLine: y + 1))
        }
        return edits
    }

    /// Myers' shortest edit script between two slices (indices are the whole files' lines), or
    /// nil when it needs more than `searchLimit` edits. Each step keeps only its own diagonals,
    /// so the trace costs the square of the edit distance, not of the files' length.
    private static func shortest(_ a: ArraySlice<Line>, _ b: ArraySlice<Line>) -> [Edit]? {
        let n = a.count, m = b.count, a0 = a.startIndex, b0 = b.startIndex
        let limit = min(n + m, searchLimit)
        // trace[d][k + d] is the furthest x on diagonal k after d edits (x, y relative to the slices).
        var trace: [[Int]] = []
        var previous: [Int] = [0]
        var found: Int?
        search: for d in 0...limit {
            var v = [Int](repeating: 0, count: 2 * d + 1)
            func at(_ row: [Int], _ k: Int, _ depth: Int) -> Int { row[k + depth] }
            for k in stride(from: -d, through: d, by: 2) {
                var x: Int
                if d == 0 {
                    x = 0
                } else if k == -d || (k != d && at(previous, k - 1, d - 1) < at(previous, k + 1, d - 1)) {
                    x = at(previous, k + 1, d - 1)
                } else {
                    x = at(previous, k - 1, d - 1) + 1
                }
                var y = x - k
                while x < n, y < m, a[a0 + x] == b[b0 + y] { x += 1; y += 1 }
                v[k + d] = x
                if x >= n, y >= m {
                    trace.append(v)
                    found = d
                    break search
                }
            }
            trace.append(v)
            previous = v
        }
        guard let distance = found else { return nil }
        var edits: [Edit] = []
        var x = n, y = m
        for d in stride(from: distance, through: 0, by: -1) {
            let k = x - y
            var prevK = k, prevX = 0
            if d > 0 {
                let row = trace[d - 1]
                prevK = (k == -d || (k != d && row[k - 1 + d - 1] < row[k + 1 + d - 1])) ? k + 1 : k - 1
                prevX = row[prevK + d - 1]
            }
            let prevY = prevX - prevK
            while x > prevX, y > prevY {
                x -= 1; y -= 1
                edits.append(Edit(kind: .same, text: a[a0 + x].text, missingNewline: a[a0 + x].missingNewline, oldLine: a0 + x + 1, newLine: b0 + y + 1))
            }
            if d > 0 {
                if x == prevX {
                    y -= 1
                    edits.append(Edit(kind: .insert, text: b[b0 + y].text, missingNewline: b[b0 + y].missingNewline, oldLine: a0 + x + 1, newLine: b0 + y + 1))
                } else {
                    x -= 1
                    edits.append(Edit(kind: .delete, text: a[a0 + x].text, missingNewline: a[a0 + x].missingNewline, oldLine: a0 + x + 1, newLine: b0 + y + 1))
                }
            }
        }
        return edits.reversed()
    }
}
