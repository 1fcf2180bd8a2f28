import Foundation
import NixGen
import NixGenGenerator


enum RenderCommand: Command {
    static let spec = CommandSpec(
        name: "render", summary: "Validate the fleet and write nix/ and policies/.",
        options: [
            OptionSpec(long: "check", help: "Write nothing; exit 1 with a unified diff when the folder is stale."),
            SharedOptions.output,
        ],
        discussion: """
            Files whose bytes are unchanged are not rewritten. Generated files the fleet no longer
            produces are removed; files nixgen did not generate are never touched. A folder left
            exactly as the last render of the same fleet and build left it (its stamp is kept in
            nix/.nixgen.lock) is recognised without printing the tree again. --check also
            reports files under policies/ that nixgen did not generate (your own policies belong
            in policies/local/, in packages outside nixgen.*).
            Exit codes: 0 up to date or written, 1 stale (--check) or write failed, 2 invalid fleet.
            """)

    /// A render to write: what the write needs once the fleet and its plan are gone.
    private struct Rendered {
        var tree: RenderedTree
        var diagnostics: [Diagnostic]
        /// Missing user modules, found before the write (which does not create them).
        var missingImports: [Diagnostic]
        var key: UInt64?
    }

    static func run(_ arguments: ParsedArguments, _ cli: CLI) throws -> Int32 {
        let directory = cli.url(arguments.value("output") ?? ".")
        // The fleet and its plan end with `rendered`: the write and the stamp reuse their memory.
        let rendered: Rendered
        switch try render(in: directory, check: arguments.flag("check"), cli) {
        case .finished(let code): return code
        case .write(let value): rendered = value
        }
        let tree = rendered.tree
        #if NIXGEN_FAULT_INJECTION
        // Debug builds only (Package.swift): the crash-safety tests kill a render mid-write.
        let killAfter = cli.environment["NIXGEN_TEST_KILL_AFTER"].flatMap(Int.init)
        #else
        let killAfter: Int? = nil
        #endif
        let report = try TreeWriter(directory: directory, killAfterFiles: killAfter)
            .write(tree, stamp: rendered.key, diagnostics: rendered.diagnostics)
        for path in report.written { cli.console.out("wrote   \(path)\n") }
        for path in report.removed { cli.console.out("removed \(path)\n") }
        cli.console.out("\(report.written.count) written, \(report.removed.count) removed, \(report.unchanged) unchanged\n")
        // The write succeeded, so the generated files on disk are exactly the tree's: no rescan.
        warnAboutForeignPolicies(in: directory, generated: Set(tree.files.keys), cli)
        cli.report(rendered.missingImports)
        return CLI.ExitCode.success
    }

    private enum Outcome {
        case finished(Int32)
        case write(Rendered)
    }

    /// Builds, validates and renders the fleet, or finds the folder unchanged; a check ends here.
    private static func render(in directory: URL, check: Bool, _ cli: CLI) throws -> Outcome {
        let (fleet, observed) = try cli.builtFleet(meanwhile: { RenderStamp.observe(directory) })
        let sources = cli.fleetSources(fleet)
        let key = cli.buildIdentity.flatMap { RenderStamp.key(fleet: fleet, sources: sources, build: $0) }
        // The folder is exactly as the last render of this very fleet left it. (A policy nixgen
        // did not generate fails a check, and the full check's diff reports it.)
        if let key, let stamp = observed?.stamp(for: key),
           !check || UserPolicies.findings(in: directory, generated: stamp.generated).isEmpty {
            return .finished(unchanged(stamp, fleet: fleet, in: directory, check: check, cli))
        }
        let generation = Generator.run(fleet, sources: sources)
        cli.report(generation.diagnostics)
        guard let tree = generation.tree else { return .finished(CLI.ExitCode.invalidFleet) }
        guard check else {
            return .write(Rendered(tree: tree, diagnostics: generation.diagnostics,
                                   missingImports: missingImports(generation.plan, in: directory), key: key))
        }
        let drift = Drift.compare(tree, with: directory)
        if drift.isEmpty {
            cli.console.err("up to date: \(tree.files.count) files in \(directory.path)\n")
            return .finished(CLI.ExitCode.success)
        }
        cli.console.out(drift.unifiedDiff(color: cli.useColor))
        let foreign = drift.changes.filter { if case .foreign = $0 { true } else { false } }.count
        var summary = drift.summary
        if drift.changes.count > foreign {
            summary += "stale: \(drift.changes.count - foreign) generated file(s) differ; run `nixgen render`\n"
        }
        if foreign > 0 {
            summary += "foreign: \(foreign) file(s) under policies/ that nixgen did not generate; move your own policies to \(UserPolicies.folder)/\n"
        }
        cli.console.err(summary)
        return .finished(CLI.ExitCode.failure)
    }

