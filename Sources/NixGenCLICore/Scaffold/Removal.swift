import Foundation
import NixGen
import NixGenGenerator

/// `remove-host` and `remove-service`: the way back from `new-host` and `new-service`.
extension Scaffolder {
    /// Removes the host's Swift file and its entry in Hosts.swift. Its hardware module is the
    /// user's and stays (reported as kept); render prunes the generated host file.
    package func removeHost(name: String) throws -> [Change] {
        if let problem = Names.hostNameProblem(name) { throw ScaffoldError("invalid host name \(quoted(name)): \(problem)") }
        let hardware = outputDirectory.appendingPathComponent("nix/hardware/\(name).nix")
        return try remove("Host", name, folder: "Hosts", declaration: SwiftIndex.hosts)
            + (FileManager.default.fileExists(atPath: hardware.path) ? [.kept(hardware)] : [])
    }

    /// Removes the service's Swift file and its entry in Services.swift.
    package func removeService(name: String) throws -> [Change] {
        if let problem = Names.fileNameProblem(name) { throw ScaffoldError("invalid service name \(quoted(name)): \(problem)") }
        return try remove("Service", name, folder: "Services", declaration: SwiftIndex.services)
    }

    private func remove(_ kind: String, _ name: String, folder: String, declaration: String) throws -> [Change] {
        let index = fleetDirectory.appendingPathComponent("\(folder)/\(folder).swift")
        let indexPath = "\(folder)/\(folder).swift"
        let sources = FileIO.regularFiles(under: fleetDirectory, relativeTo: fleetDirectory).filter { $0.hasSuffix(".swift") }.sorted()
        let declared = "let ([A-Za-z_][A-Za-z0-9_]*)\\s*=\\s*\(kind)\\(\\s*" + NSRegularExpression.escapedPattern(for: Self.swiftString(name))
        var found: (path: String, text: String, range: Range<String.Index>)?
        for path in sources where path != indexPath {
            if let text = FileIO.readText(fleetDirectory.appendingPathComponent(path)), let range = text.range(of: declared, options: .regularExpression) {
                found = (path, text, range)
                break
            }
        }
        guard let found else { throw ScaffoldError("no file of \(fleetDirectory.path) declares \(kind)(\(Self.swiftString(name))); nothing was changed") }
        let identifier = String(found.text[found.range].dropFirst(4).prefix { $0.isLetter || $0.isNumber || $0 == "_" })
        // A file of its own, as new-host and new-service write it; one holding more is the user's to edit.
        let declarations = found.text.components(separatedBy: "\n").filter { $0.range(of: #"^\s*((public|private|internal|fileprivate)\s+)?let\s"#, options: .regularExpression) != nil }
        guard declarations.count == 1 else {
            throw ScaffoldError("\(kind.lowercased()) \(quoted(name)) is declared in \(found.path) beside other declarations: remove it there, "
                                + "and \(identifier) from \(indexPath), by hand; nothing was changed")
        }
        // Anything else that still uses it, by value or by name, would no longer compile or validate.
        let byValue = "\\b" + NSRegularExpression.escapedPattern(for: identifier) + "\\b", byName = Self.swiftString(name)
        let uses = sources.filter { path in
            guard path != found.path, path != indexPath, let other = FileIO.readText(fleetDirectory.appendingPathComponent(path)) else { return false }
            return other.range(of: byValue, options: .regularExpression) != nil || other.contains(byName)
        }
        if !uses.isEmpty {
            throw ScaffoldError("\(kind.lowercased()) \(quoted(name)) is still used in \(uses.joined(separator: ", ")): remove those uses first; nothing was changed")
        }
        let file = fleetDirectory.appendingPathComponent(found.path)
        let updated = try SwiftIndex.removing(identifier, from: try existingIndex(index, declaration: declaration), declaration: declaration)
        for url in [file, index] { try refuseLinks(url) }
        guard unlink(file.path) == 0 else { throw ScaffoldError("cannot remove \(file.path): \(String(cString: strerror(errno)))") }
        try write(updated, to: index)
        return [.removed(file), .changed(index)]
    }
}
