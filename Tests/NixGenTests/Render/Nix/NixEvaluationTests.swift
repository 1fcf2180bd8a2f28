import FleetDefinition
import Foundation
import NixGen
import NixGenCLICore
import NixGenGenerator
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

    /// A value of a golden fleet's evaluated configuration: the real module system merges the
    /// host's modules, so it is exactly what NixOS would see (recorded where upstream is absent).
    private func evaluated(_ fleet: String, _ path: String) throws -> Any {
        try Evaluations.of(fleet).probe(path)
    }

    func testHostileStringsRoundTripByteExact() throws {
        let weird = try XCTUnwrap(try evaluated("hostile", "fleet.nixosConfigurations.hostile.config.services.weird") as? [String: Any])
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
        let (directory, _) = try rendered(Fixtures.hostile)
        let summary = try Nix.evalJSON(expression: "(import \(directory.path)/nix/inventory.nix).services.weird.summary")
        XCTAssertEqual(summary as? String, Fixtures.hostileText)
    }

    func testKeywordAttributeNamesEvaluate() throws {
        func services(_ name: String) throws -> Any { try evaluated("keywords", "fleet.nixosConfigurations.kw.config.services.\(name)") }
        XCTAssertEqual((try services("\"let\"") as? [String: Any])?["in"] as? Int, 7000)
        XCTAssertEqual(((try services("\"if\"") as? [String: Any])?["then"] as? [String: Any])?["else"] as? Bool, true)
        let vhost = (try services("nginx.virtualHosts") as? [String: Any])?["git.example.org"] as? [String: Any]
        XCTAssertEqual(((vhost?["locations"] as? [String: Any])?["/"] as? [String: Any])?["proxyPass"] as? String, "http://127.0.0.1:7000")
        let inherit = (try services("\"or\"") as? [String: Any])?["inherit"] as? [String: Int]
        XCTAssertEqual(inherit, ["with": 1, "assert": 2, "1password": 3, "x-y'z": 4])
    }

    /// helios imports only the modules of what it runs, and nixgen's modules enable nothing else:
    /// of the fleet's services, exactly helios's own are on.
    func testServiceModuleIsInertUntilEnabled() throws {
        let enabled = try XCTUnwrap(try evaluated("example", "fleet.nixosConfigurations.helios.config.nixgen.services") as? [String: [String: Any]])
        let helios = try XCTUnwrap(Plan(exampleFleet).hosts.first { $0.name == "helios" })
        XCTAssertEqual(Set(enabled.filter { $0.value["enable"] as? Bool == true }.keys), Set(helios.services.map(\.name)))
        XCTAssertFalse(enabled.keys.contains("forgejo"), "helios does not even import the forgejo module")
        for other in ["forgejo", "postgresql", "grafana"] {
            XCTAssertEqual(try evaluated("example", "fleet.nixosConfigurations.helios.config.services.\(other).enable") as? Bool, false, other)
        }
    }

    func testHostFilesCarryDeploymentAndSecretWiring() throws {
        let directory = Golden.directory("operations")
        // A host file is a module; applied to nothing, it shows exactly what it sets.
        let forge = try XCTUnwrap(try evaluated("operations", "hostModules.forge") as? [String: Any])
        // nixinate's arguments are a default (lib.mkDefault): a host's own modules may still set them.
        let override = try XCTUnwrap(((forge["_module"] as? [String: Any])?["args"] as? [String: Any])?["nixinate"] as? [String: Any])
        XCTAssertEqual(override["priority"] as? Int, 1000)
        let nixinate = try XCTUnwrap(override["content"] as? [String: Any])
        XCTAssertEqual(nixinate["host"] as? String, "10.4.0.1")
        XCTAssertEqual(nixinate["buildOn"] as? String, "local")
        XCTAssertEqual((forge["secrix"] as? [String: Any])?["hostPubKey"] as? String, Fixtures.forgeKey)
        let studio = try XCTUnwrap(try evaluated("operations", "hostModules.studio") as? [String: Any])
        XCTAssertNil(studio["_module"], "darwin hosts get no nixinate arguments")
        XCTAssertEqual((studio["nixpkgs"] as? [String: Any])?["hostPlatform"] as? String, "aarch64-darwin")
        let secrix = try XCTUnwrap(Nix.evalJSON(expression: "(import \(directory.path)/nix/secrix.nix { }).secrix.defaultEncryptKeys") as? [String: [String]])
        XCTAssertEqual(secrix, ["alice": [Fixtures.aliceKey]])
        let restic = try XCTUnwrap(try evaluated("operations", "fleet.nixosConfigurations.forge.config.secrix.services.restic.systemdService") as? String)
        XCTAssertEqual(restic, "restic-backups-nightly")
    }

    /// Every reference kind and value form of the `wiring` fixture, as the module system merges them.
    func testEveryReferenceKindEvaluatesToTheFleetsValues() throws {
        func config(_ host: String, _ path: String) throws -> Any {
            try evaluated("wiring", "fleet.nixosConfigurations.\(host).config.\(path)")
        }
        let api = try XCTUnwrap(try config("one", "services.api") as? [String: Any])
        XCTAssertEqual(api["listen"] as? String, ":8080", "a port inside a string")
        XCTAssertEqual(api["environmentFiles"] as? [String], ["/run/api-keys/env"], "a secret as a list element")
        XCTAssertEqual(api["databaseUrl"] as? String, "postgres://api@10.5.0.1:5432/api?passfile=/run/api-keys/env",
                       "an endpoint and a secret inside one string")
        XCTAssertEqual(api["greeting"] as? String, "bonjour", "the host's mkForce beats the role's value")
        XCTAssertEqual(api["workers"] as? Int, 2, "the role's mkDefault where the host sets nothing")
        XCTAssertEqual(try config("two", "services.api.workers") as? Int, 8, "a host's own value beats the role's mkDefault")
        let packages = try XCTUnwrap(try config("one", "environment.systemPackages") as? [String])
        XCTAssertEqual(packages.count, 1)
        XCTAssertTrue(packages[0].hasSuffix("-htop"), "raw Nix reads pkgs: \(packages)")

        let monitor = try XCTUnwrap(try config("two", "services.monitor") as? [String: Any])
        XCTAssertEqual(monitor["apis"] as? [String], ["https://10.5.0.1:8080"], "URLs filtered by role")
        XCTAssertEqual(monitor["everyApi"] as? [String], ["10.5.0.1:9400", "[fd00::2]:9400"], "endpoints, IPv6 in brackets")
        XCTAssertEqual(monitor["apiHosts"] as? [String], ["one", "two"])
        XCTAssertEqual(monitor["dbPort"] as? Int, 5432)
        XCTAssertEqual(monitor["first"] as? String, "10.5.0.1")
        let jobs = try XCTUnwrap(try config("two", "services.prometheus.scrapeConfigs") as? [[String: Any]])
        XCTAssertEqual(jobs.map { $0["job_name"] as? String }, ["api"])
        XCTAssertEqual((jobs[0]["static_configs"] as? [[String: Any]])?.first?["targets"] as? [String], ["10.5.0.1:9400", "[fd00::2]:9400"])
        let www = try XCTUnwrap(try config("two", "services.nginx.virtualHosts") as? [String: [String: Any]])["www.example.org"]
        XCTAssertEqual(((www?["locations"] as? [String: Any])?["/"] as? [String: Any])?["proxyPass"] as? String, "http://10.5.0.1:8000")
        XCTAssertEqual(www?["enableACME"] as? Bool, true)
        XCTAssertEqual(try config("two", "services.unbound.settings.server.local-data") as? [String], [
            "\"one.internal. IN A 10.5.0.1\"", "\"two.internal. IN AAAA fd00::2\"", "\"www.example.org. IN AAAA fd00::2\"",
        ])
    }
}
