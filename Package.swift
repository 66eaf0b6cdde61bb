// swift-tools-version: 6.0
import PackageDescription

// Module flow is one-way: syntax → semantics → plan → runtime → pipeline → CLI.
// See ../shared/design/README.md for the architecture this layout follows.
let package = Package(
    name: "gwpipe",
    platforms: [.macOS(.v14)],
    products: [
        .executable(name: "gwpipe", targets: ["gwpipe"]),
        .library(name: "GWSyntax", targets: ["GWSyntax"]),
        .library(name: "GWYAML", targets: ["GWYAML"]),
        .library(name: "GWSema", targets: ["GWSema"]),
        .library(name: "GWPlan", targets: ["GWPlan"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/apple/swift-crypto", from: "3.12.3"),
    ],
    targets: [
        .systemLibrary(
            name: "CYAML",
            pkgConfig: "yaml-0.1",
            providers: [.apt(["libyaml-dev"])]
        ),
        .target(name: "GWYAML", dependencies: ["CYAML"]),
        .target(name: "GWSyntax"),
        .target(name: "GWSema", dependencies: ["GWSyntax", "GWYAML"]),
        .target(
            name: "GWPlan",
            dependencies: ["GWSema", "GWSyntax", .product(name: "Crypto", package: "swift-crypto")]
        ),
        .target(
            name: "GWCLI",
            dependencies: [
                "GWSyntax",
                "GWSema",
                "GWPlan",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]
        ),
        .executableTarget(name: "gwpipe", dependencies: ["GWCLI"]),
        .testTarget(name: "GWYAMLTests", dependencies: ["GWYAML"]),
        .testTarget(name: "GWSyntaxTests", dependencies: ["GWSyntax"]),
        .testTarget(name: "GWSemaTests", dependencies: ["GWSema", "GWSyntax"]),
        .testTarget(name: "GWPlanTests", dependencies: ["GWPlan", "GWSema", "GWSyntax"]),
        .testTarget(name: "GWCLITests", dependencies: ["GWCLI", "GWSyntax"]),
    ],
    swiftLanguageModes: [.v6]
)
