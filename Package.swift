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
        .library(name: "NixGen", targets: ["NixGen"]),
    ],
    targets: [
        // DSL → Model → Validation → Plan → Render → Output, plus the CLI core.
        .target(name: "NixGen"),
        // The fleet this checkout describes. Replace this folder to describe your own.
        .target(name: "FleetDefinition", dependencies: ["NixGen"], path: "Sources/Fleet"),
        .executableTarget(name: "NixGenTool", dependencies: ["NixGen", "FleetDefinition"], path: "Sources/nixgen"),
        .executableTarget(name: "NixGenBench", dependencies: ["NixGen"], path: "Sources/nixgen-bench"),
        .target(name: "NixGenTestSupport", dependencies: ["NixGen"], path: "Tests/NixGenTestSupport"),
        .testTarget(
            name: "NixGenTests",
            dependencies: ["NixGen", "FleetDefinition", "NixGenTestSupport"],
            path: "Tests/NixGenTests"
        ),
    ]
)
