import Foundation
import NixGen
import NixGenGenerator

/// Adds hosts and services to a fleet's Swift sources from templates, so that the next render
/// includes them with no hand edit: one file per host or service, registered in the folder's index.
///
/// Every check runs before anything is written; nothing that exists is ever overwritten.
package struct Scaffolder: Sendable {
    /// The fleet target's folder (`Sources/Fleet`).
    package var fleetDirectory: URL
    /// The folder holding `nix/` (user-owned modules such as `nix/hardware/NAME.nix` go there).
    package var outputDirectory: URL
    package var templates: Templates

    package init(fleetDirectory: URL, outputDirectory: URL, templates: Templates) {
        self.fleetDirectory = fleetDirectory
        self.outputDirectory = outputDirectory
        self.templates = templates
    }

    /// A file the scaffolder created or changed, or left alone because it was already there.
    package enum Change: Equatable, Sendable {
        case created(URL)
        case changed(URL)
        case kept(URL)
        case removed(URL)
    }

    /// A Swift file for the host and, for NixOS, the user-owned hardware placeholder (a Mac has no
    /// hardware module: nix-darwin needs none).
    package func newHost(name: String, system: System, address: String?, hostKey: String? = nil, lanInterfaces: [String] = [],
                        roles: [String]) throws -> [Change] {
        if let problem = Names.hostNameProblem(name) { throw ScaffoldError("invalid host name \(quoted(name)): \(problem)") }
        guard system.platform != nil else {
            throw ScaffoldError("unknown system \(quoted(system.rawValue)); known: \(System.known.map(\.rawValue).joined(separator: ", "))")
        }
        if let address, let problem = Downstream.addressProblem(address) { throw ScaffoldError("invalid address \(quoted(address)): \(problem)") }
        if let hostKey, let problem = SSHPublicKey.problem(hostKey) { throw ScaffoldError("the host key is not a well-formed SSH public key: \(problem)") }
        for interface in lanInterfaces {
            if let problem = Downstream.interfaceProblem(interface) { throw ScaffoldError("invalid lan interface \(quoted(interface)): \(problem)") }
        }
        let isNixOS = system.platform == .nixos
        for role in roles { if let problem = Names.fileNameProblem(role) { throw ScaffoldError("invalid role \(quoted(role)): \(problem)") } }

        try refuseDeclared("Host", name)
        let file = fleetDirectory.appendingPathComponent("Hosts/\(name).swift")
        let index = fleetDirectory.appendingPathComponent("Hosts/Hosts.swift")
        let hardware = outputDirectory.appendingPathComponent("nix/hardware/\(name).nix")
        let identifier = try freeIdentifier(for: name, suffix: "Host")
        let indexText = try existingIndex(index, declaration: SwiftIndex.hosts)
        try refuseExisting(file)

        let host = try templates.render("Host.swift", [
            "identifier": identifier, "name": name, "system": Self.swiftSystem(system),
            "address": address.map(Self.swiftString) ?? "nil", "hostKey": hostKey.map(Self.swiftString) ?? "nil",
            "assignments": roles.map { "    HasRole(\(Self.swiftString($0)))\n" }.joined(),
            "lanInterfaces": "[" + lanInterfaces.map(Self.swiftString).joined(separator: ", ") + "]",
            "hardware": isNixOS ? "    Import(\"hardware/\(name).nix\")\n" : "",
        ])
        let updatedIndex = try SwiftIndex.adding(identifier, to: indexText, declaration: SwiftIndex.hosts)
        let hardwareText = isNixOS ? try templates.render("hardware-nixos.nix", ["name": name]) : nil

        // All or nothing: no file is written when any of them would go through a link.
        for url in [file, index] + (hardwareText == nil ? [] : [hardware]) { try refuseLinks(url) }
        try write(host, to: file)
        try write(updatedIndex, to: index)
        var changes: [Change] = [.created(file), .changed(index)]
        guard let hardwareText else { return changes }
        if FileManager.default.fileExists(atPath: hardware.path) {
            changes.append(.kept(hardware))
        } else {
            try write(hardwareText, to: hardware)
            changes.append(.created(hardware))
        }
        return changes
    }

    package func newService(name: String) throws -> [Change] {
        if let problem = Names.fileNameProblem(name) { throw ScaffoldError("invalid service name \(quoted(name)): \(problem)") }
        try refuseDeclared("Service", name)
        let file = fleetDirectory.appendingPathComponent("Services/\(name).swift")
        let index = fleetDirectory.appendingPathComponent("Services/Services.swift")
        let identifier = try freeIdentifier(for: name, suffix: "Service")
        let indexText = try existingIndex(index, declaration: SwiftIndex.services)
        try refuseExisting(file)
        let service = try templates.render("Service.swift", ["identifier": identifier, "name": name])
        let updatedIndex = try SwiftIndex.adding(identifier, to: indexText, declaration: SwiftIndex.services)
        for url in [file, index] { try refuseLinks(url) }
        try write(service, to: file)
        try write(updatedIndex, to: index)
        return [.created(file), .changed(index)]
    }

    // MARK: - Steps

    private func refuseExisting(_ file: URL) throws {
        if FileManager.default.fileExists(atPath: file.path) {
            throw ScaffoldError("\(file.path) already exists; nothing was changed")
        }
    }

    /// Refuses a name some fleet file already declares (`Host("atlas"` or `Service("grafana"`).
    private func refuseDeclared(_ kind: String, _ name: String) throws {
        let needle = "\(kind)(\(Self.swiftString(name))"
        for path in FileIO.regularFiles(under: fleetDirectory, relativeTo: fleetDirectory) where path.hasSuffix(".swift") {
            if FileIO.readText(fleetDirectory.appendingPathComponent(path))?.contains(needle) == true {
                throw ScaffoldError("\(path) already declares \(needle)...); nothing was changed")
            }
        }
    }

    func existingIndex(_ index: URL, declaration: String) throws -> String {
        guard let data = FileManager.default.contents(atPath: index.path) else {
            throw ScaffoldError("\(index.path) not found: it lists the fleet's declarations (`\(declaration)`)")
        }
        return String(decoding: data, as: UTF8.self)
    }

    /// Below the repository: the fleet folder is Sources/Fleet in it, nix/ is in the output.
    func refuseLinks(_ url: URL) throws {
        try NewFiles.refuseLinks(url, below: url.path.hasPrefix(outputDirectory.path + "/") ? outputDirectory
                                 : fleetDirectory.deletingLastPathComponent().deletingLastPathComponent())
    }

    func write(_ text: String, to url: URL) throws {
        try refuseLinks(url)
        try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
        try FileIO.stage(text, for: url, sync: true)
        try FileIO.commit(url)
    }

    /// A Swift identifier for `name` no other declaration of the fleet uses.
    private func freeIdentifier(for name: String, suffix: String) throws -> String {
        let base = Self.swiftIdentifier(name)
        let declared = declaredIdentifiers()
        for candidate in [base, base + suffix] where !declared.contains(candidate.trimmingCharacters(in: ["`"])) {
            return candidate
        }
        throw ScaffoldError("the fleet already declares `\(base)` and `\(base)\(suffix)`; nothing was changed")
    }

    /// Names bound by `let` at the top level of the fleet's Swift files.
    private func declaredIdentifiers() -> Set<String> {
        var names = Set<String>()
        for path in FileIO.regularFiles(under: fleetDirectory, relativeTo: fleetDirectory) where path.hasSuffix(".swift") {
            guard let text = FileIO.readText(fleetDirectory.appendingPathComponent(path)) else { continue }
            for line in text.split(separator: "\n") {
                let words = line.split(whereSeparator: { " \t:=".contains($0) })
                for (index, word) in words.enumerated() where (word == "let" || word == "var") && index + 1 < words.count {
                    names.insert(words[index + 1].trimmingCharacters(in: ["`"]))
                }
            }
        }
        return names
    }

    // MARK: - Swift spelling

    static let swiftKeywords: Set<String> = [
        "as", "associatedtype", "break", "case", "catch", "class", "continue", "default", "defer", "deinit", "do", "else",
        "enum", "extension", "fallthrough", "false", "fileprivate", "for", "func", "guard", "if", "import", "in", "init",
        "inout", "internal", "is", "let", "nil", "open", "operator", "private", "protocol", "public", "repeat", "rethrows",
        "return", "self", "Self", "static", "struct", "subscript", "super", "switch", "throw", "throws", "true", "try",
        "typealias", "var", "where", "while", "any", "some",
    ]

    /// `home-assistant` → `homeAssistant`, `1password` → `_1password`, `default` → `` `default` ``.
    package static func swiftIdentifier(_ name: String) -> String {
        let parts = name.split(whereSeparator: { !($0.isLetter || $0.isNumber) }).map(String.init)
        var identifier = (parts.first ?? "_").lowercased()
            + parts.dropFirst().map { $0.prefix(1).uppercased() + $0.dropFirst() }.joined()
        if identifier.first?.isNumber == true { identifier = "_" + identifier }
        return swiftKeywords.contains(identifier) ? "`\(identifier)`" : identifier
    }

    /// A Swift string literal. Controls, DEL and the invisible format characters (zero-width,
    /// bidi, line separators, the byte-order mark, specials) are written as `\u{…}`: the compiler
    /// rejects raw DEL ("unprintable ASCII character"), and a reviewer cannot see the others.
    package static func swiftString(_ text: String) -> String {
        quotedScalarByScalar(text) { scalar in
            switch scalar {
            case "\"": "\\\""
            case "\\": "\\\\"
            case "\n": "\\n"
            case "\r": "\\r"
            case "\t": "\\t"
            default: isEscaped(scalar.value) ? "\\u{\(String(scalar.value, radix: 16))}" : nil
            }
        }
    }

    private static func isEscaped(_ value: UInt32) -> Bool {
        value < 0x20 || (0x7F...0x9F).contains(value) || (0x200B...0x200F).contains(value) || (0x2028...0x202E).contains(value)
            || (0x2060...0x206F).contains(value) || value == 0xFEFF || (0xFFF0...0xFFFF).contains(value)
    }

    static func swiftSystem(_ system: System) -> String {
        let named: [System: String] = [.x86_64Linux: ".x86_64Linux", .aarch64Linux: ".aarch64Linux",
                                       .x86_64Darwin: ".x86_64Darwin", .aarch64Darwin: ".aarch64Darwin"]
        return named[system] ?? swiftString(system.rawValue)
    }
}

