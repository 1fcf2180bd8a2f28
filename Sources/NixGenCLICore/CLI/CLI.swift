import Foundation
import NixGen
import NixGenGenerator

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Where the CLI prints: the terminal in `main.swift`, buffers in tests.
public final class Console: @unchecked Sendable {
    package private(set) var output = ""
    package private(set) var errors = ""
    let passThrough: Bool
    /// Whether standard output is a terminal (colors are used only then, and never with NO_COLOR).
    package let isTerminal: Bool

    /// A console that captures what is printed (`capturing: false` passes it to the process's own streams).
    public init(capturing: Bool = true, isTerminal: Bool = false) {
        self.passThrough = !capturing
        self.isTerminal = isTerminal
    }

    /// The process's own standard output and error.
    public static func standard() -> Console { Console(capturing: false, isTerminal: isatty(1) == 1) }

    func out(_ text: String) {
        if passThrough { FileHandle.standardOutput.write(Data(text.utf8)) } else { output += text }
    }

    func err(_ text: String) {
        if passThrough { FileHandle.standardError.write(Data(text.utf8)) } else { errors += text }
    }
}

/// nixgen's command line, as a testable value: `CLI(arguments:fleet:).run()` returns the exit code.
///
/// Exit codes: 0 success, 1 drift or a failed write, 2 an invalid fleet, 64 a usage error.
public struct CLI: Sendable {
    /// The version a repository's own `nixgen` reports when its main.swift names none.
    public static let libraryVersion = "0.1.0"

    package enum ExitCode {
        package static let success: Int32 = 0
        package static let failure: Int32 = 1
        package static let invalidFleet: Int32 = 2
        package static let usage: Int32 = 64
    }

    package var arguments: [String]
    /// Builds the fleet; called only by commands that need it.
    package var fleet: @Sendable () -> Fleet
    package var environment: [String: String]
    package var currentDirectory: URL
    package var console: Console
    /// What `--version` prints and `init` pins; the executable passes its own.
    package var version: String

    /// A command line over `fleet`; `main.swift` runs it and exits with its code.
    public init(
        arguments: [String], fleet: @escaping @Sendable () -> Fleet, version: String = CLI.libraryVersion,
        environment: [String: String] = ProcessInfo.processInfo.environment,
        currentDirectory: URL = URL(fileURLWithPath: FileManager.default.currentDirectoryPath),
        console: Console = Console()
    ) {
        self.arguments = arguments
        self.fleet = fleet
        self.version = version
        self.environment = environment
        self.currentDirectory = currentDirectory
        self.console = console
    }

    static let commands: [any Command.Type] = [
        RenderCommand.self, DiffCommand.self, ValidateCommand.self, InventoryCommand.self,
        NewHostCommand.self, NewServiceCommand.self, RemoveHostCommand.self, RemoveServiceCommand.self, InitCommand.self, ImportCommand.self, SecretsCommand.self, GraphCommand.self, PlanCommand.self,
    ]

    static let overview = """
        OVERVIEW: Render a NixOS fleet's nix/ tree and policies/ from one typed Swift declaration.

        USAGE: nixgen <command> [<options>]

        COMMANDS:
        \(commands.map { "  " + $0.spec.name.padding(toLength: 12, withPad: " ", startingAt: 0) + $0.spec.summary }.joined(separator: "\n"))
          help        Show help for a command.

        OPTIONS:
          --version   Show the version.
          -h, --help  Show help information.

          See 'nixgen help <command>' for a command's options.

        """

    /// Runs the command and returns its exit code; every message has been printed by then.
    public func run() -> Int32 {
        CLI.oneMallocArenaPerCore()
        guard let first = arguments.first else {
            console.err("Error: Missing command\nUsage: nixgen <command> [<options>]\n  See 'nixgen --help'.\n")
            return ExitCode.usage
        }
        switch first {
        case "-h", "--help":
            console.out(Self.overview)
            return ExitCode.success
        case "--version":
            console.out(version + "\n")
            return ExitCode.success
        case "help":
            guard let name = arguments.dropFirst().first else { console.out(Self.overview); return ExitCode.success }
            guard let command = Self.commands.first(where: { $0.spec.name == name }) else {
                return usageError("Unknown command '\(name)'", usage: "nixgen help <command>")
            }
            console.out(command.spec.help)
            return ExitCode.success
        default:
            guard let command = Self.commands.first(where: { $0.spec.name == first }) else {
                return usageError("Unknown command '\(first)'", usage: "nixgen <command> [<options>]")
            }
            do {
                let parsed = try ArgumentParser.parse(Array(arguments.dropFirst()), command.spec)
                if parsed.wantsHelp {
                    console.out(command.spec.help)
                    return ExitCode.success
                }
                return try command.run(parsed, self)
            } catch let error as UsageError {
                return usageError(error.message, usage: command.spec.usage, command: command.spec.name)
            } catch let error as FleetNeverFinished {
                console.err(Self.neverFinished(error))
                return ExitCode.invalidFleet
            } catch {
                console.err("Error: \(Self.describe(error))\n")
                return ExitCode.failure
            }
        }
    }

