// swift-tools-version: 6.2
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
        .package(url: "https://github.com/apple/swift-atomics", from: "1.3.0"),
        .package(url: "https://github.com/apple/swift-nio-ssl", from: "2.37.6"),
        .package(url: "https://github.com/swift-server/swift-prometheus", from: "2.4.1"),
        .package(url: "https://github.com/swift-server/async-http-client", from: "1.37.0"),
        .package(url: "https://github.com/HdrHistogram/hdrhistogram-swift", from: "0.2.0"),
        .package(url: "https://github.com/groue/GRDB.swift", from: "7.10.0"),
        .package(url: "https://github.com/swiftlang/swift-subprocess", from: "1.0.2"),
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
                .product(name: "Atomics", package: "swift-atomics"),
                .product(name: "NIOSSL", package: "swift-nio-ssl"),
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "Histogram", package: "hdrhistogram-swift"),
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "Prometheus", package: "swift-prometheus"),
            ]
        ),
        // The record of runs, deployments, gate evaluations and the audit log (SQLite).
        .target(name: "GWStateStore", dependencies: [.product(name: "GRDB", package: "GRDB.swift")]),
        // Security rules over a compiled plan, and SARIF output.
        .target(name: "GWScan", dependencies: ["GWPlan", "GWSema", "GWSyntax"]),
        // Contract test suites (YAML) run against a gateway URL or an ephemeral gateway on mocks.
        .target(
            name: "GWContract",
            dependencies: [
                "GWYAML", "GWPlan", "GWProxy", "GWSyntax",
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
            ]
        ),
        // Reports of a recorded run: JUnit XML and a self-contained HTML page with SVG charts.
        .target(name: "GWReport", dependencies: ["GWStateStore"]),
        // The pipeline interpreter: stages, steps, strategies, gates, rollback.
        .target(
            name: "GWPipeline",
            dependencies: [
                "GWPlan", "GWProxy", "GWStateStore", "GWScan", "GWContract", "GWReport", "GWYAML", "GWSema", "GWSyntax",
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
                .product(name: "NIOConcurrencyHelpers", package: "swift-nio"),
                .product(name: "Subprocess", package: "swift-subprocess"),
            ]
        ),
        .target(
            name: "GWCLI",
            dependencies: [
                "GWSyntax",
                "GWSema",
                "GWPlan",
                "GWProxy",
                "GWStateStore",
                "GWScan",
                "GWContract",
                "GWReport",
                "GWPipeline",
                "GWYAML",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOConcurrencyHelpers", package: "swift-nio"),
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
                .product(name: "NIOEmbedded", package: "swift-nio"),
                .product(name: "NIOSSL", package: "swift-nio-ssl"),
            ]
        ),
        .testTarget(name: "GWStateStoreTests", dependencies: ["GWStateStore"]),
        .testTarget(name: "GWScanTests", dependencies: ["GWScan", "GWPlan", "GWSema", "GWSyntax"]),
        .testTarget(name: "GWContractTests", dependencies: ["GWContract", "GWPlan", "GWProxy", "GWYAML", "GWSema", "GWSyntax"]),
        .testTarget(name: "GWReportTests", dependencies: ["GWReport", "GWStateStore"]),
        .testTarget(
            name: "GWPipelineTests",
            dependencies: ["GWPipeline", "GWPlan", "GWProxy", "GWStateStore", "GWSema", "GWSyntax", "GWCLI"]
        ),
        .testTarget(
            name: "GWCLITests",
            dependencies: [
                "GWCLI", "GWSyntax", "GWYAML", .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]
        ),
    ],
    swiftLanguageModes: [.v6]
)
