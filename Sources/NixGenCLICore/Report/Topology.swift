import NixGen
import NixGenGenerator

/// The fleet as a diagram: hosts grouped by their roles, the services on each with their ports and
/// exposure, and dependency edges (solid on the same host, dashed across the fleet).
package enum Topology {
    package enum Format: String, Sendable, CaseIterable { case dot, mermaid }

    struct Node {
        var id: String
        var label: [String]
    }

    struct Edge {
        var from: String
        var to: String
        var sameHost: Bool
    }

    /// (role-set label, [(host label, service nodes)]) groups, and the edges between service nodes.
    static func layout(_ plan: Plan) -> (groups: [(String, [(String, String, [Node])])], edges: [Edge]) {
        func nodeID(_ host: String, _ service: String) -> String { "\(host)/\(service)" }
        var groups: [String: [(String, String, [Node])]] = [:]
        var edges: [Edge] = []
        for host in plan.hosts {
            let roles = host.roles.map(\.name)
            let group = roles.isEmpty ? "no role" : roles.joined(separator: " + ")
            let nodes = host.services.map { service in
                Node(id: nodeID(host.name, service.name), label: [service.name] + service.ports.map {
                    "\($0.name) \($0.number)/\($0.protocol.rawValue) \($0.exposure.rawValue)"
                })
            }
            let title = "\(host.name) (\(host.host.system.rawValue))"
            groups[group, default: []].append((host.name, title, nodes))
            for service in host.services {
                for dependency in service.dependencies {
                    let targets = dependency.scope == .sameHost ? [host] : plan.hosts(running: dependency.service)
                    for target in targets where target.services.contains(where: { $0.name == dependency.service }) {
                        edges.append(Edge(from: nodeID(host.name, service.name), to: nodeID(target.name, dependency.service),
                                          sameHost: target.name == host.name))
                    }
                }
            }
        }
        let unique = Dictionary(edges.map { ("\($0.from)>\($0.to)", $0) }, uniquingKeysWith: { first, _ in first })
        return (groups.keys.sorted().map { ($0, groups[$0]!) }, unique.keys.sorted().map { unique[$0]! })
    }

    package static func render(_ plan: Plan, format: Format) -> String {
        format == .dot ? dot(plan) : mermaid(plan)
    }

    /// A quoted DOT string whose label reads back as `text`: `\\` and `\"` for the lexer, `\n` for a
    /// line break (a raw one would too, but `\N`-style escapes are label syntax), and `&amp;` for
    /// `&`, since Graphviz decodes HTML entities in every label ("&lt;" would become "<").
    /// `TopologyPropertyTests` reads thousands of random labels back from `dot -Tjson`.
    static func dotString(_ text: String) -> String {
        quotedScalarByScalar(text) { scalar in
            switch scalar {
            case "\\": "\\\\"
            case "\"": "\\\""
            case "\n": "\\n"
            case "&": "&amp;"
            default: nil
            }
        }
    }

    /// A quoted Mermaid label reading back as `text`: line breaks as `<br/>`, and as `#code;`
    /// entities (decimal) every character Mermaid or the HTML it renders into would read as
    /// syntax (`"`, `#`, `&`, `<`, `>`) and every control or line-separator character.
    static func mermaidString(_ text: String) -> String {
        quotedScalarByScalar(text) { scalar in
            switch scalar {
            case "\n": "<br/>"
            case "\"", "#", "&", "<", ">", "\u{7F}", "\u{85}", "\u{2028}", "\u{2029}": "#\(scalar.value);"
            default: scalar.value < 0x20 ? "#\(scalar.value);" : nil
            }
        }
    }

    /// Graphviz. Every identifier and label is a quoted DOT string.
    static func dot(_ plan: Plan) -> String {
        let q = dotString
        let (groups, edges) = layout(plan)
        var out = "digraph fleet {\n  rankdir=LR;\n  compound=true;\n  fontname=\"Helvetica\";\n"
        out += "  node [shape=box, style=\"rounded,filled\", fillcolor=\"#eef3fb\", fontname=\"Helvetica\", fontsize=10];\n"
        out += "  edge [color=\"#555555\"];\n"
        for (groupIndex, (group, hosts)) in groups.enumerated() {
            out += "  subgraph \(q("cluster_roles_\(groupIndex)")) {\n    label=\(q("roles: \(group)"));\n    style=dashed;\n"
            for (host, title, nodes) in hosts {
                out += "    subgraph \(q("cluster_host_\(host)")) {\n      label=\(q(title));\n      style=\"rounded,filled\";\n      fillcolor=\"#f7f7f7\";\n"
                if nodes.isEmpty { out += "      \(q("\(host)/")) [label=\(q("(no services)")), style=dotted];\n" }
                for node in nodes { out += "      \(q(node.id)) [label=\(q(node.label.joined(separator: "\n")))];\n" }
                out += "    }\n"
            }
            out += "  }\n"
        }
        for edge in edges {
            out += "  \(q(edge.from)) -> \(q(edge.to))" + (edge.sameHost ? ";\n" : " [style=dashed];\n")
        }
        return out + "}\n"
    }

    /// Mermaid flowchart. Identifiers are numbered; labels are `mermaidString`s.
    static func mermaid(_ plan: Plan) -> String {
        let q = mermaidString
        let (groups, edges) = layout(plan)
        var ids: [String: String] = [:]
        func id(_ key: String) -> String {
            if let existing = ids[key] { return existing }
            let new = "n\(ids.count)"
            ids[key] = new
            return new
        }
        var out = "flowchart LR\n"
        for (groupIndex, (group, hosts)) in groups.enumerated() {
            out += "  subgraph roles\(groupIndex)[\(q("roles: \(group)"))]\n"
            for (host, title, nodes) in hosts {
                out += "    subgraph \(id("host:\(host)"))[\(q(title))]\n"
                for node in nodes { out += "      \(id(node.id))[\(q(node.label.joined(separator: "\n")))]\n" }
                out += "    end\n"
            }
            out += "  end\n"
        }
        for edge in edges { out += "  \(id(edge.from)) \(edge.sameHost ? "-->" : "-.->") \(id(edge.to))\n" }
        return out
    }
}