    /// One line for a failure: a file system error names the path and the system's reason instead
    /// of Foundation's `Error Domain=NSCocoaErrorDomain Code=512 "(null)"` dump.
    static func describe(_ error: Error) -> String {
        let system = error as NSError
        guard system.domain == NSCocoaErrorDomain || system.domain == NSPOSIXErrorDomain else { return "\(error)" }
        let path = system.userInfo[NSFilePathErrorKey] as? String ?? (system.userInfo[NSURLErrorKey] as? URL)?.path
        let posix = (system.userInfo[NSUnderlyingErrorKey] as? NSError).flatMap { $0.domain == NSPOSIXErrorDomain ? $0.code : nil }
            ?? (system.domain == NSPOSIXErrorDomain ? system.code : nil)
        if let posix { return (path.map { "\($0): " } ?? "") + String(cString: strerror(Int32(posix))) }
        if let path, let inTheWay = Self.notAFolder(above: path) { return "\(path): \(inTheWay) is not a folder" }
        let reason = Self.cocoaReasons[system.code].map { String(cString: strerror($0)) } ?? system.localizedDescription
        return path.map { "\($0): \(reason)" } ?? reason
    }

    /// Foundation's file error codes as the system's reasons (its own sentences say "The operation
    /// could not be completed" first, or only that, for code 512).
    private static let cocoaReasons: [Int: Int32] = [
        NSFileNoSuchFileError: ENOENT, NSFileReadNoSuchFileError: ENOENT, NSFileReadNoPermissionError: EACCES,
        NSFileWriteNoPermissionError: EACCES, NSFileWriteFileExistsError: EEXIST, NSFileWriteOutOfSpaceError: ENOSPC,
        NSFileWriteVolumeReadOnlyError: EROFS, NSFileWriteInvalidFileNameError: EINVAL,
    ]

    /// The nearest existing folder above `path` when it is a file instead: what Foundation reports
    /// as code 512 without a reason when a file stands where a folder was to be made.
    static func notAFolder(above path: String) -> String? {
        var ancestor = URL(fileURLWithPath: path).deletingLastPathComponent()
        for _ in 0..<256 where ancestor.path != "/" {
            var isFolder: ObjCBool = false
            if FileManager.default.fileExists(atPath: ancestor.path, isDirectory: &isFolder) {
                return isFolder.boolValue ? nil : ancestor.path
            }
            ancestor.deleteLastPathComponent()
        }
        return nil
    }

    func usageError(_ message: String, usage: String, command: String? = nil) -> Int32 {
        let see = command.map { "nixgen \($0) --help" } ?? "nixgen --help"
        console.err("Error: \(message)\nUsage: \(usage)\n  See '\(see)'.\n")
        return ExitCode.usage
    }

    // MARK: - Shared steps

    /// A path from the command line, relative to the current directory.
    func url(_ path: String) -> URL {
        // The base must be a directory URL, or relative paths resolve against its parent.
        let base = URL(fileURLWithPath: currentDirectory.path, isDirectory: true)
        return URL(fileURLWithPath: path, relativeTo: base).standardizedFileURL
    }

    /// Validates and renders; prints diagnostics to standard error. Nil on errors.
    func generate() throws -> (plan: Plan, tree: RenderedTree)? {
        let fleet = try builtFleet()
        let generation = Generator.run(fleet, sources: fleetSources(fleet))
        report(generation.diagnostics)
        return generation.tree.map { (generation.plan, $0) }
    }

    func report(_ diagnostics: [Diagnostic]) {
        guard !diagnostics.isEmpty else { return }
        let text = diagnostics.map { $0.formatted(relativeTo: currentDirectory.path) + "\n" }.joined()
        let errors = diagnostics.filter { $0.severity == .error }.count
        let warnings = diagnostics.count - errors
        console.err(text + "\(errors) error\(errors == 1 ? "" : "s"), \(warnings) warning\(warnings == 1 ? "" : "s")\n")
    }

    var useColor: Bool { console.isTerminal && environment["NO_COLOR"] == nil }
}

/// A subcommand: its grammar and what it does.
protocol Command: Sendable {
    static var spec: CommandSpec { get }
    /// Runs the command; a thrown error is printed once, by `CLI.run`, as `Error: ...` (exit 1),
    /// or with the usage (exit 64) when it is a `UsageError`.
    static func run(_ arguments: ParsedArguments, _ cli: CLI) throws -> Int32
}

extension CLI {
    /// glibc gives a thread that finds its malloc arena busy a new one, up to eight per core; how
    /// many a render's threads (the fleet's builder, the main thread, one worker per core) end up
    /// with depends on timing, and the freed memory each arena keeps made the peak of the same
    /// 10,000-host render 117 MB in some runs and 131 MB in others. One arena per core keeps it
    /// at the lower figure and costs no measurable time; fewer (one) slowed printing by a third.
    package static func oneMallocArenaPerCore() {
        #if canImport(Glibc)
        _ = glibcMallopt(-8 /* M_ARENA_MAX */, Int32(ProcessInfo.processInfo.activeProcessorCount))
        #endif
    }
}

#if canImport(Glibc)
/// glibc's `mallopt(3)`, which Swift's Glibc module does not export.
@_silgen_name("mallopt")
private func glibcMallopt(_ parameter: Int32, _ value: Int32) -> Int32
#endif
