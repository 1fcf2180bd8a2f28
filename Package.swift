// swift-tools-version:6.0
// Foundation only, no package dependencies: nixpkgs can build this with its own Swift toolchain.
import PackageDescription

let package = Package(
    name: "nixgen",
    platforms: [.macOS(.v13)],
    products: [
        .executable(name: "nixgen", targets: ["NixGenTool"]),
        .executable(name: "nixgen-bench", targets: ["NixGenBench"]),
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
