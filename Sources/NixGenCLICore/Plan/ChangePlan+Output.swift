import Foundation
import NixGenGenerator

extension ChangePlan {
    /// The lines that say what happens to one host, in the order a reviewer reads them.
    func lines(_ host: HostChange) -> [String] {
        var out: [String] = []
        switch host.kind {
        case .added: out.append("new host" + (host.deployTarget.map { ", deployed to \($0)" } ?? ""))
        case .removed: out.append("removed: nothing is deployed to it any more")
        case .changed: break
        }
        out += host.movedIn.map { "\($0.service) moves in from \($0.from)" }
        out += host.movedOut.map { "\($0.service) moves out to \($0.to)" }
        out += host.servicesAdded.map { "runs \($0) (new here)" }
        out += host.servicesRemoved.map { "no longer runs \($0)" }
        out += host.portsOpened.map { "opens \($0)" }
        out += host.portsClosed.map { "closes \($0)" }
        out += host.settings.map { "\($0.subject): \(Self.shown($0.old)) → \(Self.shown($0.new))" }
        out += host.access.map { "access \($0.subject): \(Self.shown($0.old)) → \(Self.shown($0.new))" }
        out += host.deployment.map { "deployment \($0.subject): \(Self.shown($0.old)) → \(Self.shown($0.new))" }
        out += host.wiring.map { "wiring: \($0)" }
        out += host.files.map { "\($0) changes" }
        return out
    }

    private static func shown(_ value: String?) -> String { value ?? "(unset)" }

    private var summary: String {
        let changed = hosts.filter { $0.kind == .changed }.count, added = hosts.filter { $0.kind == .added }.count
        let removed = hosts.filter { $0.kind == .removed }.count
        var parts: [String] = []
        if changed > 0 { parts.append("\(changed) host\(changed == 1 ? "" : "s") change") }
        if added > 0 { parts.append("\(added) added") }
        if removed > 0 { parts.append("\(removed) removed") }
        if !secrets.isEmpty { parts.append("\(secrets.count) secret file\(secrets.count == 1 ? "" : "s") to re-encrypt or remove") }
        parts.append("\(untouched) untouched")
        return isEmpty ? "No changes: \(untouched) host\(untouched == 1 ? "" : "s") untouched." : parts.joined(separator: ", ") + "."
    }

    /// For a terminal.
    package var text: String {
        var out = "Plan: \(summary)\n"
        for host in hosts {
            out += "\n\(host.name)\n" + lines(host).map { "  \($0)\n" }.joined()
        }
        if !secrets.isEmpty { out += "\nsecrets\n" + secrets.map { "  \($0.file): \($0.reason)\n" }.joined() }
        if !fleetFiles.isEmpty { out += "\nother generated files\n" + fleetFiles.map { "  \($0) changes\n" }.joined() }
        return out
    }

    /// For a pull-request comment.
    package var markdown: String {
        var out = "### nixgen plan\n\n\(summary)\n"
        for host in hosts {
            out += "\n#### `\(host.name)`\n\n" + lines(host).map { "- \(Self.code($0))\n" }.joined()
        }
        if !secrets.isEmpty { out += "\n#### Secrets\n\n" + secrets.map { "- `\($0.file)`: \($0.reason)\n" }.joined() }
        if !fleetFiles.isEmpty { out += "\n#### Other generated files\n\n" + fleetFiles.map { "- `\($0)` changes\n" }.joined() }
        return out
    }

    /// Markdown text: backticks and pipes would break the comment, so the line is shown as code
    /// when it holds any.
    private static func code(_ line: String) -> String {
        guard line.contains("`") || line.contains("|") || line.contains("<") else { return line }
        return "<code>" + line.replacingOccurrences(of: "&", with: "&amp;").replacingOccurrences(of: "<", with: "&lt;") + "</code>"
    }

    /// `--json`: the plan as data (described by `ChangePlan.schema`).
    package var json: JSONValue {
        func changes(_ list: [Change]) -> JSONValue {
            .array(list.map { .object(["subject": .string($0.subject), "old": $0.old.map(JSONValue.string) ?? .null, "new": $0.new.map(JSONValue.string) ?? .null]) })
        }
        return .object([
            "hosts": .array(hosts.map { host in .object([
                "name": .string(host.name), "kind": .string(host.kind.rawValue),
                "servicesAdded": .strings(host.servicesAdded), "servicesRemoved": .strings(host.servicesRemoved),
                "movedIn": .array(host.movedIn.map { .object(["service": .string($0.service), "from": .string($0.from)]) }),
                "movedOut": .array(host.movedOut.map { .object(["service": .string($0.service), "to": .string($0.to)]) }),
                "portsOpened": .strings(host.portsOpened), "portsClosed": .strings(host.portsClosed),
                "settings": changes(host.settings), "access": changes(host.access), "deployment": changes(host.deployment),
                "wiring": .strings(host.wiring), "files": .strings(host.files),
            ]) }),
            "secrets": .array(secrets.map { .object(["file": .string($0.file), "reason": .string($0.reason)]) }),
            "fleetFiles": .strings(fleetFiles),
            "untouched": .int(untouched),
            "changes": .bool(!isEmpty),
        ])
    }
}
