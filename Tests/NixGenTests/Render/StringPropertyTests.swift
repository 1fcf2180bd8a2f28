import Foundation
import NixGen
import NixGenCLICore
import NixGenGenerator
import NixGenTestSupport
import XCTest

/// Random strings through every channel a user string reaches, read back byte for byte by Nix
/// (through the real module system), regorus and real OPA. `NIXGEN_PROPERTY_SEED` replays a run,
/// `NIXGEN_PROPERTY_COUNT` sets how many strings each channel gets (2,000 by default).
final class StringPropertyTests: XCTestCase {
    /// SplitMix64: small, seedable, the same on every platform.
    struct Generator: RandomNumberGenerator {
        var state: UInt64
        mutating func next() -> UInt64 {
            state &+= 0x9E37_79B9_7F4A_7C15
            var z = state
            z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
            z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
            return z ^ (z >> 31)
        }
        mutating func below(_ bound: Int) -> Int { Int(next() % UInt64(bound)) }
    }

    /// What consumers trip on: Nix's `${` and `''`, escapes, control characters, the byte-order mark
    /// OPA rejects at the start of a file, bidi controls, line and paragraph separators, astral and
    /// combining characters, non-characters, and the entities and escapes of diagram labels
    /// (Graphviz decodes `&amp;`, Mermaid `#quot;`). (Swift strings cannot hold lone surrogates; NUL is
    /// refused by validation, see ValidationTests.)
    static let pieces: [String] = [
        "${", "''", "''${", "'''", "$${", "\\", "\"", "$", "{", "}", "#", "/*", "*/", "\n", "\r\n", "\t", "\u{1}", "\u{1F}",
        "\u{7F}", "\u{85}", "\u{A0}", "\u{FEFF}", "\u{202E}", "\u{2066}", "\u{2069}", "\u{200B}", "\u{2028}", "\u{2029}",
        "é", "e\u{301}", "\u{1F680}", "\u{10FFFF}", "\u{FFFE}", "\u{FFFD}", "東京", "ﷺ", "a", "Z", "0", " ", ".", "-", "%d", "%v",
        "&amp;", "&#38;", "<b>", "<br/>", "#quot;", "#35;", "\\N", "\\n",
    ]

    static func strings(_ count: Int, seed: UInt64, nonEmpty: Bool = false) -> [String] {
        var random = Generator(state: seed)
        return (0..<count).map { index in
            let length = random.below(12) + (nonEmpty ? 1 : 0)
            var text = (0..<length).map { _ in random.below(4) == 0 ? String(UnicodeScalar(UInt8(32 + random.below(95)))) : pieces[random.below(pieces.count)] }.joined()
            if nonEmpty, text.isEmpty { text = "x" }
            return text + (index % 7 == 0 ? "\u{FEFF}" : "") // some end (or are) a byte-order mark
        }
    }

    private var seed: UInt64 {
        ProcessInfo.processInfo.environment["NIXGEN_PROPERTY_SEED"].flatMap(UInt64.init) ?? UInt64.random(in: 0...UInt64.max)
    }

    private var count: Int { ProcessInfo.processInfo.environment["NIXGEN_PROPERTY_COUNT"].flatMap(Int.init) ?? 2000 }

    /// Unique byte for byte, as Nix tells names apart ("é" and "e\u{301}" are two names).
    private static func unique(_ values: [String]) -> [String] {
        var seen = Set<[UInt8]>()
        return values.filter { seen.insert(Array($0.utf8)).inserted }
    }

