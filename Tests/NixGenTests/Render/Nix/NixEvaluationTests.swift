import FleetDefinition
import Foundation
import NixGen
import NixGenTestSupport
import XCTest

/// The generated Nix proven by the real evaluator, not by string comparison.
final class NixEvaluationTests: XCTestCase {
    override func setUpWithError() throws {
        if let reason = Nix.unavailableReason {
            if Tools.isCI { XCTFail("CI requires Nix: \(reason)") }
            throw XCTSkip(reason)
        }
    }

    private func rendered(_ fleet: Fleet) throws -> (URL, RenderedTree) {
        let tree = try XCTUnwrap(Generator.run(fleet).tree)
        let directory = Tools.temporaryDirectory()
        try Tools.materialize(tree.files, in: directory)
        return (directory, tree)
    }

    private var allFleets: [(String, Fleet)] { Fixtures.all.map { ($0.name, $0.fleet) } + [("example", exampleFleet)] }

    func testEveryGeneratedNixFileParses() throws {
        var parsed = 0
        for (name, fleet) in allFleets {
            let (directory, tree) = try rendered(fleet)
            for path in tree.paths where path.hasSuffix(".nix") {
                if let error = try Nix.parseError(directory.appendingPathComponent(path)) {
                    XCTFail("\(name): \(path) does not parse:\n\(error)")
                }
                parsed += 1
            }
        }
        XCTAssertGreaterThan(parsed, 60)
    }

    func testInventoryEvaluatesToTheModel() throws {
        for (name, fleet) in allFleets {
            let (directory, _) = try rendered(fleet)
            let evaluated = try Nix.evalJSON(file: directory.appendingPathComponent("nix/inventory.nix"))
            let model = try JSONSerialization.jsonObject(with: Data(Inventory.json(Plan(fleet)).prettyText.utf8))
            XCTAssertEqual(try canonicalJSON(evaluated), try canonicalJSON(model), "\(name): inventory.nix ≠ model")
        }
    }

    func testInventoryEvaluatesToWhatTheCLIPrints() throws {
        let (directory, _) = try rendered(exampleFleet)
        let console = Console()
        XCTAssertEqual(CLI(arguments: ["inventory", "--json"], fleet: { exampleFleet }, console: console).run(), 0)
        let printed = try JSONSerialization.jsonObject(with: Data(console.output.utf8))
        let evaluated = try Nix.evalJSON(file: directory.appendingPathComponent("nix/inventory.nix"))
        XCTAssertEqual(try canonicalJSON(evaluated), try canonicalJSON(printed))
    }

    func testPortRegistryEvaluatesToEveryDeclaredPort() throws {
        let (directory, _) = try rendered(exampleFleet)
        let registry = try XCTUnwrap(Nix.evalJSON(file: directory.appendingPathComponent("nix/registry/ports.nix")) as? [String: [String: [String: Any]]])
        var expected = 0
        for service in exampleFleet.services {
            for port in service.ports {
                let entry = try XCTUnwrap(registry[service.name]?[port.name], "\(service.name).\(port.name) missing")
                XCTAssertEqual(entry["port"] as? Int, port.number)
                XCTAssertEqual(entry["protocol"] as? String, port.protocol.rawValue)
                XCTAssertEqual(entry["exposure"] as? String, port.exposure.rawValue)
                expected += 1
            }
        }
        XCTAssertEqual(registry.values.reduce(0) { $0 + $1.count }, expected, "the registry holds exactly the declared ports")
    }

    /// A service module applied with a stand-in `lib`, so its settings evaluate without nixpkgs.
    private func serviceConfig(_ directory: URL, _ service: String) -> String {
        """
        (import \(directory.path)/nix/services/\(service).nix {
          config = { nixgen.services.\(NixPrinter.attributeName(service)).enable = true; secrix = { }; };
          lib = { mkIf = condition: value: if condition then value else { }; mkEnableOption = description: description; };
        }).config
        """
    }

