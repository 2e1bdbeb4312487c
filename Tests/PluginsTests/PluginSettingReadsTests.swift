import PRXKernel
import PRXPlugins
import PRXTesting
import Testing

/// ``PluginSettingReads`` notes the keys a factory reads through ``PluginSettings``' readers while it runs, each once,
/// in the order of its first read, by plugin, and nothing outside it.
@Suite struct PluginSettingReadsTests {
    private static let notifier = PluginDescriptor(
        kind: .sink, name: "notify", summary: "sends nothing",
        settings: [
            PluginSetting("channel", .string, default: "ops", help: "the channel"),
            PluginSetting("every", .integer, default: "1", help: "tasks between messages"),
            PluginSetting("tags", .list, help: "tags"),
            PluginSetting("loud", .boolean, default: "false", help: "shout"),
        ])

    @Test func theKeysAFactoryReadsAreNotedInTheOrderOfTheirFirstRead() throws {
        var registry = PluginRegistry()
        registry.register(sink: Self.notifier) { settings, _ in
            _ = settings.integer("every")
            _ = settings.list("tags")
            _ = settings.string("channel")
            _ = settings.integer("every")
            return RecordingSink(log: EventLog())
        }
        let reads = PluginSettingReads()
        _ = try reads.noting {
            try registry.makeSink("notify", settings: ["channel": "dev"], context: .testing())
        }
        #expect(reads.keys(of: .sink, named: "notify") == ["every", "tags", "channel"])
        #expect(reads.keys(of: .source, named: "notify").isEmpty)

        let settings = try PluginSettings(for: Self.notifier, [:])
        _ = settings.boolean("loud")
        #expect(reads.keys(of: .sink, named: "notify") == ["every", "tags", "channel"], "read outside noting(_:)")
    }
}
