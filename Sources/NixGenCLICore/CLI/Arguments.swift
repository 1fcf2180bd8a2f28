import NixGen
import NixGenGenerator

/// One option of a command.
struct OptionSpec: Sendable {
    var long: String
    var short: Character?
    /// The value's name in help (`<dir>`); nil for a flag.
    var value: String?
    var repeatable = false
    /// A required option is written without brackets in usage, and its absence is a usage error.
    var required = false
    var help: String
}

/// Options several commands take, declared once so they mean and say the same everywhere.
enum SharedOptions {
    static let output = OptionSpec(long: "output", short: "o", value: "dir",
                                   help: "Folder that holds nix/ and policies/ (default: current directory).")
    static let fleet = OptionSpec(long: "fleet", value: "dir", help: "The fleet target's folder (default: Sources/Fleet).")
    static let templates = OptionSpec(long: "templates", value: "dir",
                                      help: "Templates folder (default: ./Templates if present, else built-in).")
}

/// A command's grammar and help text.
struct CommandSpec: Sendable {
    var name: String
    var summary: String
    var positionals: [(name: String, required: Bool)] = []
    var options: [OptionSpec] = []
    var discussion: String = ""

    var usage: String {
        var parts = ["nixgen", name]
        parts += positionals.map { $0.required ? "<\($0.name)>" : "[<\($0.name)>]" }
        // Required options first and bare, as swift-argument-parser's UsageGenerator writes them.
        parts += options.sorted { $0.required && !$1.required }.map { option in
            let text = option.value.map { "--\(option.long) <\($0)>" } ?? "--\(option.long)"
            if option.required { return option.repeatable ? "\(text) ..." : text }
            return option.repeatable ? "[\(text) ...]" : "[\(text)]"
        }
        return parts.joined(separator: " ")
    }

    var help: String {
        var text = "OVERVIEW: \(summary)\n\nUSAGE: \(usage)\n"
        if !positionals.isEmpty {
            text += "\nARGUMENTS:\n" + positionals.map { "  <\($0.name)>\n" }.joined()
        }
        text += "\nOPTIONS:\n"
        for option in options {
            var names = option.short.map { "-\($0), " } ?? ""
            names += "--\(option.long)" + (option.value.map { " <\($0)>" } ?? "")
            text += "  " + names.padding(toLength: max(26, names.count + 2), withPad: " ", startingAt: 0) + option.help + "\n"
        }
        text += "  -h, --help                Show help information.\n"
        if !discussion.isEmpty { text += "\n" + discussion + "\n" }
        return text
    }
}

/// Parsed command line of one command.
struct ParsedArguments: Sendable {
    var flags: Set<String> = []
    var values: [String: [String]] = [:]
    var positionals: [String] = []
    var wantsHelp = false

    func value(_ name: String) -> String? { values[name]?.last }
    func flag(_ name: String) -> Bool { flags.contains(name) }
}

/// A mistake in how the command was called: `Error: ...` and the usage, exit 64.
struct UsageError: Error {
    var message: String
}

enum ArgumentParser {
    /// Parses `arguments` (after the command name) against `spec`.
    static func parse(_ arguments: [String], _ spec: CommandSpec) throws -> ParsedArguments {
        var parsed = ParsedArguments()
        var index = 0
        var onlyPositionals = false
        func option(named name: String) throws -> OptionSpec {
            if let found = spec.options.first(where: { "--" + $0.long == name || $0.short.map { "-\($0)" } == name }) {
                return found
            }
            throw UsageError(message: "Unknown option '\(name)'")
        }
        while index < arguments.count {
            let argument = arguments[index]
            index += 1
            if onlyPositionals || !argument.hasPrefix("-") || argument == "-" {
                parsed.positionals.append(argument)
                continue
            }
            if argument == "--" { onlyPositionals = true; continue }
            if argument == "-h" || argument == "--help" { parsed.wantsHelp = true; continue }
            var name = argument
            var inline: String?
            if argument.hasPrefix("--"), let equals = argument.firstIndex(of: "=") {
                name = String(argument[..<equals])
                inline = String(argument[argument.index(after: equals)...])
            }
            let spec = try option(named: name)
            if let valueName = spec.value {
                let value: String
                if let inline {
                    value = inline
                } else if index < arguments.count {
                    value = arguments[index]
                    index += 1
                } else {
                    throw UsageError(message: "Missing value for '--\(spec.long) <\(valueName)>'")
                }
                // An empty path would silently mean the current directory; no option takes "".
                if value.isEmpty { throw UsageError(message: "Empty value for '--\(spec.long) <\(valueName)>'") }
                if !spec.repeatable, parsed.values[spec.long] != nil {
                    throw UsageError(message: "Option '--\(spec.long)' given more than once")
                }
                parsed.values[spec.long, default: []].append(value)
            } else {
                if inline != nil { throw UsageError(message: "Option '--\(spec.long)' takes no value") }
                parsed.flags.insert(spec.long)
            }
        }
        if parsed.wantsHelp { return parsed }
        for option in spec.options where option.required && parsed.values[option.long] == nil && !parsed.flags.contains(option.long) {
            throw UsageError(message: "Missing expected option '--\(option.long)\(option.value.map { " <\($0)>" } ?? "")'")
        }
        if let index = parsed.positionals.firstIndex(of: ""), index < spec.positionals.count {
            throw UsageError(message: "Empty value for '<\(spec.positionals[index].name)>'")
        }
        let required = spec.positionals.filter(\.required).count
        if parsed.positionals.count < required {
            throw UsageError(message: "Missing expected argument '<\(spec.positionals[parsed.positionals.count].name)>'")
        }
        if parsed.positionals.count > spec.positionals.count {
            throw UsageError(message: "Unexpected argument '\(parsed.positionals[spec.positionals.count])'")
        }
        return parsed
    }
}
