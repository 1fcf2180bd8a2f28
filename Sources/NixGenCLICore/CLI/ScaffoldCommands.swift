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
            case .removed(let file): ("removed", file)
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

enum RemoveHostCommand: Command {
    static let spec = CommandSpec(
        name: "remove-host", summary: "Remove a host's declaration (its Swift file and its entry in Hosts.swift).",
        positionals: [("name", true)],
        options: [SharedOptions.fleet, SharedOptions.output],
        discussion: """
            Refuses while anything else in the fleet still uses the host. Its hardware module stays (it is yours);
            the next render prunes nix/hosts/<name>.nix, and `nixgen secrets --stale` lists the files still encrypted to it.
            """)

    static func run(_ arguments: ParsedArguments, _ cli: CLI) throws -> Int32 {
        let name = arguments.positionals[0]
        let code = try cli.scaffold { try cli.scaffolder(arguments).removeHost(name: name) }
        if code == CLI.ExitCode.success {
            cli.console.out("next: nixgen render (prunes nix/hosts/\(name).nix), then nixgen secrets --stale (re-encrypt what the host could read)\n")
        }
        return code
    }
}

enum RemoveServiceCommand: Command {
    static let spec = CommandSpec(
        name: "remove-service", summary: "Remove a service's declaration (its Swift file and its entry in Services.swift).",
        positionals: [("name", true)],
        options: [SharedOptions.fleet],
        discussion: "Refuses while a host, role or service still uses it. The next render prunes its module and registry ports.")

    static func run(_ arguments: ParsedArguments, _ cli: CLI) throws -> Int32 {
        let name = arguments.positionals[0]
        let code = try cli.scaffold { try cli.scaffolder(arguments).removeService(name: name) }
        if code == CLI.ExitCode.success { cli.console.out("next: nixgen render (prunes nix/services/\(name).nix and its registry ports)\n") }
        return code
    }
}

enum InitCommand: Command {
    static let spec = CommandSpec(
        name: "init", summary: "Make a repository (new or existing) render with nixgen.",
        positionals: [("dir", true)],
        options: [
            OptionSpec(long: "nixgen", value: "url-or-path",
                       help: "The nixgen git repository (default: the one this nixgen was built from), or a local checkout."),
            OptionSpec(long: "revision", value: "commit", help: "The nixgen commit to pin (default: the one this nixgen was built from)."),
            SharedOptions.templates,
        ],
        discussion: """
            Adds nixgen's files beside a repository's own (an existing file nixgen would write is an error, and
            nothing is written), starts git when the folder is not in a repository, and pins nixgen by commit.
            Then, inside it: swift run nixgen render
            """)

    static func run(_ arguments: ParsedArguments, _ cli: CLI) throws -> Int32 {
        let directory = cli.url(arguments.positionals[0])
        let source: NixGenSource
        switch (arguments.value("nixgen"), arguments.value("revision")) {
        case (let location?, let revision?):
            guard NixGenSource.isFetchable(location) else {
                throw UsageError(message: "--revision pins a git repository: give --nixgen a URL, or a local path without --revision")
            }
            source = .git(url: location, revision: revision)
        case (let location?, nil):
            guard !NixGenSource.isFetchable(location) else {
                throw UsageError(message: "--nixgen \(location) needs --revision <commit>: nixgen publishes no version tags to pin")
            }
            source = .path(location)
        case (nil, let revision?):
            guard case .git(let url, _)? = NixGenSource.running() else {
                throw UsageError(message: "--revision needs --nixgen <git URL>: this nixgen was not built from a clone with a fetchable remote")
            }
            source = .git(url: url, revision: revision)
        case (nil, nil):
            guard let running = NixGenSource.running() else {
                throw UsageError(message: "cannot tell where nixgen comes from: pass --nixgen <git URL> --revision <commit>")
            }
            source = running
        }
        let outcome = try Initializer(source: source, templates: cli.templates(arguments)).create(at: directory)
        cli.report(outcome.written.map { .created($0) } + outcome.kept.map { .kept($0) })
        if case .path = source {
            cli.console.err("warning: Package.swift depends on nixgen at a local path, which the CI job cannot fetch; "
                            + "use --nixgen <git URL> --revision <commit>\n")
        }
        if outcome.kept.contains(where: { $0.lastPathComponent == ".gitignore" }) {
            cli.console.err("note: .gitignore is the repository's own: add .build/ and .swiftpm/ to it\n")
        }
        try startGit(in: directory, cli)
        return CLI.ExitCode.success
    }

    /// `git init` when the folder is not inside a work tree yet.
    private static func startGit(in directory: URL, _ cli: CLI) throws {
        func git(_ arguments: [String]) -> Int32? { Subprocess.run(["git", "-C", directory.path] + arguments)?.status }
        switch git(["rev-parse", "--is-inside-work-tree"]) {
        case 0?: return
        case nil: cli.console.err("warning: git is not installed: the repository was not started\n")
        default:
            if git(["init", "--quiet"]) == 0 {
                cli.console.out("started git in \(cli.relativePath(directory))\n")
            } else {
                cli.console.err("warning: git init failed in \(directory.path)\n")
            }
        }
    }
}
