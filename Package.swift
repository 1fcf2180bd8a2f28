// swift-tools-version:6.0
// Foundation only, no package dependencies: nixpkgs can build this with its own Swift toolchain.
import Foundation
import PackageDescription

// `swift run nixgen` here renders the bundled example fleet. A repository made by `nixgen init`
// depends on the NixGen library and builds its own `nixgen` around its own fleet; were this package
// to export its executables to it too, both would link to .build/debug/nixgen. SwiftPM evaluates a
// dependency's manifest from the root package's folder, so the executables are exported only here.
let workingDirectory = FileManager.default.currentDirectoryPath
let isRootPackage = workingDirectory == Context.packageDirectory
    || workingDirectory.hasPrefix(Context.packageDirectory + "/")
let executables: [Product] = isRootPackage ? [
    .executable(name: "nixgen", targets: ["NixGenTool"]),
    .executable(name: "nixgen-bench", targets: ["NixGenBench"]),
] : []

let package = Package(
    name: "nixgen",
    platforms: [.macOS(.v13)],
    products: executables + [
        // What a fleet imports: the DSL and the model, nothing else.
        .library(name: "NixGen", targets: ["NixGen"]),
        // What a repository's own `nixgen` executable wraps around its fleet.
        .library(name: "NixGenCLICore", targets: ["NixGenCLICore"]),
    ],
    targets: [
        // The layers, each depending only on those below it (the compiler enforces the arrows):
        //   NixGen (DSL, Model) ← NixGenGenerator (Plan → Validation → Render → Output)
        //     ← NixGenCLICore (CLI, Scaffold, Report) ← the `nixgen` executable.
        .target(name: "NixGen"),
        .target(name: "NixGenGenerator", dependencies: ["NixGen"]),
        .target(name: "NixGenCLICore", dependencies: ["NixGen", "NixGenGenerator"],
                // The crash-safety tests kill a render mid-write; release builds have no such hook.
                swiftSettings: [.define("NIXGEN_FAULT_INJECTION", .when(configuration: .debug))]),
        // The fleet this checkout describes. Replace this folder to describe your own.
        .target(name: "FleetDefinition", dependencies: ["NixGen"], path: "Sources/Fleet"),
        .executableTarget(name: "NixGenTool", dependencies: ["NixGenCLICore", "FleetDefinition"], path: "Sources/nixgen"),
        .executableTarget(name: "NixGenBench", dependencies: ["NixGen", "NixGenGenerator", "NixGenCLICore"], path: "Sources/nixgen-bench"),
        .target(name: "NixGenTestSupport", dependencies: ["NixGen", "NixGenGenerator", "NixGenCLICore"], path: "Tests/NixGenTestSupport"),
        .testTarget(
            name: "NixGenTests",
            dependencies: ["NixGen", "NixGenGenerator", "NixGenCLICore", "FleetDefinition", "NixGenTestSupport"],
            path: "Tests/NixGenTests"
        ),
    ]
)
