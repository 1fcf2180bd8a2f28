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
        let standIns = "self = { }; nixpkgs = { }; secrix = { }; nixinate = { }; colmena = { }; nix-darwin = { };"
        let inventory = try Nix.evalJSON(expression: "((import \(flake)).outputs { \(standIns) }).inventory")
        let model = try JSONSerialization.jsonObject(with: Data(Inventory.json(Plan(exampleFleet)).prettyText.utf8))
        XCTAssertEqual(try canonicalJSON(inventory), try canonicalJSON(model))
        let hosts = try XCTUnwrap(Nix.evalJSON(expression: "builtins.attrNames ((import \(flake)).outputs { \(standIns) }).nixosConfigurations") as? [String])
        XCTAssertEqual(hosts, tree.paths.filter { $0.hasPrefix("nix/hosts/") }.map { String($0.dropFirst(10).dropLast(4)) })
    }

    /// The flake's outputs evaluated by real Nix with stand-ins for its inputs: what nixinate,
    /// colmena, nix-darwin and the policy check receive, without fetching nixpkgs.
    private func flakeWithStandIns(_ directory: URL) -> String {
        """
        let
          flake = import \(directory.path)/nix/flake.nix;
          systems = [ "aarch64-darwin" "aarch64-linux" "x86_64-darwin" "x86_64-linux" ];
          genAttrs = names: f: builtins.listToAttrs (map (name: { inherit name; value = f name; }) names);
          pkgs = {
            writeShellScript = name: text: text;
            writeText = name: text: "/input/${name}";
            conftest = "/conftest";
            runCommand = name: env: script: script;
          };
          nixpkgs = { lib = { inherit genAttrs; nixosSystem = args: args; }; legacyPackages = genAttrs systems (system: pkgs); };
          nixinate.nixinate = genAttrs systems (system: self: {
            nixinate = builtins.mapAttrs (name: value: { type = "app"; program = "deploy-${name}"; }) self.nixosConfigurations;
          });
          self = flake.outputs {
            inherit self nixpkgs nixinate;
            colmena.lib.makeHive = hive: hive;
            nix-darwin.lib.darwinSystem = args: args;
            secrix = { secrix = self: "secrix-app"; nixosModules.secrix = "secrix-module"; };
          };
        in
        self
        """
    }

    func testFlakeWiringWithStandInInputs() throws {
        let (directory, _) = try rendered(Fixtures.operations)
        let flake = flakeWithStandIns(directory)
        XCTAssertEqual(try Nix.evalJSON(expression: "builtins.attrNames (\(flake)).apps.x86_64-linux") as? [String],
                       ["conftest", "edge", "forge", "secrix"], "nixinate's per-host apps beside conftest and secrix")
        XCTAssertEqual(try Nix.evalJSON(expression: "builtins.attrNames (\(flake)).darwinConfigurations") as? [String],
                       ["laptop", "studio"])
        XCTAssertEqual(try Nix.evalJSON(expression: "builtins.attrNames (\(flake)).nixosConfigurations") as? [String],
                       ["edge", "forge"])
        let forge = try XCTUnwrap(Nix.evalJSON(expression: "(\(flake)).colmenaHive.forge.deployment") as? [String: Any])
        XCTAssertEqual(forge["targetHost"] as? String, "10.4.0.1")
        XCTAssertEqual(forge["targetUser"] as? String, "deploy")
        XCTAssertEqual(forge["buildOnTarget"] as? Bool, false)
        XCTAssertEqual(forge["tags"] as? [String], ["server"], "roles are colmena tags: colmena apply --on @server")
        let modules = try XCTUnwrap(Nix.evalJSON(expression: "(\(flake)).nixosConfigurations.forge.modules") as? [String])
        XCTAssertEqual(modules.first, "secrix-module")
        XCTAssertEqual(modules.count, 3)
        let check = try XCTUnwrap(Nix.evalJSON(expression: "(\(flake)).checks.x86_64-linux.policies") as? String)
        XCTAssertTrue(check.contains("/conftest/bin/conftest verify --policy /nix/store/"), check)
        XCTAssertTrue(check.contains("/conftest/bin/conftest test --all-namespaces --policy /nix/store/"), check)
        XCTAssertTrue(check.contains(" /input/policy-input.json\n"), check)
        XCTAssertEqual(try Nix.evalJSON(expression: "(\(flake)).apps.x86_64-linux.conftest.program") as? String, check.components(separatedBy: "\ntouch")[0].trimmingCharacters(in: .newlines) + "\n")
    }

    func testHostFilesCarryDeploymentAndSecretWiring() throws {
        let (directory, _) = try rendered(Fixtures.operations)
        // A host file is a module; applied to nothing, it shows exactly what it sets.
        let forge = try XCTUnwrap(Nix.evalJSON(expression: "builtins.removeAttrs (import \(directory.path)/nix/hosts/forge.nix { }) [ \"imports\" ]") as? [String: Any])
        let nixinate = try XCTUnwrap(((forge["_module"] as? [String: Any])?["args"] as? [String: Any])?["nixinate"] as? [String: Any])
        XCTAssertEqual(nixinate["host"] as? String, "10.4.0.1")
        XCTAssertEqual(nixinate["buildOn"] as? String, "local")
        XCTAssertEqual((forge["secrix"] as? [String: Any])?["hostPubKey"] as? String, Fixtures.forgeKey)
        let studio = try XCTUnwrap(Nix.evalJSON(expression: "builtins.removeAttrs (import \(directory.path)/nix/hosts/studio.nix { }) [ \"imports\" ]") as? [String: Any])
        XCTAssertNil(studio["_module"], "darwin hosts get no nixinate arguments")
        XCTAssertEqual((studio["nixpkgs"] as? [String: Any])?["hostPlatform"] as? String, "aarch64-darwin")
        let secrix = try XCTUnwrap(Nix.evalJSON(expression: "(import \(directory.path)/nix/secrix.nix { }).secrix.defaultEncryptKeys") as? [String: [String]])
        XCTAssertEqual(secrix, ["alice": [Fixtures.aliceKey]])
        // (Not the encrypted file itself: Nix would copy that path into the store.)
        let restic = "(\(serviceConfig(directory, "restic"))).secrix.services.restic"
        XCTAssertEqual(try Nix.evalJSON(expression: "\(restic).systemdService") as? String, "restic-backups-nightly")
        XCTAssertEqual(try Nix.evalJSON(expression: "\(restic).secrets.password.decrypted") as? [String: String],
                       ["user": "root", "mode": "0400"])
        XCTAssertEqual(try Nix.evalJSON(expression: "builtins.typeOf (\(restic).secrets.password.encrypted.file)") as? String, "path")
    }
}
