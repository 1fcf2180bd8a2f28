import Foundation
import NixGen
import NixGenGenerator

enum SecretsCommand: Command {
    static let spec = CommandSpec(
        name: "secrets", summary: "Show each secret file's hosts, who must read it, who it is encrypted to, and its state.",
        options: [SharedOptions.output, OptionSpec(long: "stale", help: "Only the files to re-encrypt or remove, each with its command; exit 1 when there is any."),
                  OptionSpec(long: "json", help: "Print JSON.")],
        discussion: """
            Reads each file's age header (nothing is decrypted): current, stale (a key that must read it cannot, \
            or one that should not still can: a removed host, a rotated host key, a removed recipient), plaintext, \
            missing, unreadable, a link, or undeclared. Run from the repository root, where flake.nix is.
            """)

    static func run(_ arguments: ParsedArguments, _ cli: CLI) throws -> Int32 {
        guard let plan = try cli.validPlan() else { return CLI.ExitCode.invalidFleet }
        let root = cli.url(arguments.value("output") ?? ".")
        let files = SecretsReport.audit(plan, files: SecretFiles.list(root), read: { SecretFiles.read($0, in: root) })
        let onlyStale = arguments.flag("stale")
        cli.console.out(arguments.flag("json") ? SecretsReport.json(onlyStale ? files.filter { $0.state != .current } : files).prettyText
                        : SecretsReport.text(files, onlyStale: onlyStale))
        return onlyStale && files.contains { $0.state != .current } ? CLI.ExitCode.failure : CLI.ExitCode.success
    }
}

/// The repository's secrets/ folder, read without following links.
package enum SecretFiles {
    /// Every entry below `secrets/` that is not a folder (links too, never followed), relative to the root.
    package static func list(_ root: URL) -> [String] {
        var out: [String] = []
        var folders = ["secrets"]
        while let folder = folders.popLast(), out.count < 100_000 {
            guard let names = try? FileManager.default.contentsOfDirectory(atPath: root.appendingPathComponent(folder).path) else { continue }
            for name in names.sorted() {
                let path = folder + "/" + name
                var info = stat()
                guard lstat(root.appendingPathComponent(path).path, &info) == 0 else { continue }
                if info.st_mode & S_IFMT == S_IFDIR { folders.append(path) } else { out.append(path) }
            }
        }
        return out
    }

    /// A file's bytes, refusing links and anything but a regular file; the header is all that is
    /// needed, so at most the first MiB is read.
    package static func read(_ path: String, in root: URL) -> SecretsReport.Content {
        let url = root.appendingPathComponent(path)
        var info = stat()
        guard lstat(url.path, &info) == 0 else { return errno == ENOENT ? .absent : .unreadable(String(cString: strerror(errno))) }
        guard info.st_mode & S_IFMT == S_IFREG else { return .notAFile }
        guard let handle = FileHandle(forReadingAtPath: url.path) else { return .unreadable("it cannot be opened") }
        defer { try? handle.close() }
        return .bytes(Array((try? handle.read(upToCount: 1 << 20)) ?? Data()))
    }
}

enum GraphCommand: Command {
    static let spec = CommandSpec(
        name: "graph", summary: "Print the fleet's topology as a Graphviz or Mermaid diagram.",
        options: [OptionSpec(long: "format", value: "dot|mermaid", help: "Diagram language (default: dot).")],
        discussion: "For a picture: nixgen graph | dot -Tsvg > fleet.svg")

    static func run(_ arguments: ParsedArguments, _ cli: CLI) throws -> Int32 {
        let name = arguments.value("format") ?? "dot"
        guard let format = Topology.Format(rawValue: name) else {
            throw UsageError(message: "Unknown format '\(name)': use dot or mermaid")
        }
        guard let plan = try cli.validPlan() else { return CLI.ExitCode.invalidFleet }
        cli.console.out(Topology.render(plan, format: format))
        return CLI.ExitCode.success
    }
}

extension CLI {
    /// The resolved fleet, or nil (with diagnostics printed) when it is invalid.
    func validPlan() throws -> Plan? {
        let fleet = try builtFleet()
        let plan = Plan(fleet)
        let diagnostics = Validator.validate(plan, sources: fleetSources(fleet))
        if diagnostics.hasErrors {
            report(diagnostics)
            return nil
        }
        return plan
    }
}
