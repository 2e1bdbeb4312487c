import Foundation
import PRXPlugins
import PRXTesting

@testable import PRXCommand

/// A temporary directory holding a script and a user configuration file, loaded with the built-in plugins.
struct ConfigurationFixture {
    let root: TemporaryDirectory
    var scriptPath: String { root.file("bin/cfg/prx.yaml") }
    var userPath: String { root.file("home/prx/cfg/prx.yaml") }

    init() throws {
        root = try TemporaryDirectory()
    }

    /// Writes the files given (nil: no such file) and loads them, with `flags` on top.
    func load(script: String? = nil, user: String? = nil, flags: FlagOverrides = FlagOverrides()) throws
        -> LoadedConfiguration
    {
        if let script { try root.write("bin/cfg/prx.yaml", script) }
        if let user { try root.write("home/prx/cfg/prx.yaml", user) }
        return try ConfigurationLoader.load(
            files: ConfigurationFiles(
                script: script.map { _ in
                    ConfigurationFile(path: scriptPath, preferredName: "prx.yaml", isFallback: false)
                },
                user: user.map { _ in
                    ConfigurationFile(path: userPath, preferredName: "prx.yaml", isFallback: false)
                }),
            plugins: PluginRegistry.builtin.descriptors, flags: flags)
    }

    /// Loads through the locator, as the command does, with `HOME` in the fixture and the binary in `bin/`.
    func locateAndLoad(programName: String = "prx", environment: [String: String] = [:]) throws -> LoadedConfiguration {
        try ConfigurationLoader.load(
            programName: programName,
            environment: ["HOME": root.file("home")].merging(environment) { $1 },
            executablePath: root.file("bin/prx"),
            plugins: PluginRegistry.builtin.descriptors)
    }
}
