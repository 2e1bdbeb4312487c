import Foundation
import PRXPlugins
import PRXTesting
import PrometheusSink
import Testing

/// The `prometheus` plugin's declaration and factory, as a registry uses them.
@Suite struct PrometheusPluginTests {
    private static var registry: PluginRegistry {
        var registry = PluginRegistry()
        registry.register(sink: PrometheusSink.descriptor, factory: PrometheusSink.make)
        return registry
    }

    private static func context(base: String?) throws -> PluginContext {
        PluginContext(logFiles: try RunLogFiles(directory: "/tmp"), baseDirectories: base.map { ["path": $0] } ?? [:])
    }

    @Test func aRelativePathIsTakenFromTheBaseDirectory() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let sink = try Self.registry.makeSink(
            "prometheus", settings: ["path": "run.prom", "every": "3"], context: Self.context(base: directory.path))
        let prometheus = try #require(sink as? PrometheusSink)
        #expect(prometheus.file.path == directory.file("run.prom"))
        #expect(prometheus.every == 3)
    }

    @Test(arguments: [
        (["every": "2"], "sink 'prometheus' needs the setting prometheus.path"),
        (["path": "x.prom", "every": "-1"], "setting prometheus.every must be 0 or more (got '-1')"),
        (["path": "x.prom", "every": "often"], "setting prometheus.every must be a whole number (got 'often')"),
        (["path": "x.prom", "evry": "3"], "unknown setting 'evry' for sink 'prometheus' (valid: every, path)"),
        (["path": "/nonexistent-dir/x.prom"], "prometheus.path /nonexistent-dir/x.prom: cannot write in its directory (No such file or directory)"),
    ])
    func badSettingsAreNamed(_ settings: [String: String], _ message: String) throws {
        #expect {
            _ = try Self.registry.makeSink(
                "prometheus", settings: settings.mapValues { .text($0) }, context: Self.context(base: nil))
        } throws: { error in
            "\(error)" == message
        }
    }
}
