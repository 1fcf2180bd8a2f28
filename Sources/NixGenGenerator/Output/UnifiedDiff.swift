import NixGen

/// Line diffs in unified format (Myers' algorithm), shared by `render --check`, `diff` and the
/// golden tests, so what CI shows is what a developer sees locally.
package enum UnifiedDiff {
    /// The unified diff of one file, empty when equal. `nil` text means the file does not exist.
    package static func diff(path: String, old: String?, new: String?, context: Int = 3) -> String {
        if old == new { return "" }
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

    /// The shortest edit script from `a` to `b`.
    private static func script(_ a: [Line], _ b: [Line]) -> [Edit] {
        let n = a.count, m = b.count, max = n + m
        var v = [Int](repeating: 0, count: 2 * max + 2)
        var trace: [[Int]] = []
        outer: for d in 0...max {
            trace.append(v)
            for k in stride(from: -d, through: d, by: 2) {
                var x = (k == -d || (k != d && v[max + k - 1] < v[max + k + 1])) ? v[max + k + 1] : v[max + k - 1] + 1
                var y = x - k
                while x < n, y < m, a[x] == b[y] { x += 1; y += 1 }
                v[max + k] = x
                if x >= n, y >= m { break outer }
            }
        }
        var edits: [Edit] = []
        var x = n, y = m
        for d in stride(from: trace.count - 1, through: 0, by: -1) {
            let v = trace[d], k = x - y
            let prevK = (k == -d || (k != d && v[max + k - 1] < v[max + k + 1])) ? k + 1 : k - 1
            let prevX = d == 0 ? 0 : v[max + prevK], prevY = prevX - prevK
            while x > prevX, y > prevY {
                x -= 1; y -= 1
                edits.append(Edit(kind: .same, text: a[x].text, missingNewline: a[x].missingNewline, oldLine: x + 1, newLine: y + 1))
            }
            if d > 0 {
                if x == prevX {
                    y -= 1
                    edits.append(Edit(kind: .insert, text: b[y].text, missingNewline: b[y].missingNewline, oldLine: x + 1, newLine: y + 1))
                } else {
                    x -= 1
                    edits.append(Edit(kind: .delete, text: a[x].text, missingNewline: a[x].missingNewline, oldLine: x + 1, newLine: y + 1))
                }
            }
        }
        return edits.reversed()
    }
}
