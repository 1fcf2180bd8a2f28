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
