import PRXKernel
import PRXPlugins
import PRXTesting
import Testing

@Suite struct PluginRegistryTests {
    private static let counting = PluginDescriptor(
        kind: .sink, name: "count", summary: "counts finished tasks",
        settings: [
            PluginSetting("every", .integer, default: "1", help: "report every N tasks"),
            PluginSetting("label", .string, help: "a label"),
            PluginSetting("loud", .boolean, default: "false", help: "shout"),
        ])

    private static func registry(log: EventLog) -> PluginRegistry {
        var registry = PluginRegistry()
        registry.register(sink: counting) { settings, _ in
            #expect(settings.integer("every") == 3)
            #expect(settings.boolean("loud") == false)
            return RecordingSink(log: log)
        }
        return registry
    }

    @Test func aSinkDefinedOutsideThePluginsRunsThroughTheScheduler() async throws {
        let log = EventLog()
        let sink = try Self.registry(log: log).makeSink("count", settings: ["every": "3"], context: .testing())
        let scheduler = Scheduler(configuration: SchedulerConfiguration(maxInFlight: 2), executor: ScriptedExecutor())
        let tasks = (1...4).map { TaskSpec(id: TaskID($0), label: "t\($0)", argv: ["true"]) }
        _ = await scheduler.run(source: ArrayTaskSource(tasks), sinks: [sink])
        #expect(log.results.count == 4)
        #expect(SinkConformance.violations(in: log.events).isEmpty)
    }

