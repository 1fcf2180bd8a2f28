import Foundation
import NixGen
@testable import NixGenCLICore
import NixGenGenerator
import NixGenTestSupport
import XCTest

/// The diagram channel of user strings: a host's `system` is free text (validation only warns on
/// an unusual one) and lands in a cluster title of `nixgen graph`. Random strings (the pieces of
/// `StringPropertyTests`) are read back from Graphviz's own layout (`dot -Tjson`, the text it
/// draws) byte for byte, and from the Mermaid source by Mermaid's documented label rules.
/// `NIXGEN_PROPERTY_SEED` replays a run, `NIXGEN_PROPERTY_COUNT` sets how many strings.
final class TopologyPropertyTests: XCTestCase {
    private var seed: UInt64 {
        ProcessInfo.processInfo.environment["NIXGEN_PROPERTY_SEED"].flatMap(UInt64.init) ?? UInt64.random(in: 0...UInt64.max)
    }
    private var count: Int { ProcessInfo.processInfo.environment["NIXGEN_PROPERTY_COUNT"].flatMap(Int.init) ?? 2000 }

    /// One host per string, its system the string, running one service (so its cluster is drawn).
    private func plan(_ systems: [String]) -> Plan {
        let key = "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIHByb3BlcnR5dGVzdGtleW9ubHkxMjM0NTY3ODkwMTIz"
        let fleet = Fleet(stateVersion: "26.05", admins: ["ops": [key]]) {
            Service("web") { Port("http", 8080, exposure: .lan) }
            for (index, system) in systems.enumerated() {
                Host("h\(index)", system: System(rawValue: system + "-linux"), address: "10.\(index / 65536).\(index / 256 % 256).\(index % 256)",
                     lanInterfaces: ["eth0"]) {
                    Import("hardware/h.nix"); Runs("web")
                }
            }
        }
        let plan = Plan(fleet)
        XCTAssertEqual(Validator.validate(plan).filter { $0.severity == .error }.map(\.message), [], "the strings reach the diagram")
        return plan
    }

    private func titles(_ systems: [String]) -> [String: String] {
        Dictionary(uniqueKeysWithValues: systems.enumerated().map { ("h\($0.offset)", "h\($0.offset) (\($0.element)-linux)") })
    }

    func testRandomSystemsReadBackFromGraphviz() throws {
        guard let dot = Tools.find("dot") else {
            if Tools.isCI { XCTFail("CI requires Graphviz (apt-get install -y graphviz)") }
            throw XCTSkip("Graphviz is not installed")
        }
        guard let python = Tools.find("python3") else { throw XCTSkip("python3 reads Graphviz's JSON") }
        let seed = seed, systems = StringPropertyTests.strings(count, seed: seed)
        let folder = Tools.temporaryDirectory("topology")
        defer { try? FileManager.default.removeItem(at: folder) }
        let source = folder.appendingPathComponent("fleet.dot"), layout = folder.appendingPathComponent("fleet.json")
        try Data(Topology.render(plan(systems), format: .dot).utf8).write(to: source)
        let run = try Tools.run(dot, ["-Tjson", "-o", layout.path, source.path])
        XCTAssertEqual(run.status, 0, "Graphviz rejected the diagram (seed \(seed)): \(run.errors)")
        // Graphviz writes control characters raw into its JSON; Python reads that (strict=False)
        // and compares each cluster's drawn lines (an empty line is space, not text, in a
        // drawing) and its label as parsed (the escaped form, byte for byte).
        let expected = folder.appendingPathComponent("expected.json")
        let titles = titles(systems)
        try Data(JSONValue.object(JSONObject(titles.mapValues { .array([.string($0), .string(String(Topology.dotString($0).dropFirst().dropLast()))]) })).prettyText.utf8)
            .write(to: expected)
        let check = try Tools.run(python, ["-c", Self.readBack, layout.path, expected.path])
        XCTAssertEqual(check.status, 0, "seed \(seed) (replay with NIXGEN_PROPERTY_SEED=\(seed)):\n\(check.output)\(check.errors)")
        XCTAssertEqual(check.output, "\(systems.count) cluster titles read back\n")
        print("TopologyPropertyTests: \(systems.count) random systems through Graphviz (seed \(seed))")
    }

    /// Mermaid has no engine here: its label rules (a quoted label ends at the next `"`; `#NNN;`
    /// is a character; `<br/>` a line break) are applied to read each title back.
    func testRandomSystemsReadBackFromMermaidLabels() {
        let seed = seed, systems = StringPropertyTests.strings(count, seed: seed)
        let source = Topology.render(plan(systems), format: .mermaid)
        var read: [String] = []
        for line in source.split(separator: "\n", omittingEmptySubsequences: false) where line.hasPrefix("    subgraph ") {
            guard let open = line.range(of: "[\""), line.hasSuffix("\"]") else { XCTFail("not a quoted label: \(line)"); continue }
            let body = line[open.upperBound..<line.index(line.endIndex, offsetBy: -2)]
            guard let text = Self.mermaidText(body) else { XCTFail("raw syntax in a label (seed \(seed)): \(line)"); continue }
            read.append(text)
        }
        XCTAssertEqual(read.sorted { $0.utf8.lexicographicallyPrecedes($1.utf8) },
                       titles(systems).values.sorted { $0.utf8.lexicographicallyPrecedes($1.utf8) },
                       "seed \(seed) (replay with NIXGEN_PROPERTY_SEED=\(seed))")
    }

    /// Mermaid's reading of a quoted label's body, scalar by scalar; nil when raw syntax (a quote,
    /// a control character, `<` or `>` outside `<br/>`) stands in it.
    private static func mermaidText(_ body: Substring) -> String? {
        let scalars = Array(body.unicodeScalars), breakTag = Array("<br/>".unicodeScalars)
        var out = String.UnicodeScalarView(), index = 0
        while index < scalars.count {
            if scalars[index...].starts(with: breakTag) {
                out.append("\n"); index += breakTag.count
            } else if scalars[index] == "#", let end = scalars[index...].firstIndex(of: ";"),
                      let code = UInt32(String(String.UnicodeScalarView(scalars[(index + 1)..<end]))), let scalar = Unicode.Scalar(code) {
                out.append(scalar); index = end + 1
            } else {
                let scalar = scalars[index]
                if scalar == "\"" || scalar == "<" || scalar == ">" || scalar.value < 0x20 || scalar.value == 0x7F { return nil }
                out.append(scalar); index += 1
            }
        }
        return String(out)
    }

    private static let readBack = """
        import json, sys
        layout = json.load(open(sys.argv[1], encoding="utf-8"), strict=False)
        expected = json.load(open(sys.argv[2], encoding="utf-8"))
        seen, bad = 0, []
        for item in layout.get("objects", []):
            name = item.get("name", "")
            if not name.startswith("cluster_host_"):
                continue
            host = name[len("cluster_host_"):]
            drawn = [op["text"] for op in item.get("_ldraw_", []) if "text" in op]
            title, escaped = expected[host]
            seen += 1
            if drawn != [line for line in title.split("\\n") if line]:
                bad.append((host, title, "\\n".join(drawn)))
            if item.get("label") != escaped.replace('\\\\"', '"'):
                bad.append((host, escaped, item.get("label")))
        for host, want, got in bad[:20]:
            print(host, "want", json.dumps(want), "got", json.dumps(got))
        if bad or seen != len(expected):
            print(len(bad), "differ;", seen, "of", len(expected), "clusters drawn")
            sys.exit(1)
        print(seen, "cluster titles read back")
        """
}
