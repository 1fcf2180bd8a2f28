import Foundation
import NixGen
import NixGenGenerator

/// Scaffolding templates: plain files with `{{placeholder}}` fields.
///
/// A repository's own `Templates/` folder overrides the defaults file by file; the defaults are
/// compiled in, so an installed `nixgen` needs no resource bundle beside it.
package struct Templates: Sendable {
    /// Where templates were looked up; nil means the compiled-in defaults only.
    package var directory: URL?

    package init(directory: URL?) { self.directory = directory }

    /// The text of template `name`: the folder's file if present, else the default.
    package func text(_ name: String) throws -> String {
        if let directory, let data = FileManager.default.contents(atPath: directory.appendingPathComponent(name).path) {
            return String(decoding: data, as: UTF8.self)
        }
        guard let text = DefaultTemplates.files[name] else { throw ScaffoldError("no template named \(name)") }
        return text
    }

    /// `name` with every `{{key}}` replaced; a placeholder without a value is an error.
    package func render(_ name: String, _ values: [String: String]) throws -> String {
        let template = try text(name)
        var out = ""
        var rest = Substring(template)
        while let open = rest.range(of: "{{") {
            out += rest[..<open.lowerBound]
            guard let close = rest[open.upperBound...].range(of: "}}") else {
                throw ScaffoldError("template \(name) has an unclosed {{")
            }
            let key = String(rest[open.upperBound..<close.lowerBound])
            guard let value = values[key] else {
                throw ScaffoldError("template \(name) uses {{\(key)}}; known: \(values.keys.sorted().joined(separator: ", "))")
            }
            out += value
            rest = rest[close.upperBound...]
        }
        return out + rest
    }
}

/// A scaffolding step that cannot be done; nothing was written.
package struct ScaffoldError: Error, CustomStringConvertible, Equatable {
    package var description: String
    package init(_ description: String) { self.description = description }
}