    /// One fleet carrying the strings as setting values, attribute names, string templates and a
    /// summary (Nix), and as names of the options ports are bound to and of enable options, which
    /// reach the inventory, expected.json and fleet.json, and through the evaluated configuration
    /// the policy input (Nix → JSON → both Rego engines).
    private static func fleet(values: [String], keys: [String], options: [String]) -> Fleet {
        let key = "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIHByb3BlcnR5dGVzdGtleW9ubHkxMjM0NTY3ODkwMTIz"
        var service = Service("prop", summary: values.first(where: { !$0.isEmpty }) ?? "x") {
            Setting("services.prop.values", .list(values.map(NixValue.string)))
            Setting("services.prop.keys", .attrs(NixAttributes(keys.enumerated().map { ($1, NixValue.int($0)) })))
            Setting("services.prop.templates", .list(values.prefix(200).map { .template([.text($0), .value(.port("p0")), .text($0)]) }))
        }
        for (index, option) in options.enumerated() {
            service.ports.append(Port("p\(index)", 7100 + index, exposure: .lan, boundTo: AttrPath(["services", "prop", "bound", option])))
            service.settings.append(Setting(path: AttrPath(["services", "prop", "toggles", option, "enable"]), value: true, location: service.location))
        }
        return Fleet(stateVersion: "26.05", admins: ["ops": [key]]) {
            Host("prop", system: .x86_64Linux, address: "10.7.0.1", lanInterfaces: ["eth0"], hostKey: key) {
                service
                Import("hardware/prop.nix")
            }
        }
    }

    /// The random fleet of this run's seed, rendered into a repository.
    private func randomRepository() throws -> (root: URL, fleet: Fleet, values: [String], keys: [String], options: [String], replay: String) {
        let seed = seed, count = count
        let replay = "replay with NIXGEN_PROPERTY_SEED=\(seed)"
        let values = Self.strings(count, seed: seed)
        let keys = Self.unique(Self.strings(count, seed: seed &+ 1, nonEmpty: true))
        let options = Self.unique(Self.strings(count / 10, seed: seed &+ 2, nonEmpty: true))
        let fleet = Self.fleet(values: values, keys: keys, options: options)
        let generation = NixGenGenerator.Generator.run(fleet)
        XCTAssertEqual(generation.diagnostics.filter { $0.severity == .error }.map { $0.message }, [], replay)
        let root = try DeployableHostsTests.repository(fleet, tree: try XCTUnwrap(generation.tree, replay))
        return (root, fleet, values, keys, options, replay)
    }

    /// Without the upstream sources: the strings reach both Rego engines through the fleet's data
    /// and plain Nix through the inventory, byte for byte.
    func testRandomStringsRoundTripThroughNixDataRegorusAndOPA() throws {
        try Tools.requireValidators()
        let (root, fleet, _, _, options, replay) = try randomRepository()
        let summary = try Nix.evalJSON(expression: "(import \(root.path)/nix/inventory.nix).services.prop.summary") as? String
        XCTAssertEqual(summary.map { Array($0.utf8) }, fleet.services[0].summary.map { Array($0.utf8) }, "summary: \(replay)")
        let policies = root.appendingPathComponent("policies").path
        let read = try Rego.run(["query", policies, "data.nixgen.fleet.services.prop"])
        let engines = try XCTUnwrap(try parseNixJSON(Data(read.utf8)) as? [String: [String: Any]], replay)
        let declaredOptions = options.map { AttrPath(["services", "prop", "bound", $0]).description }
        let declaredEnables = options.map { AttrPath(["services", "prop", "toggles", $0, "enable"]).description }
        for engine in ["opa", "regorus"] {
            let ports = engines[engine]?["ports"] as? [String: String] ?? [:]
            for (index, option) in declaredOptions.enumerated() where ports["p\(index)"].map({ Array($0.utf8) }) != Array(option.utf8) {
                XCTFail("\(engine): port p\(index) reads \(String(describing: ports["p\(index)"])), not \(option): \(replay)")
            }
            XCTAssertEqual(Set((engines[engine]?["enables"] as? [String] ?? []).map { Array($0.utf8) }), Set(declaredEnables.map { Array($0.utf8) }),
                           "\(engine) enables: \(replay)")
        }
        print("StringPropertyTests: \(options.count) option paths and \(options.count) enable paths through regorus and OPA (seed \(self.seed))")
    }

