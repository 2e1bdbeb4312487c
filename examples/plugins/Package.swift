// swift-tools-version:6.0
import PackageDescription

let package = Package(
    name: "prx-plugins-example",
    platforms: [.macOS(.v13)],
    products: [
        .executable(name: "prx-plus", targets: ["prx-plus"]),
        .library(name: "PrometheusSink", targets: ["PrometheusSink"]),
        .library(name: "JSONLinesSource", targets: ["JSONLinesSource"]),
    ],
    dependencies: [
        .package(name: "prx", path: "../.."),
    ],
    targets: [
        .target(
            name: "PrometheusSink",
            dependencies: [.product(name: "PRXKernel", package: "prx"), .product(name: "PRXPlugins", package: "prx")]
        ),
        .target(
            name: "JSONLinesSource",
            dependencies: [.product(name: "PRXKernel", package: "prx"), .product(name: "PRXPlugins", package: "prx")]
        ),
        .executableTarget(
            name: "prx-plus",
            dependencies: [
                "PrometheusSink", "JSONLinesSource",
                .product(name: "PRXCommand", package: "prx"), .product(name: "PRXPlugins", package: "prx"),
            ]
        ),
        .target(
            name: "ExampleTesting", dependencies: [.product(name: "PRXTesting", package: "prx")],
            path: "Tests/ExampleTesting"),
        .testTarget(
            name: "PrometheusSinkTests",
            dependencies: ["PrometheusSink", "ExampleTesting", .product(name: "PRXTesting", package: "prx")]
        ),
        .testTarget(
            name: "JSONLinesSourceTests",
            dependencies: ["JSONLinesSource", "ExampleTesting", .product(name: "PRXTesting", package: "prx")]
        ),
        .testTarget(
            name: "PRXPlusTests",
            dependencies: ["prx-plus", "ExampleTesting", .product(name: "PRXTesting", package: "prx")]
        ),
    ]
)
