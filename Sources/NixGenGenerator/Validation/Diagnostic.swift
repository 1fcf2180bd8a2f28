import NixGen

/// One finding about the fleet, located at the user's declaration, printed like a compiler's
/// (swift-format's `Finding`): the error, then located notes pointing at related declarations.
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
    /// Related places, each printed as its own located line (`note: first declared here`).
    package var notes: [Note] = []

    /// A related place a diagnostic points at.
    package struct Note: Sendable, Hashable, Codable {
        package var message: String
        package var location: SourceLocation

        package init(_ message: String, at location: SourceLocation) {
            self.message = message
            self.location = location
        }
    }

    package init(_ severity: Severity, _ message: String, at location: SourceLocation, hint: String? = nil, notes: [Note] = []) {
        self.severity = severity
        self.message = message
        self.location = location
        self.hint = hint
        self.notes = notes
    }

    package static func error(_ message: String, at location: SourceLocation, hint: String? = nil, notes: [Note] = []) -> Diagnostic {
        Diagnostic(.error, message, at: location, hint: hint, notes: notes)
    }

    package static func warning(_ message: String, at location: SourceLocation, hint: String? = nil, notes: [Note] = []) -> Diagnostic {
        Diagnostic(.warning, message, at: location, hint: hint, notes: notes)
    }

    /// `path:line:col: error: message`, an indented `hint:` line when there is one, then one
    /// `path:line:col: note: ...` line per note; paths relative to `directory`.
    package func formatted(relativeTo directory: String? = nil) -> String {
        var text = "\(location.formatted(relativeTo: directory)): \(severity.rawValue): \(message)"
        if let hint { text += "\n    hint: \(hint)" }
        for note in notes { text += "\n\(note.location.formatted(relativeTo: directory)): note: \(note.message)" }
        return text
    }

    package static func < (a: Diagnostic, b: Diagnostic) -> Bool {
        (a.location, a.severity, a.message) < (b.location, b.severity, b.message)
    }
}

extension Array where Element == Diagnostic {
    package var hasErrors: Bool { contains { $0.severity == .error } }
}