    /// With the upstream sources: through the real module system, and the evaluated configuration
    /// judged by the policies.
    func testRandomStringsRoundTripThroughNixRegorusAndOPA() throws {
        try Harness.require()
        let seed = seed
        let (root, _, values, keys, options, replay) = try randomRepository()

        // Nix, through the real module system: values, attribute names, templates, the summary.
        let prop = try XCTUnwrap(Harness.evaluate(root, "fleet.nixosConfigurations.prop.config.services.prop") as? [String: Any], replay)
        XCTAssertTrue((prop["values"] as? [String] ?? []).elementsEqual(values) { Array($0.utf8) == Array($1.utf8) }, "values: \(replay)")
        // Names as Nix lists them (JSON objects read back in Foundation merge canonically equivalent
        // names), and each one's value.
        let names = try XCTUnwrap(Harness.evaluate(root) { "builtins.attrNames \($0).fleet.nixosConfigurations.prop.config.services.prop.keys" } as? [String], replay)
        let expectedNames = keys.sorted { $0.utf8.lexicographicallyPrecedes($1.utf8) }
        XCTAssertTrue(names.elementsEqual(expectedNames) { Array($0.utf8) == Array($1.utf8) }, "attribute names: \(replay)")
        let byName = try XCTUnwrap(Harness.evaluate(root) {
            "let keys = \($0).fleet.nixosConfigurations.prop.config.services.prop.keys; in map (name: keys.${name}) (builtins.attrNames keys)"
        } as? [Int], replay)
        let indices = Dictionary(keys.enumerated().map { (Array($1.utf8), $0) }, uniquingKeysWith: { first, _ in first })
        XCTAssertEqual(byName, expectedNames.map { indices[Array($0.utf8)]! }, "each name's value: \(replay)")
        let templates = values.prefix(200).map { $0 + "7100" + $0 }
        XCTAssertTrue((prop["templates"] as? [String] ?? []).elementsEqual(templates) { Array($0.utf8) == Array($1.utf8) }, "templates: \(replay)")
        // The policies judge the evaluated configuration: every bound option, found by its path from the
        // inventory (Swift → Nix → JSON → Nix), holds the registry's number, every toggle reads true,
        // and the input (Nix → JSON) matches expected.json (Swift → JSON → Nix), or a policy denies.
        let (status, report) = try Harness.checkPolicies(root)
        XCTAssertEqual(status, 0, "\(report): \(replay)")
        let input = try XCTUnwrap(Harness.evaluate(root, "fleet.policyInput") as? [String: Any], replay)
        XCTAssertEqual((input["hosts"] as? [String: Any])?["prop"] as? [String: Bool], ["asExpected": true], "the evaluated host is its expectation: \(replay)")
        print("StringPropertyTests: \(values.count) values, \(keys.count) attribute names, 200 templates through the module system; \(options.count) bound options judged by regorus and OPA (seed \(seed))")
    }
}

/// The Swift-template channel: what `new-host`, `init` and `import` write into Swift sources.
extension StringPropertyTests {
    func testRandomStringsSurviveAsSwiftStringLiterals() throws {
        guard let swiftc = Tools.find("swiftc") else {
            if Tools.isCI { XCTFail("swiftc not on PATH") }
            throw XCTSkip("swiftc not on PATH")
        }
        let seed = seed
        let values = Self.strings(1000, seed: seed &+ 3)
        let source = "let values: [String] = [\n" + values.map { "    " + Scaffolder.swiftString($0) + ",\n" }.joined() + "]\n"
            + "for value in values { print(value.utf8.map { String($0) }.joined(separator: \",\")) }\n"
        let folder = Tools.temporaryDirectory("swift-literals")
        let file = folder.appendingPathComponent("main.swift"), binary = folder.appendingPathComponent("literals")
        try source.write(to: file, atomically: true, encoding: .utf8)
        let compiled = try Tools.run(swiftc, [file.path, "-o", binary.path])
        XCTAssertEqual(compiled.status, 0, "replay with NIXGEN_PROPERTY_SEED=\(seed): " + compiled.errors)
        let run = try Tools.run(binary.path, [])
        let lines = run.output.split(separator: "\n", omittingEmptySubsequences: false).dropLast()
        XCTAssertEqual(lines.count, values.count, "replay with NIXGEN_PROPERTY_SEED=\(seed)")
        for (line, value) in zip(lines, values) where line != value.utf8.map({ String($0) }).joined(separator: ",")[...] {
            XCTFail("\(quoted(value)) came back as bytes \(line): replay with NIXGEN_PROPERTY_SEED=\(seed)")
        }
    }
}
