// swift-tools-version:6.0
import PackageDescription

let package = Package(
    name: "prx",
    platforms: [.macOS(.v13)],
    products: [
        .executable(name: "prx", targets: ["prx"]),
        .library(name: "PRXKernel", targets: ["PRXKernel"]),
        .library(name: "PRXPlugins", targets: ["PRXPlugins"]),
        .library(name: "PRXCommand", targets: ["PRXCommand"]),
        .library(name: "PRXTesting", targets: ["PRXTesting"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.5.0"),
        // Yams' libyaml, its target CYaml (no product of Yams'), is imported too, by ConfigurationNesting.
        .package(url: "https://github.com/jpsim/Yams", from: "5.0.1"),
    ],
    targets: [
        .target(name: "PRXKernel", path: "Sources/Kernel"),
        .systemLibrary(
            name: "CLua",
            path: "Sources/CLua",
            pkgConfig: "lua5.4",
            providers: [.apt(["liblua5.4-dev"])]
        ),
        .target(name: "CSystem", path: "Sources/CSystem"),
        .target(name: "PRXPlugins", dependencies: ["PRXKernel", "CLua", "CSystem"], path: "Sources/Plugins"),
        .target(
            name: "PRXCommand",
            dependencies: [
                "PRXKernel", "PRXPlugins", "CSystem",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "Yams", package: "Yams"),
            ],
            path: "Sources/PRXCommand"
        ),
        .executableTarget(name: "prx", dependencies: ["PRXCommand", "PRXPlugins"], path: "Sources/prx"),
        .target(name: "PRXTesting", dependencies: ["PRXKernel", "CSystem"], path: "Tests/PRXTesting"),
        // ptrace, which Swift cannot call (variadic in glibc), for the tests that trace prx's processes.
        .target(name: "CProcessTracing", path: "Tests/CProcessTracing"),
        // prx with the tests' own plugins, which CommandTests run as a plugin's author runs their build.
        .executableTarget(
            name: "prx-with-test-plugins", dependencies: ["PRXCommand", "PRXKernel", "PRXPlugins"],
            path: "Tests/PRXWithTestPlugins"),
        .testTarget(name: "KernelTests", dependencies: ["PRXKernel", "PRXTesting"]),
        .testTarget(name: "PluginsTests", dependencies: ["PRXPlugins", "PRXTesting"]),
        .testTarget(name: "CLuaTests", dependencies: ["CLua"]),
        .testTarget(
            name: "CommandTests",
            dependencies: ["prx", "prx-with-test-plugins", "PRXCommand", "PRXTesting", "CProcessTracing"]),
    ]
)
