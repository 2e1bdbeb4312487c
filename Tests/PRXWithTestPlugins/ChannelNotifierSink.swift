import PRXKernel
import PRXPlugins

/// A sink of the tests' own written as docs/PLUGINS.md has a plugin's author write one, with no value check: its
/// factory looks up the channel its setting `channel` names among those it knows and throws an error of its own for
/// any other, which names neither the plugin nor the setting. It sends nothing (it stands for a sink posting to a chat
/// service) and writes nothing. Registered as `notify` in this build of prx.
struct ChannelNotifierSink: Sink {
    /// The channels it knows.
    static let channels = ["dev", "ops"]

    /// The plugin's declaration: `channel`, looked up when the sink is made, and `every`, read after it.
    static let descriptor = PluginDescriptor(
        kind: .sink, name: "notify", summary: "sends nothing; refuses a channel it does not know",
        settings: [
            PluginSetting("channel", .string, default: "ops", help: "the channel, one of \(channels)"),
            PluginSetting("every", .integer, default: "1", bounds: .atLeast(1), help: "tasks between messages"),
        ])

    /// The factory's refusal of a channel it does not know.
    struct UnknownChannel: Error, CustomStringConvertible {
        /// The channel asked for.
        let channel: String

        var description: String {
            "no channel '\(channel)' (known: \(ChannelNotifierSink.channels.joined(separator: ", ")))"
        }
    }

    /// The channel it posts to.
    let channel: String
    /// The finished tasks between two messages.
    let every: Int

    /// Makes the sink once it knows the channel.
    ///
    /// - Throws: ``UnknownChannel`` for a channel it does not know.
    static func make(_ settings: PluginSettings, _ context: PluginContext) throws -> any Sink {
        let channel = settings.string("channel") ?? "ops"
        guard channels.contains(channel) else { throw UnknownChannel(channel: channel) }
        return ChannelNotifierSink(channel: channel, every: settings.integer("every") ?? 1)
    }

    mutating func receive(_ event: RunEvent) throws {}
}
