import Foundation
import NixGen
import NixGenGenerator

/// Where an infrastructure repository gets nixgen from.
package enum NixGenSource: Sendable, Equatable {
    /// A local checkout: for working on nixgen itself. CI cannot fetch it.
    case path(String)
    /// A git repository and the commit to pin: what CI resolves. nixgen publishes no version tags
    /// yet, so a commit, not `from: "x.y.z"`, is the pin that exists.
    case git(url: String, revision: String)

    /// The git repository and commit of the nixgen checkout this binary was built from, when it
    /// has a fetchable remote (not a local path).
    package static func running() -> NixGenSource? {
        var root = URL(fileURLWithPath: #filePath)
        while root.path != "/" {
            root.deleteLastPathComponent()
            if FileManager.default.fileExists(atPath: root.appendingPathComponent("Package.swift").path) { break }
        }
        guard let url = git(["config", "--get", "remote.origin.url"], in: root), isFetchable(url),
              let revision = git(["rev-parse", "HEAD"], in: root), revision.count == 40 else { return nil }
        return .git(url: url, revision: revision)
    }

    /// Whether `location` is something a CI machine can clone: a URL or an scp-style address.
    package static func isFetchable(_ location: String) -> Bool {
        location.contains("://") || (location.contains("@") && location.contains(":"))
    }

    private static func git(_ arguments: [String], in directory: URL) -> String? {
        guard let result = Subprocess.run(["git", "-C", directory.path] + arguments), result.status == 0, !result.text.isEmpty else { return nil }
        return result.text
    }
}

/// Makes a repository render with nixgen: a Swift package whose fleet target depends on NixGen, an
/// example host and service, Templates/, .gitignore and a CI job. Into an empty folder, or beside
/// an existing repository's files, which it never touches.
package struct Initializer: Sendable {
    package var source: NixGenSource
    package var templates: Templates

    package init(source: NixGenSource, templates: Templates) {
        self.source = source
        self.templates = templates
    }

    /// The `.package(...)` line and the package identity products are named by.
    var dependency: (line: String, identity: String) {
        let location: String = switch source {
        case .path(let path): path
        case .git(let url, _): url
        }
        let trimmed = location.hasSuffix("/") ? String(location.dropLast()) : location
        var identity = String(trimmed.split(whereSeparator: { $0 == "/" || $0 == ":" }).last ?? "nixgen")
        if identity.hasSuffix(".git") { identity.removeLast(4) }
        switch source {
        case .path:
            return (".package(path: \(Scaffolder.swiftString(trimmed)))", identity.lowercased())
        case .git(_, let revision):
            return (".package(url: \(Scaffolder.swiftString(trimmed)), revision: \(Scaffolder.swiftString(revision)))", identity.lowercased())
        }
    }

    /// What `create` did: the files it wrote, and those it left alone (a repository's own
    /// `.gitignore`).
    package struct Outcome: Sendable {
        package var written: [URL]
        package var kept: [URL]
    }

    /// Writes nixgen's files into `directory`. An existing file nixgen would write is a conflict:
    /// every conflict is named and nothing is written. Other files are never touched.
    package func create(at directory: URL) throws -> Outcome {
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
        // The repository gets the templates in effect, to edit as its own.
        for name in DefaultTemplates.files.keys.sorted() { files.append(("Templates/\(name)", try templates.text(name))) }

        // A repository's own .gitignore stays as it is (the README says what to add to it), and so
        // does a fleet it declares already (`nixgen import` writes one): then no example either.
        let ownFleet = NewFiles.exists("Sources/Fleet", in: directory)
        let kept = files.map(\.0).filter {
            ($0 == ".gitignore" && NewFiles.exists($0, in: directory))
                || (ownFleet && ($0.hasPrefix("Sources/Fleet/") || $0 == "nix/hardware/\(host).nix"))
        }
        let written = try NewFiles.write(files.filter { !kept.contains($0.0) }.map { (path: $0.0, text: $0.1) }, into: directory)
        let reported = kept.filter { !$0.hasPrefix("Sources/Fleet/") && $0 != "nix/hardware/\(host).nix" } + (ownFleet ? ["Sources/Fleet"] : [])
        return Outcome(written: written, kept: reported.map { directory.appendingPathComponent($0) })
    }
}