    func testHostileStringsRoundTripByteExact() throws {
        let (directory, _) = try rendered(Fixtures.hostile)
        let config = try XCTUnwrap(Nix.evalJSON(expression: serviceConfig(directory, "weird")) as? [String: Any])
        let weird = try XCTUnwrap((config["services"] as? [String: Any])?["weird"] as? [String: Any])
        XCTAssertEqual(weird["text"] as? String, Fixtures.hostileText)
        XCTAssertEqual(weird["unicode"] as? String, "Grüße, 東京, emoji 🚀, nbsp\u{00A0}end")
        XCTAssertEqual(weird["list"] as? [String], [Fixtures.hostileText, "$", "${", "\\${"])
        XCTAssertEqual((weird["we\"ird key"] as? [String: Any])?["${x}"] as? String, "value")
        XCTAssertEqual(weird["${port}"] as? Int, 8000, "the port option is read from the registry")
        let numbers = try XCTUnwrap(weird["numbers"] as? [String: Any])
        XCTAssertEqual(numbers["negative"] as? Int, -5)
        XCTAssertEqual(numbers["big"] as? Int, 9_007_199_254_740_993)
        XCTAssertEqual(try XCTUnwrap(numbers["float"] as? Double), 1.5e-7, accuracy: 1e-20)
        XCTAssertTrue(weird["nothing"] is NSNull)
        let summary = try Nix.evalJSON(expression: "(import \(directory.path)/nix/inventory.nix).services.weird.summary")
        XCTAssertEqual(summary as? String, Fixtures.hostileText)
    }

    func testKeywordAttributeNamesEvaluate() throws {
        let (directory, _) = try rendered(Fixtures.keywords)
        let config = try XCTUnwrap(Nix.evalJSON(expression: serviceConfig(directory, "rec")) as? [String: Any])
        let services = try XCTUnwrap(config["services"] as? [String: Any])
        XCTAssertEqual(((services["let"] as? [String: Any])?["in"]) as? Int, 7000)
        XCTAssertEqual(((services["if"] as? [String: Any])?["then"] as? [String: Any])?["else"] as? Bool, true)
        let vhost = (((services["nginx"] as? [String: Any])?["virtualHosts"] as? [String: Any])?["git.example.org"] as? [String: Any])
        XCTAssertEqual(((vhost?["locations"] as? [String: Any])?["/"] as? [String: Any])?["proxyPass"] as? String, "http://127.0.0.1:3000")
        let inherit = (services["or"] as? [String: Any])?["inherit"] as? [String: Int]
        XCTAssertEqual(inherit, ["with": 1, "assert": 2, "1password": 3, "x-y'z": 4])
    }

    func testServiceModuleIsInertUntilEnabled() throws {
        let (directory, _) = try rendered(exampleFleet)
        let expression = serviceConfig(directory, "forgejo").replacingOccurrences(of: "enable = true", with: "enable = false")
        XCTAssertEqual(try canonicalJSON(Nix.evalJSON(expression: expression)), "{}")
    }

    func testFlakeInputsAndInventoryOutputEvaluateWithoutNixpkgs() throws {
        let (directory, tree) = try rendered(exampleFleet)
        let flake = directory.appendingPathComponent("nix/flake.nix").path
        let inputs = try XCTUnwrap(Nix.evalJSON(expression: "(import \(flake)).inputs") as? [String: Any])
        XCTAssertEqual((inputs["nixpkgs"] as? [String: Any])?["url"] as? String, Fleet.defaultNixpkgs)
        // The inventory output needs no inputs: call outputs with empty stand-ins and read it.
        let inventory = try Nix.evalJSON(expression: "((import \(flake)).outputs { self = { }; nixpkgs = { }; secrix = { }; }).inventory")
        let model = try JSONSerialization.jsonObject(with: Data(Inventory.json(Plan(exampleFleet)).prettyText.utf8))
        XCTAssertEqual(try canonicalJSON(inventory), try canonicalJSON(model))
        let hosts = try XCTUnwrap(Nix.evalJSON(expression: "builtins.attrNames ((import \(flake)).outputs { self = { }; nixpkgs = { }; secrix = { }; }).nixosConfigurations") as? [String])
        XCTAssertEqual(hosts, tree.paths.filter { $0.hasPrefix("nix/hosts/") }.map { String($0.dropFirst(10).dropLast(4)) })
    }
}
