import Foundation
import NixGen
import NixGenGenerator

/// Creates a new infrastructure repository a user owns: a Swift package whose fleet target
/// depends on NixGen, an example host and service, Templates/, .gitignore and a CI job.
package struct Initializer: Sendable {
    /// Where nixgen comes from: a local checkout's path, or a git URL.
    package var nixgen: String
    package var templates: Templates
    /// The nixgen version a URL dependency is pinned from (the running nixgen's).
    package var version: String

    package init(nixgen: String, version: String, templates: Templates) {
        self.version = version
        self.nixgen = nixgen
        self.templates = templates
    }

    /// The `.package(...)` line and the package identity products are named by.
    var dependency: (line: String, identity: String) {
        let trimmed = nixgen.hasSuffix("/") ? String(nixgen.dropLast()) : nixgen
        var identity = String(trimmed.split(separator: "/").last ?? "nixgen")
        if identity.hasSuffix(".git") { identity.removeLast(4) }
        if trimmed.contains("://") || trimmed.hasPrefix("git@") {
            return (".package(url: \(Scaffolder.swiftString(trimmed)), from: \"\(version)\")", identity.lowercased())
        }
        return (".package(path: \(Scaffolder.swiftString(trimmed)))", identity.lowercased())
    }

    /// Writes the repository into `directory`, which must not exist or be empty. Returns the files written.
    package func create(at directory: URL) throws -> [URL] {
        if let contents = try? FileManager.default.contentsOfDirectory(atPath: directory.path), !contents.isEmpty {
            throw ScaffoldError("\(directory.path) is not empty; nothing was changed")
        }
        let host = "example", service = "nginx"
        var files: [(String, String)] = [
            ("Package.swift", try templates.render("init/Package.swift", [
                "nixgenDependency": dependency.line, "nixgenPackage": dependency.identity,
            ])),
            ("Sources/Fleet/Fleet.swift", try templates.render("init/Fleet.swift", [:])),
            ("Sources/Fleet/Hosts/Hosts.swift", try templates.render("init/Hosts.swift", ["entries": "    \(host),\n"])),
            ("Sources/Fleet/Hosts/\(host).swift", try templates.render("Host.swift", [
                "identifier": host, "name": host, "system": ".x86_64Linux", "address": "\"192.0.2.10\"", "hostKey": "nil",
                "lanInterfaces": "[\"enp1s0\"]", "assignments": "    \(service)\n", "hardware": "    Import(\"hardware/\(host).nix\")\n",
            ])),
            ("Sources/Fleet/Services/Services.swift", try templates.render("init/Services.swift", ["entries": "    \(service),\n"])),
            ("Sources/Fleet/Services/\(service).swift", try templates.render("Service.swift", ["identifier": service, "name": service])),
            ("Sources/nixgen/main.swift", try templates.render("init/main.swift", [:])),
            (".gitignore", try templates.render("init/gitignore", [:])),
            (".forgejo/workflows/nixgen.yml", try templates.render("init/nixgen.yml", [:])),
            ("nix/hardware/\(host).nix", try templates.render("hardware-nixos.nix", ["name": host])),
        ]
        // The new repository gets the templates in effect, to edit as its own.
        for name in DefaultTemplates.files.keys.sorted() { files.append(("Templates/\(name)", try templates.text(name))) }
        var written: [URL] = []
        for (path, text) in files {
            let url = directory.appendingPathComponent(path)
            try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
            try Data(text.utf8).write(to: url, options: .withoutOverwriting)
            written.append(url)
        }
        return written
    }
}
