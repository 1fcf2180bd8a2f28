// The compiled-in templates: identical to the repository's Templates/ folder (a test keeps them so).
// Compiled in because `Bundle.module` traps when the resource bundle is not beside an installed binary.

import NixGen
import NixGenGenerator

enum DefaultTemplates {
    static let files: [String: String] = [
        "Host.swift": #"""
import NixGen

let {{identifier}} = Host("{{name}}", system: {{system}}, address: {{address}}, lanInterfaces: {{lanInterfaces}}, hostKey: {{hostKey}}) {
{{assignments}}{{hardware}}}

"""#,
        "Service.swift": #"""
import NixGen

/// {{name}}: its ports, dependencies, secrets and settings.
let {{identifier}} = Service("{{name}}") {
    // Port("http", 8080, exposure: .lan, boundTo: "services.{{name}}.port")
    // Requires(postgresql, on: .sameHost)
    // Secret("password", file: "secrets/{{name}}/password.age", boundTo: "services.{{name}}.passwordFile")
    Enable("services.{{name}}")
}

"""#,
        "hardware-nixos.nix": #"""
# The hardware of {{name}}. Yours: nixgen scaffolds this file once and never rewrites it.
# Replace this whole file with the output of `nixos-generate-config --show-hardware-config` run on
# {{name}}. Until then the host refuses to build, rather than boot from a guessed disk layout.
{ ... }:
{
  assertions = [
    {
      assertion = false;
      message = "nix/hardware/{{name}}.nix is a placeholder: replace it with the output of `nixos-generate-config --show-hardware-config` on {{name}}";
    }
  ];
}

"""#,
        "init/Fleet.swift": #"""
import NixGen

/// The fleet: every service and host declared in this folder.
public let fleet = Fleet(
    // The releases your hosts were first installed with: NixOS keeps stateful defaults by it.
    stateVersion: "26.05",
    darwinStateVersion: 6,
    // Who deploys: these keys log in as the deploy user on every NixOS host. Replace the
    // placeholder with your own public key (~/.ssh/id_ed25519.pub) before the first deploy.
    admins: ["admin": ["ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA replace-me"]]
) {
    allServices
    allHosts
}

"""#,
        "init/Hosts.swift": #"""
// Maintained by `nixgen new-host`: every host of the fleet, one per line.
import NixGen

let allHosts: [Host] = [
{{entries}}]

"""#,
        "init/Package.swift": #"""
// swift-tools-version:6.0
// The fleet of this infrastructure repository, rendered by nixgen: `swift run nixgen render`.
import PackageDescription

let package = Package(
    name: "infrastructure",
    platforms: [.macOS(.v13)],
    products: [
        .executable(name: "nixgen", targets: ["FleetTool"]),
    ],
    dependencies: [
        {{nixgenDependency}},
    ],
    targets: [
        // The fleet: one file per host in Sources/Fleet/Hosts, one per service in Sources/Fleet/Services.
        .target(name: "FleetSpec", dependencies: [.product(name: "NixGen", package: "{{nixgenPackage}}")], path: "Sources/Fleet"),
        .executableTarget(
            name: "FleetTool",
            dependencies: ["FleetSpec", .product(name: "NixGenCLICore", package: "{{nixgenPackage}}")],
            path: "Sources/nixgen"
        ),
    ]
)

"""#,
        "init/Services.swift": #"""
// Maintained by `nixgen new-service`: every service of the fleet, one per line.
import NixGen

let allServices: [Service] = [
{{entries}}]

"""#,
        "init/gitignore": #"""
.build/
.build-*/
.swiftpm/
Package.resolved
nix/.nixgen.lock

"""#,
        "init/main.swift": #"""
import FleetSpec
import Foundation
import NixGenCLICore

// nixgen's command line over the fleet compiled into this binary.
exit(CLI(arguments: Array(CommandLine.arguments.dropFirst()), fleet: { fleet }, console: .standard()).run())

"""#,
        "init/nixgen.yml": #"""
# Every pull request shows the Nix it changes: the generated tree is committed, and this job fails
# when it is stale, when a secret is not encrypted to exactly who must read it, or when the
# policies deny the fleet.
name: nixgen
on:
  pull_request:
  push:
    branches: [main]
jobs:
  generated-tree-is-current:
    runs-on: docker
    container:
      image: swift:6.1
    steps:
      - uses: actions/checkout@v4
      - name: nixgen render --check (exit 1 and a unified diff when nix/ or policies/ is stale)
        run: swift run nixgen render --check
      - name: nixgen secrets --stale (exit 1 on a secret not encrypted to exactly its readers, or on plaintext)
        run: swift run nixgen secrets --stale
  plan:
    if: github.event_name == 'pull_request'
    runs-on: docker
    container:
      image: swift:6.1
    steps:
      - uses: actions/checkout@v4
        with:
          fetch-depth: 0
      - name: nixgen plan (what the change does to each host, as markdown in the job summary)
        run: swift run nixgen plan "origin/$GITHUB_BASE_REF" --format markdown | tee -a "${GITHUB_STEP_SUMMARY:-/dev/null}"
      - name: the hosts the change can reach (build only these with `nix build .#nixosConfigurations.<host>.config.system.build.toplevel`)
        run: swift run nixgen plan "origin/$GITHUB_BASE_REF" --hosts
  policies:
    runs-on: nix
    steps:
      - uses: actions/checkout@v4
      - name: conftest over the evaluated fleet
        run: nix run .#conftest
      - name: nix flake check (evaluates every host and runs the policies)
        run: nix flake check

"""#,
    ]
}
