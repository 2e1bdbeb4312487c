import PRXKernel
import PRXPlugins
import PRXTesting
import Testing
@testable import PRXCommand

/// A plugin's error is named at the place of the value it refuses only when that plugin, of its own kind, refuses the
/// value: a plugin of another kind sharing its name (a custom build's sink and source both called `twin`) refusing
/// the same value in the same words named the sink's error at the value's place, as if the sink refused it.
@Suite struct SharedPluginNameRefusalTests {
    /// What both plugins' errors say.
    struct Refusal: Error, CustomStringConvertible {
        var description: String { "cannot use path p" }
    }

    /// A sink `twin` that takes any `path`, and a source `twin` whose value check refuses `p`.
    static var registry: PluginRegistry {
        var registry = PluginRegistry()
        let path = PluginSetting("path", .string, help: "a path")
        registry.register(
            sink: PluginDescriptor(kind: .sink, name: "twin", summary: "a sink", settings: [path]),
            factory: { _, _ in RecordingSink() })
        registry.register(
            source: PluginDescriptor(kind: .source, name: "twin", summary: "a source", settings: [path]),
            factory: { _, _ in ArrayTaskSource([]) },
            valueCheck: { settings in if settings.string("path") == "p" { throw Refusal() } })
        return registry
    }

    /// The sink failing as it is made (a file it cannot open) is named where the recipe chose it, not at the line
    /// that gave `path`, which only the source refuses; the source refusing `path` is named at that line.
    @Test func anotherKindsRefusalIsNotTheSinks() throws {
        var selection = RunPlan.Selection(name: "twin", settings: ["path": .text("p")])
        selection.placesInRecipe["path"] = LuaSourcePosition(chunk: "recipe.lua", line: 7)
        let chosenAt = LuaSourcePosition(chunk: "recipe.lua", line: 3)
        for (kind, line) in [(PluginKind.sink, 3), (.source, 7)] {
            #expect {
                try built(making: selection, kind, with: Self.registry, at: chosenAt) { throw Refusal() }
            } throws: { error in
                (error as? CommandFailure)?.message.hasPrefix("recipe.lua:\(line): ") == true
            }
        }
    }
}
