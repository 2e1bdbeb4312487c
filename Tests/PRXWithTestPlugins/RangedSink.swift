import PRXKernel
import PRXPlugins

/// A sink of the tests' own whose settings `low` and `high` are each fine alone and refused together when `low` is
/// above `high`, as a plugin's value check refuses a combination of values: its factory refuses them, and so does
/// its value check (``check(_:)``), with a message that does not name the plugin. It writes nothing. Registered as
/// `ranged` in this build of prx.
struct RangedSink: Sink {
    /// The plugin's declaration: `low` and `high`, whole numbers of 0 or more.
    static let descriptor = PluginDescriptor(
        kind: .sink, name: "ranged", summary: "writes nothing; refuses a low above its high",
        settings: [
            PluginSetting("low", .integer, default: "0", bounds: .atLeast(0), help: "the lower end"),
            PluginSetting("high", .integer, default: "100", bounds: .atLeast(0), help: "the upper end"),
        ])

    /// Refuses `low` above `high`, as the factory does.
    ///
    /// - Throws: ``PRXPlugins/PluginError`` naming both values.
    static func check(_ settings: PluginSettings) throws(PluginError) {
        let low = settings.integer("low") ?? 0
        let high = settings.integer("high") ?? 100
        guard low <= high else { throw PluginError("low \(low) is above high \(high)") }
    }

    /// Makes the sink once ``check(_:)`` takes its settings.
    static func make(_ settings: PluginSettings, _ context: PluginContext) throws -> any Sink {
        try check(settings)
        return RangedSink()
    }

    mutating func receive(_ event: RunEvent) throws {}
}
