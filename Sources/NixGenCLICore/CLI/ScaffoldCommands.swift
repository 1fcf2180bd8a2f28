import Foundation
import NixGen
import NixGenGenerator


extension CLI {
    /// `--templates DIR`, else `./Templates` when present, else the built-in defaults.
    func templates(_ arguments: ParsedArguments) -> Templates {
        if let path = arguments.value("templates") { return Templates(directory: url(path)) }
        let local = url("Templates")
        var isDirectory: ObjCBool = false
        let exists = FileManager.default.fileExists(atPath: local.path, isDirectory: &isDirectory) && isDirectory.boolValue
        return Templates(directory: exists ? local : nil)
    }

    func scaffolder(_ arguments: ParsedArguments) -> Scaffolder {
        Scaffolder(fleetDirectory: url(arguments.value("fleet") ?? "Sources/Fleet"),
                   outputDirectory: url(arguments.value("output") ?? "."), templates: templates(arguments))
    }

    /// Prints each change as `created|changed|kept PATH`, paths relative to the current directory.
    func report(_ changes: [Scaffolder.Change]) {
        for change in changes {
            let (verb, file): (String, URL) = switch change {
            case .created(let file): ("created", file)
            case .changed(let file): ("changed", file)
            case .kept(let file): ("kept   ", file)
            }
            console.out("\(verb) \(relativePath(file))\n")
        }
    }

    /// `file` relative to the current directory when inside it.
    func relativePath(_ file: URL) -> String {
        let base = currentDirectory.standardizedFileURL.path
        let path = file.standardizedFileURL.path
        return path.hasPrefix(base + "/") ? String(path.dropFirst(base.count + 1)) : path
    }

    func scaffold(_ body: () throws -> [Scaffolder.Change]) throws -> Int32 {
        report(try body())
        return ExitCode.success
    }
}

enum NewHostCommand: Command {
    static let spec = CommandSpec(
        name: "new-host", summary: "Add a host to the fleet from Templates/Host.swift.",
        positionals: [("name", true)],
        options: [
            OptionSpec(long: "system", value: "system", required: true, help: "x86_64-linux, aarch64-linux, aarch64-darwin, ..."),
            OptionSpec(long: "address", value: "address", help: "IP address or DNS name to deploy to."),
            OptionSpec(long: "host-key", value: "key", help: "The host's SSH public key, for secrix."),
            OptionSpec(long: "lan", value: "interface", repeatable: true, help: "An interface on the local network, where lan ports open (repeatable)."),
            OptionSpec(long: "role", value: "role", repeatable: true, help: "A role the host has (repeatable)."),
            SharedOptions.fleet, SharedOptions.output, SharedOptions.templates,
        ],
        discussion: """
            Creates <fleet>/Hosts/<name>.swift, lists it in <fleet>/Hosts/Hosts.swift so the next render
            includes it, and for a NixOS host scaffolds the user-owned nix/hardware/<name>.nix once: a
            placeholder that refuses to build until replaced by `nixos-generate-config
            --show-hardware-config`. A Mac gets no hardware file. Refuses to overwrite.
            """)

    static func run(_ arguments: ParsedArguments, _ cli: CLI) throws -> Int32 {
        let system = arguments.value("system")!
        return try cli.scaffold {
            try cli.scaffolder(arguments).newHost(name: arguments.positionals[0], system: System(rawValue: system),
                                                  address: arguments.value("address"), hostKey: arguments.value("host-key"),
                                                  lanInterfaces: arguments.values["lan"] ?? [], roles: arguments.values["role"] ?? [])
        }
    }
}

enum NewServiceCommand: Command {
    static let spec = CommandSpec(
        name: "new-service", summary: "Add a service to the fleet from Templates/Service.swift.",
        positionals: [("name", true)],
        options: [SharedOptions.fleet, SharedOptions.templates],
        discussion: "Creates <fleet>/Services/<name>.swift and lists it in <fleet>/Services/Services.swift. Refuses to overwrite.")

    static func run(_ arguments: ParsedArguments, _ cli: CLI) throws -> Int32 {
        try cli.scaffold { try cli.scaffolder(arguments).newService(name: arguments.positionals[0]) }
    }
}

enum InitCommand: Command {
    static let spec = CommandSpec(
        name: "init", summary: "Create a new infrastructure repository that renders with nixgen.",
        positionals: [("dir", true)],
        options: [
            OptionSpec(long: "nixgen", value: "path-or-url", help: "Where the NixGen package comes from (default: ../nixgen)."),
            SharedOptions.templates,
        ],
        discussion: "Then, inside it: swift run nixgen render")

    static func run(_ arguments: ParsedArguments, _ cli: CLI) throws -> Int32 {
        let directory = cli.url(arguments.positionals[0])
        let initializer = Initializer(nixgen: arguments.value("nixgen") ?? "../nixgen", version: cli.version, templates: cli.templates(arguments))
        cli.report(try initializer.create(at: directory).map { .created($0) })
        return CLI.ExitCode.success
    }
}