    /// What a render or check of an unchanged folder prints, without printing the tree again.
    private static func unchanged(_ stamp: RenderStamp, fleet: Fleet, in directory: URL, check: Bool, _ cli: CLI) -> Int32 {
        cli.report(stamp.diagnostics)
        if check {
            cli.console.err("up to date: \(stamp.generated.count) files in \(directory.path)\n")
            return CLI.ExitCode.success
        }
        cli.console.out("0 written, 0 removed, \(stamp.generated.count) unchanged\n")
        warnAboutForeignPolicies(in: directory, generated: stamp.generated, cli)
        cli.report(missingImports(Plan(fleet), in: directory))
        return CLI.ExitCode.success
    }

    /// After a render: files under policies/ that nixgen did not generate are warnings (a check fails on them).
    private static func warnAboutForeignPolicies(in directory: URL, generated: Set<String>, _ cli: CLI) {
        for finding in UserPolicies.findings(in: directory, generated: generated) {
            cli.console.err("warning: \(finding.path): \(finding.reason)\n")
        }
    }
}

enum DiffCommand: Command {
    static let spec = CommandSpec(
        name: "diff", summary: "Show how the folder differs from what render would write.",
        options: [SharedOptions.output],
        discussion: "Prints a unified diff (a/ is the folder, b/ the render) and exits 0; see render --check to fail.")

    static func run(_ arguments: ParsedArguments, _ cli: CLI) throws -> Int32 {
        guard let tree = try cli.generate()?.tree else { return CLI.ExitCode.invalidFleet }
        let drift = Drift.compare(tree, with: cli.url(arguments.value("output") ?? "."))
        cli.console.out(drift.unifiedDiff(color: cli.useColor))
        return CLI.ExitCode.success
    }
}

enum ValidateCommand: Command {
    static let spec = CommandSpec(
        name: "validate", summary: "Check the fleet and print its diagnostics; write nothing.",
        discussion: "Exit codes: 0 valid (warnings allowed), 2 invalid.")

    static func run(_ arguments: ParsedArguments, _ cli: CLI) throws -> Int32 {
        let fleet = try cli.builtFleet()
        let diagnostics = Validator.validate(fleet, sources: cli.fleetSources(fleet))
        cli.report(diagnostics)
        if diagnostics.hasErrors { return CLI.ExitCode.invalidFleet }
        cli.console.out("valid: \(fleet.hosts.count) hosts, \(fleet.services.count) services, \(fleet.roles.count) roles\n")
        return CLI.ExitCode.success
    }
}

enum InventoryCommand: Command {
    static let spec = CommandSpec(
        name: "inventory", summary: "Print the fleet's inventory.",
        options: [OptionSpec(long: "json", help: "Print JSON: exactly what nix/inventory.nix evaluates to.")])

    static func run(_ arguments: ParsedArguments, _ cli: CLI) throws -> Int32 {
        guard let plan = try cli.validPlan() else { return CLI.ExitCode.invalidFleet }
        if arguments.flag("json") {
            cli.console.out(Inventory.json(plan).prettyText)
            return CLI.ExitCode.success
        }
        for host in plan.hosts {
            let system = host.host.system.rawValue
            let address = host.host.address ?? "-"
            cli.console.out("\(host.name)\t\(system)\t\(address)\t\(host.services.map(\.name).joined(separator: ","))\n")
        }
        return CLI.ExitCode.success
    }
}

/// The user-owned modules hosts import (hardware modules above all) that are not on disk: Nix
/// would fail on them at the first evaluation, so render says so at the declaration, in one
/// warning with a note for each further one (a new fleet lacks every hardware file at once).
func missingImports(_ plan: Plan, in directory: URL) -> [Diagnostic] {
    let nix = directory.path + "/nix/"
    let missing = plan.hosts.flatMap { host in
        host.imports.filter { !FileManager.default.fileExists(atPath: nix + $0.path) }.map { (host: host.name, item: $0) }
    }
    guard let first = missing.first else { return [] }
    let hint = missing.contains { $0.item.path.hasPrefix("hardware/") }
        ? "write each hardware module with `nixos-generate-config --show-hardware-config` on its machine" : nil
    if missing.count == 1 {
        return [.warning("host \(quoted(first.host)) imports nix/\(first.item.path), which does not exist, so Nix cannot evaluate the host",
                         at: first.item.location, hint: hint)]
    }
    let hosts = Set(missing.map(\.host)).count
    return [.warning("\(missing.count) modules that hosts import do not exist, so Nix cannot evaluate \(hosts) host\(hosts == 1 ? "" : "s"): "
                     + "host \(quoted(first.host)) imports nix/\(first.item.path)", at: first.item.location, hint: hint,
                     notes: missing.dropFirst().map { .init("host \(quoted($0.host)) imports nix/\($0.item.path)", at: $0.item.location) })]
}
