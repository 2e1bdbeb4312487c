import PRXCommand
import PRXPlugins
import PRXKernel

// prx with plugins of the tests' own, registered as docs/PLUGINS.md has a plugin's author register theirs: what the
// command tests run to see such a plugin through the real command line, configuration files and recipes.
var registry = PluginRegistry.builtin
registry.register(
    stopPolicy: PluginDescriptor(
        kind: .stopPolicy, name: "halt-after", summary: "halts once so many tasks finished or attempts started",
        settings: [
            PluginSetting(
                "results", .integer, default: "0", bounds: .atLeast(0),
                help: "finished tasks that halt the run (0: never)"),
            PluginSetting(
                "starts", .integer, default: "0", bounds: .atLeast(0),
                help: "started attempts that halt the run (0: never)"),
        ])
) { settings, _ in
    HaltAfterPolicy(results: settings.integer("results") ?? 0, starts: settings.integer("starts") ?? 0)
}
await CommandLineEntry.main(registry: registry)
