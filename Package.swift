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
        .package(url: "https://github.com/apple/swift-nio", from: "2.101.2"),
        .package(url: "https://github.com/apple/swift-nio-ssl", from: "2.37.6"),
        .package(url: "https://github.com/swift-server/swift-prometheus", from: "2.4.1"),
        .package(url: "https://github.com/swift-server/async-http-client", from: "1.37.0"),
        .package(url: "https://github.com/HdrHistogram/hdrhistogram-swift", from: "0.2.0"),
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
            name: "GWProxy",
            dependencies: [
                "GWPlan",
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
                .product(name: "NIOConcurrencyHelpers", package: "swift-nio"),
                .product(name: "NIOSSL", package: "swift-nio-ssl"),
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "Histogram", package: "hdrhistogram-swift"),
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "Prometheus", package: "swift-prometheus"),
            ]
        ),
        .target(
            name: "GWCLI",
            dependencies: [
                "GWSyntax",
                "GWSema",
                "GWPlan",
                "GWProxy",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]
        ),
        .executableTarget(
            name: "gwpipe",
            dependencies: ["GWCLI", .product(name: "ArgumentParser", package: "swift-argument-parser")]
        ),
        .testTarget(name: "GWYAMLTests", dependencies: ["GWYAML"]),
        .testTarget(name: "GWSyntaxTests", dependencies: ["GWSyntax"]),
        .testTarget(name: "GWSemaTests", dependencies: ["GWSema", "GWSyntax"]),
        .testTarget(name: "GWPlanTests", dependencies: ["GWPlan", "GWSema", "GWSyntax"]),
        .testTarget(
            name: "GWProxyTests",
            dependencies: [
                "GWProxy", "GWPlan", "GWSema", "GWSyntax",
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
            ]
        ),
        .testTarget(name: "GWCLITests", dependencies: ["GWCLI", "GWSyntax"]),
    ],
    swiftLanguageModes: [.v6]
)
