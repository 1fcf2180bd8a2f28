import NixGen

/// One finding about the fleet, located at the user's declaration, printed like a compiler's.

package struct Diagnostic: Sendable, Hashable, Codable, Comparable {
    package enum Severity: String, Sendable, Hashable, Codable, Comparable {
        case error
        case warning

        package static func < (a: Severity, b: Severity) -> Bool { a == .error && b == .warning }
    }

    package var severity: Severity
    package var message: String
    package var location: SourceLocation
    /// What to do about it, when there is something obvious.
    package var hint: String?

    package init(_ severity: Severity, _ message: String, at location: SourceLocation, hint: String? = nil) {
        self.severity = severity
        self.message = message
        self.location = location
        self.hint = hint
    }

    package static func error(_ message: String, at location: SourceLocation, hint: String? = nil) -> Diagnostic {
        Diagnostic(.error, message, at: location, hint: hint)
    }

    package static func warning(_ message: String, at location: SourceLocation, hint: String? = nil) -> Diagnostic {
        Diagnostic(.warning, message, at: location, hint: hint)
    }

    /// `path:line:col: error: message`, then an indented `hint:` line when there is one.
    package func formatted(relativeTo directory: String? = nil) -> String {
        var text = "\(location.formatted(relativeTo: directory)): \(severity.rawValue): \(message)"
        if let hint { text += "\n    hint: \(hint)" }
        return text
    }

    package static func < (a: Diagnostic, b: Diagnostic) -> Bool {
        (a.location, a.severity, a.message) < (b.location, b.severity, b.message)
    }
}

extension Array where Element == Diagnostic {
    package var hasErrors: Bool { contains { $0.severity == .error } }
}
