import FleetDefinition
import Foundation
import NixGen
import NixGenCLICore
import NixGenGenerator
import NixGenTestSupport
import XCTest

/// `nixgen graph` and `nixgen secrets`.
final class ReportTests: XCTestCase {
    private func run(_ arguments: [String], fleet: Fleet = exampleFleet) -> (code: Int32, out: String, err: String) {
        let console = Console()
        let code = CLI(arguments: arguments, fleet: { fleet }, console: console).run()
        return (code, console.output, console.errors)
    }

    func testGraphvizRendersTheTopology() throws {
        guard let dot = Tools.find("dot") else {
            if Tools.isCI { XCTFail("CI requires Graphviz (apt-get install -y graphviz)") }
            throw XCTSkip("Graphviz is not installed")
        }
        let source = run(["graph"]).out
        let svg = try Tools.run(dot, ["-Tsvg"], input: source)
        XCTAssertEqual(svg.status, 0, svg.errors)
        XCTAssertTrue(svg.output.contains("<svg"))
        for host in Plan(exampleFleet).hosts.map(\.name) {
            XCTAssertTrue(svg.output.contains(">\(host) ("), "\(host) is drawn")
        }
        XCTAssertTrue(svg.output.contains("http 3000/tcp lan"), "ports and exposure are drawn")
    }

    func testGraphGroupsHostsByRolesAndDrawsDependencies() {
        let source = run(["graph", "--format=dot"]).out
        XCTAssertTrue(source.contains("label=\"roles: ci-runner + monitored + server\""))
        XCTAssertTrue(source.contains("\"atlas/forgejo\" -> \"atlas/postgresql\";"), "same-host dependency, solid")
        XCTAssertTrue(source.contains("\"boreas/forgejo-runner\" -> \"atlas/forgejo\" [style=dashed];"), "fleet dependency, dashed")
        let mermaid = run(["graph", "--format", "mermaid"]).out
        XCTAssertTrue(mermaid.hasPrefix("flowchart LR\n"))
        XCTAssertTrue(mermaid.contains(" -.-> "))
        XCTAssertEqual(run(["graph", "--format", "png"]).code, 64)
    }

    func testCommittedPictureIsCurrent() throws {
        let committed = try String(contentsOf: Golden.repositoryRoot.appendingPathComponent("docs/fleet.dot"), encoding: .utf8)
        XCTAssertEqual(committed, run(["graph"]).out,
                       "regenerate: swift run nixgen graph > docs/fleet.dot && dot -Tsvg docs/fleet.dot > docs/fleet.svg")
        let svg = try String(contentsOf: Golden.repositoryRoot.appendingPathComponent("docs/fleet.svg"), encoding: .utf8)
        XCTAssertTrue(svg.contains("atlas (x86_64&#45;linux)") || svg.contains("atlas (x86_64-linux)"))
    }

    /// The example's repository has no secret files (they stay with the user): each is missing,
    /// with the command that creates it for exactly its readers, at the flake at the root.
    func testSecretsListsFilesHostsAndWhoMustReadThem() throws {
        let text = run(["secrets"]).out
        XCTAssertTrue(text.contains("secrets/forgejo/db-password.age: missing\n  secret:        secrix.services.forgejo.secrets.db-password\n"
                                    + "  hosts:         atlas\n  must read it:  host atlas, recipient ops\n"), text)
        XCTAssertTrue(text.contains("  run:           nix run .#secrix create secrets/forgejo/db-password.age -- -s atlas -u ops\n"), text)
        let json = try XCTUnwrap(JSONSerialization.jsonObject(with: Data(run(["secrets", "--json"]).out.utf8)) as? [[String: Any]])
        XCTAssertEqual(json.count, Set(exampleFleet.services.flatMap(\.secrets).map(\.file)).count)
        let runner = try XCTUnwrap(json.first { $0["file"] as? String == "secrets/forgejo-runner/token.age" })
        XCTAssertEqual(runner["hosts"] as? [String], ["boreas", "calypso", "nyx"])
        XCTAssertEqual(runner["state"] as? String, "missing")
    }
}
