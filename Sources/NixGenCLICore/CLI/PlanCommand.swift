import Foundation
import NixGen
import NixGenGenerator

enum PlanCommand: Command {
    static let spec = CommandSpec(
        name: "plan", summary: "Show what a change does to each host, from the committed generated trees.",
        positionals: [("base", false)],
        options: [SharedOptions.output,
                  OptionSpec(long: "format", value: "text|markdown", help: "Output for a terminal or a pull-request comment (default: text)."),
                  OptionSpec(long: "json", help: "Print the plan as JSON."),
                  OptionSpec(long: "hosts", help: "Print only the hosts whose evaluated configuration can change, one per line."),
                  OptionSpec(long: "fail-on-change", help: "Exit 1 when anything would change.")],
        discussion: """
            Compares the generated tree committed at <base> (a git revision; default: the merge base with the \
            default branch, else HEAD~1), read from git without building it, with the tree in the output folder now: \
            per host, services added, removed or moved, ports opened or closed, settings changed (old → new), \
            consumers whose derived wiring changes and why, secrets to re-encrypt, deployment and access changes, and \
            how many hosts stay untouched. --hosts adds the hosts a changed hardware file or user module can reach, \
            and every host when flake.lock, flake.nix or nix/nixgen.nix changed. Run `nixgen render` first.
            """)

    static func run(_ arguments: ParsedArguments, _ cli: CLI) throws -> Int32 {
        let directory = cli.url(arguments.value("output") ?? ".")
        let format = arguments.value("format") ?? "text"
        guard ["text", "markdown"].contains(format) else { throw UsageError(message: "Unknown format '\(format)': use text or markdown") }
        let git = Git(directory: directory)
        let base = try arguments.positionals.first ?? git.defaultBase()
        let head = try GeneratedSnapshot.onDisk(directory)
        let old = try git.snapshot(at: base)
        let plan = ChangePlan(from: old, to: head)
        if arguments.flag("hosts") {
            let changedFiles = try git.changedFiles(since: base)
            cli.console.out(AffectedHosts.of(plan, head: head, changedFiles: changedFiles).map { $0 + "\n" }.joined())
        } else if arguments.flag("json") {
            var document = plan.json
            if case .object(var members) = document { members["base"] = .string(base); document = .object(members) }
            cli.console.out(document.prettyText)
        } else {
            cli.console.out(format == "markdown" ? plan.markdown : plan.text)
        }
        return arguments.flag("fail-on-change") && !plan.isEmpty ? CLI.ExitCode.failure : CLI.ExitCode.success
    }
}

/// The hosts whose evaluated configuration a change can reach: those the plan names, those whose
/// hardware file changed, every host that imports a changed user module (every host, since the
/// generated tree does not say which user module a host imports), and every host when the flake's
/// inputs or nixgen's own module changed.
package enum AffectedHosts {
    package static func of(_ plan: ChangePlan, head: GeneratedSnapshot, changedFiles: [String]) -> [String] {
        let all = head.hosts.keys.sorted()
        let fleetWide: Set<String> = ["flake.lock", "flake.nix", "nix/nixgen.nix", "nix/secrix.nix"]
        if changedFiles.contains(where: fleetWide.contains) || plan.fleetFiles.contains(where: fleetWide.contains) { return all }
        var hosts = Set(plan.hosts.filter { $0.kind != .removed }.map(\.name))
        let generated = Set(head.digests.keys)
        for file in changedFiles where file.hasPrefix("nix/") && file.hasSuffix(".nix") && !generated.contains(file) {
            if file.hasPrefix("nix/hardware/") {
                let name = String(file.dropFirst("nix/hardware/".count).dropLast(".nix".count))
                if head.hosts[name] != nil { hosts.insert(name) } else { return all }
            } else {
                return all
            }
        }
        return hosts.filter { head.hosts[$0] != nil }.sorted()
    }
}

extension GeneratedSnapshot {
    /// The tree in `directory` as it is now.
    static func onDisk(_ directory: URL) throws -> GeneratedSnapshot {
        let expected = directory.appendingPathComponent(expectedPath), fleet = directory.appendingPathComponent(fleetPath)
        guard let snapshot = GeneratedSnapshot(expected: try Data(contentsOf: expected), fleet: try Data(contentsOf: fleet)) else {
            throw PlanFailure(message: "\(expectedPath) or \(fleetPath) in \(directory.path) is not nixgen's: run `nixgen render`")
        }
        return snapshot
    }
}

struct PlanFailure: Error, CustomStringConvertible {
    var message: String
    var description: String { message }
}

/// The git commands the plan needs, run in the output folder.
struct Git {
    let directory: URL

    private func run(_ arguments: [String]) throws -> Subprocess.Result {
        guard let result = Subprocess.run(["git", "-C", directory.path] + arguments) else {
            throw PlanFailure(message: "git cannot be run: install git, or give the plan a repository")
        }
        return result
    }

    /// The merge base with the default branch (origin's HEAD, else main or master), else HEAD~1.
    func defaultBase() throws -> String {
        var branches: [String] = []
        if let origin = try? run(["symbolic-ref", "--quiet", "refs/remotes/origin/HEAD"]), origin.status == 0 { branches.append(origin.text) }
        branches += ["main", "master"]
        for branch in branches {
            let base = try run(["merge-base", "HEAD", branch])
            if base.status == 0, !base.text.isEmpty, base.text != (try run(["rev-parse", "HEAD"])).text { return base.text }
        }
        return "HEAD~1"
    }

    /// The generated tree committed at `revision`; empty where it has none yet.
    func snapshot(at revision: String) throws -> GeneratedSnapshot {
        let check = try run(["rev-parse", "--verify", "--quiet", revision + "^{commit}"])
        guard check.status == 0 else { throw PlanFailure(message: "\(revision) is not a revision of the repository at \(directory.path)") }
        let expected = try run(["show", "\(revision):./\(GeneratedSnapshot.expectedPath)"])
        let fleet = try run(["show", "\(revision):./\(GeneratedSnapshot.fleetPath)"])
        guard expected.status == 0, fleet.status == 0 else { return .empty }
        guard let snapshot = GeneratedSnapshot(expected: expected.output, fleet: fleet.output) else {
            throw PlanFailure(message: "the generated tree at \(revision) is not nixgen's (or predates nixgen plan): render and commit it once")
        }
        return snapshot
    }

    /// Paths (relative to the output folder) that differ between `revision` and the work tree.
    func changedFiles(since revision: String) throws -> [String] {
        let result = try run(["diff", "--name-only", "--relative", revision, "--", "."])
        let untracked = try run(["ls-files", "--others", "--exclude-standard", "--", "."])
        return (result.text + "\n" + untracked.text).split(separator: "\n").map(String.init).filter { !$0.isEmpty }
    }
}
