import NixGen
import NixGenGenerator

enum SecretsCommand: Command {
    static let spec = CommandSpec(
        name: "secrets", summary: "List every encrypted secret file with its hosts, recipients and rekey command.",
        options: [OptionSpec(long: "json", help: "Print JSON.")],
        discussion: "After adding a host, run each file's rekey line to re-encrypt it for the new host's key.")

    static func run(_ arguments: ParsedArguments, _ cli: CLI) throws -> Int32 {
        guard let plan = try cli.validPlan() else { return CLI.ExitCode.invalidFleet }
        cli.console.out(arguments.flag("json") ? SecretsReport.json(plan).prettyText : SecretsReport.text(plan))
        return CLI.ExitCode.success
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
