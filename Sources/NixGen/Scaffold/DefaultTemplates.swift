// The compiled-in templates: identical to the repository's Templates/ folder (a test keeps them so).
// Compiled in because `Bundle.module` traps when the resource bundle is not beside an installed binary.

enum DefaultTemplates {
    static let files: [String: String] = [
        "Host.swift": #"""
import NixGen

let {{identifier}} = Host("{{name}}", system: {{system}}, address: {{address}}, hostKey: {{hostKey}}) {
{{assignments}}    Import("hardware/{{name}}.nix")
}

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
        "hardware.nix": #"""
# The hardware of {{name}}. Yours: nixgen scaffolds this file once and never rewrites it.
# Replace it with the output of `nixos-generate-config --show-hardware-config` on the machine.
{ ... }:
{
  boot.loader.grub.device = "nodev";
  fileSystems."/" = {
    device = "/dev/disk/by-label/nixos";
    fsType = "ext4";
  };
}

"""#,
        "init/Fleet.swift": #"""
import NixGen

/// The fleet: every service and host declared in this folder.
public let fleet = Fleet {
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
            dependencies: ["FleetSpec", .product(name: "NixGen", package: "{{nixgenPackage}}")],
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
import NixGen

// nixgen's command line over the fleet compiled into this binary.
exit(CLI(arguments: Array(CommandLine.arguments.dropFirst()), fleet: { fleet }, console: .standard()).run())

"""#,
        "init/nixgen.yml": #"""
# Every pull request shows the Nix it changes: the generated tree is committed, and this job fails
# when it is stale or when the policies deny the fleet.
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
  policies:
    runs-on: nix
    steps:
      - uses: actions/checkout@v4
      - name: conftest over the evaluated fleet
        run: nix run ./nix#conftest
      - name: nix flake check (evaluates every host and runs the policies)
        run: nix flake check ./nix

"""#,
    ]
}
