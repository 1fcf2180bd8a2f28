{
  description = "nixgen: a NixOS fleet's nix/ tree and Rego policies from one typed Swift declaration";

  # nixgen needs Swift 6 (Package.swift: swift-tools-version 6.0). nixos-26.05 ships Swift 5.10.1;
  # Swift 6.2.4 reached nixpkgs' unstable branch in August 2026 (NixOS/nixpkgs#557896), so nixgen
  # itself builds from unstable. The fleets it renders follow the stable release (nixos-26.05).
  inputs.nixpkgs.url = "github:NixOS/nixpkgs/nixos-unstable";

  outputs =
    { self, nixpkgs }:
    let
      systems = [
        "aarch64-darwin"
        "aarch64-linux"
        "x86_64-darwin"
        "x86_64-linux"
      ];
      forAllSystems = f: nixpkgs.lib.genAttrs systems (system: f nixpkgs.legacyPackages.${system});
    in
    {
      # Foundation only and no package dependencies, so SwiftPM fetches nothing in the sandbox.
      packages = forAllSystems (pkgs: {
        default = pkgs.swiftPackages.stdenv.mkDerivation {
          pname = "nixgen";
          version = "0.1.0";
          src = ./.;
          # The swiftpm setup hook builds with `swift build -c release`.
          nativeBuildInputs = [
            pkgs.swift
            pkgs.swiftpm
          ];
          buildInputs = pkgs.lib.optionals pkgs.stdenv.hostPlatform.isLinux [ pkgs.swiftPackages.Foundation ];
          installPhase = ''
            runHook preInstall
            install -D "$(swiftpmBinPath)/nixgen" "$out/bin/nixgen"
            runHook postInstall
          '';
          meta = {
            description = "Render a NixOS fleet's nix/ tree and policies from a typed Swift declaration";
            mainProgram = "nixgen";
            platforms = pkgs.lib.platforms.unix;
          };
        };
      });

      apps = forAllSystems (
        pkgs:
        let
          policies = pkgs.writeShellScript "nixgen-conftest" ''
            # Run from a rendered repository: evaluates its flake's policyInput (every host's
            # evaluated configuration), then the policies over it with the fleet as data.
            set -eu
            input="$(mktemp)"
            trap 'rm -f "$input"' EXIT
            ${pkgs.nix}/bin/nix --extra-experimental-features "nix-command flakes" eval --json .#policyInput > "$input"
            ${pkgs.conftest}/bin/conftest verify --policy policies
            ${pkgs.conftest}/bin/conftest test --all-namespaces --policy policies --data policies/data "$input"
          '';
        in
        {
          default = {
            type = "app";
            program = "${self.packages.${pkgs.stdenv.hostPlatform.system}.default}/bin/nixgen";
          };
          conftest = {
            type = "app";
            program = "${policies}";
          };
        }
      );

      devShells = forAllSystems (pkgs: {
        default = pkgs.mkShell {
          packages = [
            pkgs.swift
            pkgs.swiftpm
            pkgs.nix
            pkgs.conftest
            pkgs.open-policy-agent
            pkgs.graphviz
          ];
        };
      });
    };
}
