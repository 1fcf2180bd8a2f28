import Foundation
import NixGen
import NixGenGenerator

/// Every secret file of the repository, read by its age header: who must be able to decrypt it
/// (the hosts that run its service, by host key, and the fleet's recipients), who it is encrypted
/// to, and so whether it is current, must be re-encrypted, or is no secret at all.
package enum SecretsReport {
    package enum State: String, Sendable {
        /// Encrypted to exactly the keys that must read it.
        case current
        /// Missing a key that must read it, or still readable by one that should not.
        case stale
        /// Not encrypted: the secret itself, committed.
        case plaintext
        /// A header that is not age's, or a file that cannot be read.
        case unreadable
        /// Declared, but not written yet.
        case missing
        /// A symbolic link or another non-file under secrets/: nothing secrix should read.
        case link
        /// An age file under secrets/ that no secret declares.
        case undeclared
    }

    /// A key that can decrypt: a declared one by its role and name, or what age says of another.
    package struct Reader: Sendable, Hashable {
        package var name: String
        package var key: SSHPublicKey?
    }

    package struct File: Sendable {
        package var path: String
        /// `service/secret` of each declaration that names this file (none when undeclared).
        package var secrets: [String]
        package var hosts: [String]
        package var required: [Reader]
        package var encryptedTo: [String]
        package var state: State
        package var reasons: [String]
        package var command: String?
    }

    /// What a file under the repository is, as the report needs it.
    package enum Content: Sendable {
        case bytes([UInt8])
        case absent
        case notAFile
        case unreadable(String)
    }

    /// Every declared secret file and every other entry below `secrets/`, sorted by path;
    /// `read` gives a file's content by its path relative to the repository.
    package static func audit(_ plan: Plan, files: [String], read: (String) -> Content) -> [File] {
        let recipients = plan.fleet.recipients.keys.sorted().flatMap { name in
            plan.fleet.recipients[name]!.map { Reader(name: "recipient \(name)", key: SSHPublicKey(line: $0)) }
        }
        // Every key the fleet declares, to name who a stanza's tag belongs to.
        var known: [Reader] = plan.hosts.compactMap { host in host.host.hostKey.map { Reader(name: "host \(host.name)", key: SSHPublicKey(line: $0)) } }
        known += recipients
        known += plan.fleet.admins.keys.sorted().flatMap { name in plan.fleet.admins[name]!.map { Reader(name: "admin \(name)", key: SSHPublicKey(line: $0)) } }

        var declared: [String: (secrets: [String], hosts: [Plan.HostPlan])] = [:]
        for service in plan.services {
            for secret in service.secrets {
                declared[secret.file, default: ([], [])].secrets.append("\(service.name)/\(secret.name)")
                declared[secret.file]!.hosts += plan.hosts(running: service.name)
            }
        }
        var out: [File] = declared.map { path, declaration in
            var seen = Set<String>()
            let hosts = declaration.hosts.filter { seen.insert($0.name).inserted }.sorted { $0.name < $1.name }
            let required = hosts.map { Reader(name: "host \($0.name)", key: $0.host.hostKey.flatMap(SSHPublicKey.init(line:))) } + recipients
            var file = File(path: path, secrets: declaration.secrets.sorted(), hosts: hosts.map(\.name), required: required,
                            encryptedTo: [], state: .current, reasons: [], command: nil)
            judge(&file, read(path), known: known)
            return file
        }
        for path in Set(files).subtracting(declared.keys) {
            var file = File(path: path, secrets: [], hosts: [], required: [], encryptedTo: [], state: .undeclared, reasons: [], command: nil)
            judge(&file, read(path), known: known)
            if file.state == .current || file.state == .stale {
                file.state = .undeclared
                file.reasons = ["no secret declares it: declare it or remove it (git rm \(path))"]
            }
            out.append(file)
        }
        return out.sorted { $0.path.utf8.lexicographicallyPrecedes($1.path.utf8) }
    }

    private static func judge(_ file: inout File, _ content: Content, known: [Reader]) {
        let systems = file.required.compactMap { $0.name.hasPrefix("host ") ? String($0.name.dropFirst(5)) : nil }
        let users = Set(file.required.compactMap { $0.name.hasPrefix("recipient ") ? String($0.name.dropFirst(10)) : nil }).sorted()
        let keys = (systems.map { "-s \($0)" } + users.map { "-u \($0)" }).joined(separator: " ")
        switch content {
        case .absent:
            file.state = .missing
            file.reasons = ["it does not exist yet"]
            file.command = "nix run .#secrix create \(file.path) -- \(keys)"
            return
        case .notAFile:
            file.state = .link
            file.reasons = ["it is a symbolic link or no regular file: secrix reads files, and a link can point anywhere"]
            file.command = "git rm \(file.path)"
            return
        case .unreadable(let why):
            file.state = .unreadable
            file.reasons = [why]
            return
        case .bytes(let bytes):
            switch AgeHeader.read(bytes) {
            case .plaintext:
                file.state = .plaintext
                file.reasons = ["it is not encrypted: whoever can read the repository has the secret, so change the secret itself too"]
                file.command = file.secrets.isEmpty ? "git rm \(file.path)" : "nix run .#secrix encrypt \(file.path) -- \(keys) < \(file.path)"
            case .malformed(let why):
                file.state = .unreadable
                file.reasons = [why]
            case .encrypted(let header):
                compare(&file, header, known: known)
                if file.state == .stale { file.command = "nix run .#secrix rekey \(file.path) -- -i ~/.ssh/id_ed25519 \(keys)" }
            }
        }
    }

    /// Who each stanza names, against who must read the file.
    private static func compare(_ file: inout File, _ header: AgeHeader, known: [Reader]) {
        var matched = Set<String>()
        var extra: [String] = []
        for stanza in header.stanzas where !stanza.type.hasSuffix("-grease") {
            if ["ssh-ed25519", "ssh-rsa"].contains(stanza.type), let tag = stanza.arguments.first {
                let owners = known.filter { $0.key?.kind.rawValue == stanza.type && $0.key?.ageTag == tag }.map(\.name)
                if owners.isEmpty {
                    file.encryptedTo.append("an unknown \(stanza.type) key (tag \(tag))")
                    extra.append("an unknown \(stanza.type) key (tag \(tag)): a removed host, a rotated host key or a removed recipient")
                    continue
                }
                file.encryptedTo.append(owners.joined(separator: " = "))
                matched.formUnion(owners)
                let required = owners.filter { owner in file.required.contains { $0.name == owner } }
                if required.isEmpty { extra.append(owners.joined(separator: " = ") + ", which need not read it") }
            } else if stanza.type == "X25519" {
                file.encryptedTo.append("an X25519 key (age does not say whose)")
                extra.append("an X25519 key, which the fleet does not declare")
            } else {
                file.encryptedTo.append("a \(stanza.type) recipient")
                extra.append("a \(stanza.type) recipient, which the fleet does not declare")
            }
        }
        var reasons: [String] = []
        for reader in file.required where !matched.contains(reader.name) {
            reasons.append(reader.key == nil ? "\(reader.name) has no well-formed key, so it cannot read it" : "\(reader.name) cannot read it")
        }
        reasons += extra.map { "still readable by \($0)" }
        file.reasons = reasons
        file.state = reasons.isEmpty ? .current : .stale
    }

    // MARK: - Output

    package static func text(_ files: [File], onlyStale: Bool) -> String {
        let shown = onlyStale ? files.filter { $0.state != .current } : files
        var out = shown.map { file in
            var lines = ["\(file.path): \(file.state.rawValue)"]
            for secret in file.secrets {
                let parts = secret.split(separator: "/", maxSplits: 1)
                lines.append("  secret:        secrix.services.\(parts[0]).secrets.\(parts.count > 1 ? parts[1] : "")")
            }
            if !file.hosts.isEmpty { lines.append("  hosts:         " + file.hosts.joined(separator: ", ")) }
            if !file.required.isEmpty { lines.append("  must read it:  " + file.required.map(\.name).joined(separator: ", ")) }
            if [.current, .stale, .undeclared].contains(file.state) {
                lines.append("  encrypted to:  " + (file.encryptedTo.isEmpty ? "nobody" : file.encryptedTo.joined(separator: ", ")))
            }
            for reason in file.reasons { lines.append("  why:           " + reason) }
            if let command = file.command { lines.append("  run:           " + command) }
            return lines.joined(separator: "\n") + "\n"
        }.joined(separator: "\n")
        let pending = files.filter { $0.state != .current }.count
        if !out.isEmpty { out += "\n" }
        out += pending == 0 ? "every secret file is current (\(files.count) files)\n"
            : "\(pending) of \(files.count) secret files need attention\n"
        return out
    }

    package static func json(_ files: [File]) -> JSONValue {
        .array(files.map { file in
            .object([
                "file": .string(file.path), "state": .string(file.state.rawValue), "secrets": .strings(file.secrets),
                "hosts": .strings(file.hosts), "mustRead": .strings(file.required.map(\.name)),
                "encryptedTo": .strings(file.encryptedTo), "reasons": .strings(file.reasons),
                "command": file.command.map(JSONValue.string) ?? .null,
            ])
        })
    }
}