/// The index files that list a fleet's declarations, one identifier per line.
enum SwiftIndex {
    static let hosts = "let allHosts: [Host] = ["
    static let services = "let allServices: [Service] = ["

    /// `text` with `identifier` appended to the list that `declaration` opens.
    static func adding(_ identifier: String, to text: String, declaration: String) throws -> String {
        var lines = text.components(separatedBy: "\n")
        guard let open = lines.firstIndex(where: { $0.trimmingCharacters(in: .whitespaces) == declaration }),
              let close = lines[(open + 1)...].firstIndex(where: { $0.trimmingCharacters(in: .whitespaces).hasPrefix("]") })
        else {
            throw ScaffoldError("cannot find the list `\(declaration) ... ]` to register the declaration in")
        }
        let listed = lines[(open + 1)..<close].map { $0.trimmingCharacters(in: CharacterSet(charactersIn: " \t,")) }
        if listed.contains(identifier) { throw ScaffoldError("`\(identifier)` is already listed; nothing was changed") }
        lines.insert("    \(identifier),", at: close)
        return lines.joined(separator: "\n")
    }

    /// `text` without `identifier`'s line in the list that `declaration` opens.
    static func removing(_ identifier: String, from text: String, declaration: String) throws -> String {
        var lines = text.components(separatedBy: "\n")
        guard let open = lines.firstIndex(where: { $0.trimmingCharacters(in: .whitespaces) == declaration }),
              let close = lines[(open + 1)...].firstIndex(where: { $0.trimmingCharacters(in: .whitespaces).hasPrefix("]") })
        else {
            throw ScaffoldError("cannot find the list `\(declaration) ... ]` the declaration is registered in")
        }
        guard let line = lines[(open + 1)..<close].firstIndex(where: { $0.trimmingCharacters(in: CharacterSet(charactersIn: " \t,")) == identifier }) else {
            throw ScaffoldError("`\(identifier)` is not listed in `\(declaration) ... ]`; nothing was changed")
        }
        lines.remove(at: line)
        return lines.joined(separator: "\n")
    }
}
