import NixGen

/// A Swift file of the fleet's declaration folders (`Hosts/`, `Services/`, `Roles/` beside the
/// file that declares the `Fleet`), read by the CLI so validation can see what was written there.
package struct FleetSource: Sendable, Hashable {
    package var path: String
    package var text: String

    package init(path: String, text: String) {
        self.path = path
        self.text = text
    }
}

/// A declaration written in the fleet's folders but never made part of the fleet (a new host
/// missing from `allHosts`, say) is an error at its line: Swift compiles it and nixgen would
/// otherwise drop it without a word.
enum SourceRules {
    private static let kinds: [(call: String, noun: String)] = [("Host(", "host"), ("Service(", "service"), ("Role(", "role")]

    static func check(_ plan: Plan, sources: [FleetSource]) -> [Diagnostic] {
        guard !sources.isEmpty else { return [] }
        let fleet = plan.fleet
        // Declarations are recorded at the line of their call (`#line` of `Host(`).
        var declared = Set<String>()
        for host in fleet.hosts { declared.insert("\(host.location.file):\(host.location.line)") }
        for service in fleet.services { declared.insert("\(service.location.file):\(service.location.line)") }
        for role in fleet.roles { declared.insert("\(role.location.file):\(role.location.line)") }
        var out: [Diagnostic] = []
        for source in sources {
            for (index, line) in source.text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
                guard let (noun, column) = declaration(in: line) else { continue }
                let number = index + 1
                guard !declared.contains("\(source.path):\(number)") else { continue }
                let list = noun == "host" ? "allHosts" : noun == "service" ? "allServices" : "a host"
                out.append(.error("this \(noun) is declared but not part of the fleet, so nothing is rendered for it",
                                  at: SourceLocation(file: source.path, line: number, column: column),
                                  hint: "add it to \(list), or delete the declaration"))
            }
        }
        return out
    }

    /// `let name = Host(` (or `Service(`, `Role(`, with `public`/a type annotation) on a line: the
    /// kind and the column of the call, 1-based. Commented-out lines do not count.
    private static func declaration(in line: Substring) -> (String, Int)? {
        let trimmed = line.drop { $0 == " " || $0 == "\t" }
        guard !trimmed.hasPrefix("//"), trimmed.hasPrefix("let ") || trimmed.hasPrefix("public let ") || trimmed.hasPrefix("var ")
            || trimmed.hasPrefix("public var ") else { return nil }
        guard let equals = trimmed.firstIndex(of: "=") else { return nil }
        let value = trimmed[trimmed.index(after: equals)...].drop { $0 == " " }
        guard let kind = kinds.first(where: { value.hasPrefix($0.call) }) else { return nil }
        return (kind.noun, line.distance(from: line.startIndex, to: value.startIndex) + 1)
    }
}