    @Test func anUnknownNameListsTheValidOnes() {
        let registry = Self.registry(log: EventLog())
        #expect(throws: PluginError("unknown sink 'cnt' (valid: count)")) {
            try registry.makeSink("cnt", settings: [:], context: .testing())
        }
        #expect(throws: PluginError("unknown executor 'slurm' (valid: none)")) {
            try registry.makeExecutor("slurm", settings: [:], context: .testing())
        }
    }

    @Test func anUnknownOrMistypedSettingIsNamed() {
        let registry = Self.registry(log: EventLog())
        #expect(throws: PluginError("unknown setting 'evry' for sink 'count' (valid: every, label, loud)")) {
            try registry.makeSink("count", settings: ["evry": "3"], context: .testing())
        }
        #expect(throws: PluginError("setting count.every must be a whole number (got 'often')")) {
            try registry.makeSink("count", settings: ["every": "often"], context: .testing())
        }
        #expect(throws: PluginError("setting count.loud must be true or false (got 'maybe')")) {
            try registry.makeSink("count", settings: ["loud": "maybe"], context: .testing())
        }
    }

    /// Settings refused together are refused with the same error whatever order their dictionary takes (a
    /// dictionary's order differs from one instance to the next, and so from one prx process to the next): the unknown
    /// keys first, by name, then the values in the order the plugin declares its settings.
    @Test func settingsRefusedTogetherAreRefusedWithTheSameError() {
        let registry = Self.registry(log: EventLog())
        let wrongValues: [[String: PluginSettingValue]] = (0..<32).map { _ in ["loud": "maybe", "every": "often"] }
        for settings in wrongValues {
            #expect(throws: PluginError("setting count.every must be a whole number (got 'often')")) {
                try registry.makeSink("count", settings: settings, context: .testing())
            }
        }
        let unknownKeys: [[String: PluginSettingValue]] = (0..<32).map { _ in
            ["every": "often", "lowd": "true", "evry": "3"]
        }
        for settings in unknownKeys {
            #expect(throws: PluginError("unknown setting 'evry' for sink 'count' (valid: every, label, loud)")) {
                try registry.makeSink("count", settings: settings, context: .testing())
            }
        }
    }

    @Test(arguments: [
        PluginSettingBounds.atLeast(0), .from(0, to: 1), .above(0, atMost: 60), .oneOf(["a", "b"]), .logLineFormat,
        .nonEmpty,
    ])
    func boundsComeBackFromTheirJSON(bounds: PluginSettingBounds) throws {
        let data = try JSONEncoder().encode(bounds)
        #expect(try JSONDecoder().decode(PluginSettingBounds.self, from: data) == bounds)
    }

    /// A plugin refusing a value alone (a reserved name) and two values together (a low above its high).
    private static let ranged = PluginDescriptor(
        kind: .sink, name: "range", summary: "a named range",
        settings: [
            PluginSetting("name", .string, required: true, help: "its name"),
            PluginSetting("low", .integer, help: "its low end"),
            PluginSetting("high", .integer, help: "its high end"),
        ])

    /// Each value the plugin refuses is a problem of its own, named by its setting, a value of the wrong type beside it
    /// left to ``PluginSettings``, where one value of the wrong type left every other unjudged; values refused only
    /// together are one problem of no setting.
    @Test func valueProblemsNameEachValueRefused() {
        var registry = PluginRegistry()
        registry.register(sink: Self.ranged, factory: { _, _ in RecordingSink(log: EventLog()) }) { settings in
            if settings.string("name") == "all" { throw PluginError("range.name 'all' is reserved") }
            if let low = settings.integer("low"), let high = settings.integer("high"), low > high {
                throw PluginError("range.low \(low) is above range.high \(high)")
            }
        }
        let alone = registry.valueProblems(of: "range", ["name": "all", "low": "abc", "high": "2"])
        #expect(alone.map(\.setting) == ["name"])
        #expect(alone.map { "\($0.error)" } == ["range.name 'all' is reserved"])
        let together = registry.valueProblems(of: "range", ["name": "", "low": "5", "high": "1"])
        #expect(together.map(\.setting) == ["name", nil])
        #expect(together.map { "\($0.error)" } == [
            "sink 'range' needs the setting range.name", "range.low 5 is above range.high 1",
        ])
        #expect(registry.valueProblems(of: "range", ["name": "r", "low": "1", "high": "5"]).isEmpty)
    }

    /// `checkValues` refuses what the declaration refuses, then what the value check refuses, without making the
    /// plugin: what a dry run holds the plugins it does not make to.
    @Test func checkValuesRefusesWhatTheValueCheckRefuses() throws {
        var registry = PluginRegistry()
        registry.register(sink: Self.ranged, factory: { _, _ in
            Issue.record("the plugin is not made")
            return RecordingSink(log: EventLog())
        }) { settings in
            if let low = settings.integer("low"), let high = settings.integer("high"), low > high {
                throw PluginError("low \(low) is above high \(high)")
            }
        }
        #expect(throws: PluginError("low 5 is above high 1")) {
            try registry.checkValues(.sink, named: "range", ["name": "r", "low": "5", "high": "1"])
        }
        #expect(throws: PluginError("sink 'range' needs the setting range.name", missingSetting: "name")) {
            try registry.checkValues(.sink, named: "range", ["low": "5", "high": "1"])
        }
        try registry.checkValues(.sink, named: "range", ["name": "r", "low": "1", "high": "5"])
    }

    /// prx's own plugins are built in; one a custom build registers, in the place of one of them or beside them, is
    /// not.
    @Test func onlyPrxsOwnPluginsAreBuiltIn() throws {
        var registry = PluginRegistry.builtin
        #expect(registry.isBuiltIn(.sink, named: "csv"))
        #expect(registry.isBuiltIn(.source, named: "args-file"))
        registry.register(sink: try registry.descriptor(.sink, named: "csv")) { _, _ in RecordingSink(log: EventLog()) }
        registry.register(sink: Self.counting) { _, _ in RecordingSink(log: EventLog()) }
        #expect(!registry.isBuiltIn(.sink, named: "csv"))
        #expect(!registry.isBuiltIn(.sink, named: "count"))
        #expect(!registry.isBuiltIn(.source, named: "nothing"))
    }

    @Test func settingsFillDefaultsAndReadTyped() throws {
        let settings = try PluginSettings(for: Self.counting, ["label": "a, b,,c"])
        #expect(settings.integer("every") == 1)
        #expect(settings.string("label") == "a, b,,c")
        #expect(settings.list("label") == ["a", "b", "c"])
        #expect(throws: PluginError("sink 'count' needs the setting count.missing", missingSetting: "missing")) {
            try settings.required("missing")
        }
    }

    /// Words (`.oneOf`) are taken in any case, as parallelr's log level is (`debug`), but were handed to the plugin as
    /// given: a plugin switching on the words it declared (`"onFailure"`) met `ONFAILURE`, which its declaration had
    /// passed, and did what it does for none of them. The readers now give the declared word.
    @Test func aWordReadsAsItsSettingDeclaresIt() throws {
        let descriptor = PluginDescriptor(
            kind: .sink, name: "mode", summary: "writes when told",
            settings: [
                PluginSetting("when", .string, default: "never", bounds: .oneOf(["never", "onFailure"]), help: "when"),
                PluginSetting("streams", .list, bounds: .oneOf(["stdout", "stderr"]), help: "which streams"),
            ])
        let given = try PluginSettings(for: descriptor, ["when": "ONFAILURE", "streams": "STDERR, Stdout"])
        #expect(given.string("when") == "onFailure")
        #expect(given.list("streams") == ["stderr", "stdout"])
        let listed = try PluginSettings(for: descriptor, ["streams": .list(["StdOut"])])
        #expect(listed.list("streams") == ["stdout"])
        #expect(listed.string("when") == "never")
    }

    /// A default that its own declaration refuses (`default: "0"` for a setting of 1 or more, `"abc"` for a whole
    /// number) was handed to the factory unchecked, though the settings are said to come checked: the plugin read an
    /// out-of-bounds value, or `nil` from `integer`, in every run that left the setting alone. Registering such a
    /// plugin now stops prx at once, naming it, as registering one under a kind it does not declare does.
    @Test func aDefaultItsDeclarationRefusesStopsItsRegistration() async {
        await #expect(processExitsWith: .failure) {
            var registry = PluginRegistry()
            registry.register(sink: PluginRegistryTests.counting(every: "0")) { _, _ in RecordingSink(log: EventLog()) }
        }
        await #expect(processExitsWith: .failure) {
            var registry = PluginRegistry()
            let counting = PluginRegistryTests.counting(every: "abc")
            registry.register(sink: counting) { _, _ in RecordingSink(log: EventLog()) }
        }
        var registry = PluginRegistry()
        registry.register(sink: Self.counting(every: "1")) { _, _ in RecordingSink(log: EventLog()) }
        #expect(registry.descriptors.map(\.name) == ["count"])
    }

    /// A sink whose setting `every`, 1 or more, defaults to `every`.
    private static func counting(every: String) -> PluginDescriptor {
        let setting = PluginSetting("every", .integer, default: every, bounds: .atLeast(1), help: "tasks a line")
        return PluginDescriptor(kind: .sink, name: "count", summary: "counts", settings: [setting])
    }

    /// prx's own plugins declare defaults within their bounds: their registration stops nothing.
    @Test func theBuiltInDefaultsPassTheirDeclarations() {
        for descriptor in PluginRegistry.builtin.descriptors {
            for setting in descriptor.settings {
                guard let value = setting.defaultValue else { continue }
                let problem = PluginSettings.problem(with: .text(value), for: setting)
                #expect(problem == nil, "\(descriptor.name).\(setting.name)")
            }
        }
    }

    /// An empty word among a setting's words (none: the plugin's own word for "off") was shown as nothing, in `prx
    /// plugins` (`one of , receive, flush`) and in the refusal (`must be , receive or flush`); such a word is now in
    /// double quotes, as a default that would not show as itself is.
    @Test func aWordThatWouldNotShowAsItselfIsQuoted() {
        let bounds = PluginSettingBounds.oneOf(["", "receive", " flush"])
        #expect(bounds.description == #"one of "", receive, " flush""#)
        let descriptor = PluginDescriptor(
            kind: .sink, name: "events", summary: "fails where told",
            settings: [PluginSetting("fail_on", .string, default: "", bounds: bounds, help: "where to fail")])
        #expect(throws: PluginError(#"setting events.fail_on must be "", receive or " flush" (got 'bogus')"#)) {
            try PluginSettings(for: descriptor, ["fail_on": "bogus"])
        }
    }
}

extension PluginContext {
    /// A context for tests that build plugins without running prx.
    static func testing() -> PluginContext {
        PluginContext(logFiles: try! RunLogFiles(directory: FileManager.default.temporaryDirectory.path))
    }
}

import Foundation
