import NixGen

/// What makes a name safe for the places it is rendered to.
package enum Names {
    /// Why `name` is not an RFC 1123 host name label NixOS accepts, or nil when it is.
    package static func hostNameProblem(_ name: String) -> String? {
        if name.isEmpty { return "it is empty" }
        if name.unicodeScalars.count > 63 { return "it is longer than 63 characters" }
        if name.hasPrefix("-") || name.hasSuffix("-") { return "it starts or ends with a dash" }
        if name.unicodeScalars.contains(where: { ("A"..."Z").contains($0) }) { return "it has uppercase letters" }
        if !name.unicodeScalars.allSatisfy({ $0.isASCIIDigit || ("a"..."z").contains($0) || $0 == "-" }) {
            return "it may hold only a-z, 0-9 and '-'"
        }
        return nil
    }

    /// Why `name` cannot be a file name and Nix attribute name under `nix/`, or nil when it can.
    package static func fileNameProblem(_ name: String) -> String? {
        if name.isEmpty { return "it is empty" }
        if name == "." || name == ".." { return "it is a relative path" }
        if name.unicodeScalars.count > 100 { return "it is longer than 100 characters" }
        guard let first = name.unicodeScalars.first, first.isASCIILetter || first.isASCIIDigit else {
            return "it must start with a letter or digit"
        }
        if !name.unicodeScalars.allSatisfy({ $0.isASCIILetter || $0.isASCIIDigit || "._-".unicodeScalars.contains($0) }) {
            return "it may hold only letters, digits, '.', '_' and '-'"
        }
        return nil
    }

    /// Why `path` is not a relative path that stays inside its folder, or nil when it is.
    package static func relativePathProblem(_ path: String) -> String? {
        if path.isEmpty { return "it is empty" }
        if path.hasPrefix("/") { return "it is absolute" }
        let parts = path.split(separator: "/", omittingEmptySubsequences: false)
        if parts.contains(where: { $0.isEmpty || $0 == "." || $0 == ".." }) {
            return "it has an empty, '.' or '..' component"
        }
        if !path.unicodeScalars.allSatisfy({ $0.isASCIILetter || $0.isASCIIDigit || "._-+/".unicodeScalars.contains($0) }) {
            return "it may hold only letters, digits, '.', '_', '-', '+' and '/'"
        }
        return nil
    }

    /// Whether `key` is a well-formed ssh-ed25519 or ssh-rsa public key line (`SSHPublicKey`).
    package static func isPublicKey(_ key: String) -> Bool { SSHPublicKey.problem(key) == nil }

    /// Whether `key` looks like a WireGuard public key: 32 bytes in base64 (44 characters, `=` last).
    package static func isWireGuardKey(_ key: String) -> Bool {
        let scalars = Array(key.unicodeScalars)
        guard scalars.count == 44, scalars.last == "=" else { return false }
        return scalars.dropLast().allSatisfy { $0.isASCIILetter || $0.isASCIIDigit || $0 == "+" || $0 == "/" }
    }

    /// The candidate closest to `name`, when it is close enough to be a likely typo. Each comparison
    /// costs the product of the lengths; a validation spends at most `SuggestionBudget.cells` on
    /// them, so thousands of unknown names against thousands of candidates stay linear (the first
    /// ones get suggestions, the rest the plain hint).
    static func suggestion(for name: String, among candidates: [String]) -> String? {
        let budget = SuggestionBudget.current
        guard budget?.isExhausted != true else { return nil }
        let limit = max(2, name.count / 3), length = name.utf8.count
        // A cheap length filter first (names are mostly ASCII, where bytes are characters).
        let plausible = candidates.filter { abs($0.utf8.count - length) <= limit * 4 }
        let cost = plausible.reduce(0) { $0 + ($1.utf8.count + 1) * (length + 1) }
        guard budget?.spend(cost) ?? true else { return nil }
        let scored = plausible.map { ($0, distance(name, $0)) }.filter { $0.1 <= limit }
        return scored.min { ($0.1, $0.0) < ($1.1, $1.0) }?.0
    }

    private static func distance(_ a: String, _ b: String) -> Int {
        let a = Array(a), b = Array(b)
        var row = Array(0...b.count)
        for i in 1...max(a.count, 1) where !a.isEmpty {
            var previous = row[0]
            row[0] = i
            for j in stride(from: 1, through: b.count, by: 1) {
                let current = row[j]
                row[j] = min(row[j] + 1, row[j - 1] + 1, previous + (a[i - 1] == b[j - 1] ? 0 : 1))
                previous = current
            }
        }
        return a.isEmpty ? b.count : row[b.count]
    }
}

/// The work one group of rules may spend on "did you mean" suggestions, in edit-distance cells.
final class SuggestionBudget: @unchecked Sendable {
    /// About a tenth of a second: every suggestion a human reads, never quadratic time.
    static let cells = 20_000_000
    @TaskLocal static var current: SuggestionBudget?

    private var remaining = SuggestionBudget.cells
    /// Set once a suggestion did not fit: later ones are not even estimated.
    private(set) var isExhausted = false

    /// Whether `cost` fits what is left, spending it if so. A group of rules runs on one thread.
    func spend(_ cost: Int) -> Bool {
        guard cost <= remaining else {
            isExhausted = true
            return false
        }
        remaining -= cost
        return true
    }
}
