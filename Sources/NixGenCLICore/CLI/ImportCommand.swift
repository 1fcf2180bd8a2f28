import Foundation
import NixGen

enum ImportCommand: Command {
    static let spec = CommandSpec(
        name: "import", summary: "Declare an existing flake's hosts in the DSL, or check an import.",
        positionals: [("flake", true)],
        options: [
            OptionSpec(long: "output", short: "o", value: "dir",
                       help: "The repository to write the declarations into, or (with --check) whose render to compare (default: the flake's folder)."),
            OptionSpec(long: "check", help: "Compare each host before the import (FLAKE) and after it (the rendered --output): exit 1 on a difference."),
        ],
        discussion: """
            Reads nixosConfigurations and darwinConfigurations through Nix (nix eval of builtins.getFlake), never by
            parsing Nix text. Writes Sources/Fleet (a file per host, the services with registry ports bound to their
            options) and, per host, nix/hardware/<host>.nix (nix/darwin/ for Macs) importing its existing modules;
            an existing file is an error and nothing is written. Prints what it could not declare as findings.
            """)

    static func run(_ arguments: ParsedArguments, _ cli: CLI) throws -> Int32 {
        if arguments.flag("check"), arguments.value("output") == nil {
            throw UsageError(message: "--check compares FLAKE (before the import) with the render in --output <dir>: give both")
        }
        let flake = cli.url(arguments.positionals[0])
        let output = arguments.value("output").map(cli.url) ?? flake
        var environment = ProcessInfo.processInfo.environment
        environment.merge(cli.environment) { _, configured in configured }
        let before = ExistingFleet(try ImportQuery.evaluate(flake, environment: environment))
        if arguments.flag("check") {
            let after = ExistingFleet(try ImportQuery.evaluate(output, environment: environment))
            let differences = ImportCheck.differences(before: before, after: after)
            for line in differences { cli.console.out("differs: \(line)\n") }
            guard differences.isEmpty else {
                cli.console.err("\(differences.count) difference\(differences.count == 1 ? "" : "s") between \(cli.relativePath(flake)) and the render in \(cli.relativePath(output))\n")
                return CLI.ExitCode.failure
            }
            cli.console.out("no differences: \(before.hosts.count) hosts evaluate as they did before the import\n")
            return CLI.ExitCode.success
        }
        let result = Importer(fleet: before).run()
        for url in try NewFiles.write(result.files, into: output) { cli.console.out("created \(cli.relativePath(url))\n") }
        for finding in result.findings { cli.console.out("finding: \(finding)\n") }
        cli.console.out("imported \(before.hosts.count) hosts; next: nixgen init (if this is not a nixgen repository yet), swift run nixgen render, nixgen import --check\n")
        return CLI.ExitCode.success
    }
}
