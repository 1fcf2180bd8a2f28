import Foundation
import NixGenTestSupport
import XCTest

/// nixgen's own flake.nix: it needs nixpkgs to build, so it is proven here by parsing and by
/// evaluating its outputs with a stand-in nixpkgs.
final class OwnFlakeTests: XCTestCase {
    override func setUpWithError() throws {
        if let reason = Nix.unavailableReason {
            if Tools.isCI { XCTFail("CI requires Nix: \(reason)") }
            throw XCTSkip(reason)
        }
    }

    private var flake: URL { Golden.repositoryRoot.appendingPathComponent("flake.nix") }

    func testFlakeParses() throws {
        XCTAssertNil(try Nix.parseError(flake))
    }

    func testOutputsWithAStandInNixpkgs() throws {
        let expression = """
            let
              flake = import \(flake.path);
              systems = [ "aarch64-darwin" "aarch64-linux" "x86_64-darwin" "x86_64-linux" ];
              genAttrs = names: f: builtins.listToAttrs (map (name: { inherit name; value = f name; }) names);
              pkgs = system: {
                stdenv.hostPlatform = { inherit system; isLinux = builtins.match ".*-linux" system != null; };
                lib = { optionals = condition: list: if condition then list else [ ]; platforms.unix = [ ]; };
                swiftPackages = { stdenv.mkDerivation = attrs: attrs // { outPath = "/nix/store/nixgen"; }; Foundation = "Foundation"; };
                swift = "swift"; swiftpm = "swiftpm"; nix = "/nix"; conftest = "/conftest"; open-policy-agent = "opa"; graphviz = "graphviz";
                writeShellScript = name: text: text;
                mkShell = attrs: attrs;
              };
              nixpkgs = { lib = { inherit genAttrs; }; legacyPackages = genAttrs systems pkgs; };
              self = flake.outputs { inherit self nixpkgs; };
            in
            {
              systems = builtins.attrNames self.packages;
              program = self.apps.x86_64-linux.default.program;
              install = self.packages.x86_64-linux.default.installPhase;
              linuxInputs = self.packages.x86_64-linux.default.buildInputs;
              darwinInputs = self.packages.aarch64-darwin.default.buildInputs;
              shell = self.devShells.x86_64-linux.default.packages;
              conftest = self.apps.x86_64-linux.conftest.program;
            }
            """
        let outputs = try XCTUnwrap(Nix.evalJSON(expression: expression) as? [String: Any])
        XCTAssertEqual(outputs["systems"] as? [String], ["aarch64-darwin", "aarch64-linux", "x86_64-darwin", "x86_64-linux"])
        XCTAssertEqual(outputs["program"] as? String, "/nix/store/nixgen/bin/nixgen")
        XCTAssertTrue((outputs["install"] as? String)?.contains("install -D \"$(swiftpmBinPath)/nixgen\" \"$out/bin/nixgen\"") == true)
        XCTAssertEqual(outputs["linuxInputs"] as? [String], ["Foundation"])
        XCTAssertEqual(outputs["darwinInputs"] as? [String], [])
        XCTAssertEqual(outputs["shell"] as? [String], ["swift", "swiftpm", "/nix", "/conftest", "opa", "graphviz"])
        let conftest = try XCTUnwrap(outputs["conftest"] as? String)
        XCTAssertTrue(conftest.contains("/nix/bin/nix --extra-experimental-features \"nix-command flakes\" eval --json .#policyInput"), conftest)
        XCTAssertTrue(conftest.contains("/conftest/bin/conftest test --all-namespaces --policy policies --data policies/data"), conftest)
        let input = try XCTUnwrap(Nix.evalJSON(expression: "(import \(flake.path)).inputs.nixpkgs.url") as? String)
        XCTAssertEqual(input, "github:NixOS/nixpkgs/nixos-unstable", "Swift 6 is in nixpkgs unstable, not in 26.05")
    }
}
