import Foundation

/// Where a declaration was written in the user's Swift sources.
///
/// Captured with `#filePath`, `#line` and `#column` so diagnostics point at the user's line.
/// Locations never reach rendered files: golden trees must not depend on the machine.
public struct SourceLocation: Sendable, Hashable, Codable, Comparable, CustomStringConvertible {
    public var file: String
    public var line: Int
    public var column: Int

    public init(file: String, line: Int, column: Int = 1) {
        self.file = file
        self.line = line
        self.column = column
    }

    /// A location for values built in code rather than declared in a fleet file.
    public static let unknown = SourceLocation(file: "<unknown>", line: 0, column: 0)

    public static func < (a: SourceLocation, b: SourceLocation) -> Bool {
        (a.file, a.line, a.column) < (b.file, b.line, b.column)
    }

    public var description: String { "\(file):\(line):\(column)" }

    /// The location as a compiler prints it, with `file` relative to `directory` when inside it.
    public func formatted(relativeTo directory: String?) -> String {
        var path = file
        if let directory, !directory.isEmpty {
            let prefix = directory.hasSuffix("/") ? directory : directory + "/"
            if path.hasPrefix(prefix) { path.removeFirst(prefix.count) }
        }
        return "\(path):\(line):\(column)"
    }
}
