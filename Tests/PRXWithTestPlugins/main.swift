import Foundation
import PRXCommand
import PRXPlugins
import PRXKernel

// prx with plugins of the tests' own, registered as docs/PLUGINS.md has a plugin's author register theirs: what the
// command tests run to see such a plugin through the real command line, configuration files and recipes. The stop
// policy `halt-after`; the executor `queued-local`, which reports placements as a cluster's would; and `json`
// registered again, in the built-in's place, writing its file through a type of the tests' own (and, given an
// `output_copy`, watching the tasks' output), with the built-in JSON Lines sink under another name, `json-copy`; the
// sink `refusing`, whose factory refuses the run, as a plugin's does when it finds its settings wrong once the sinks
// before it are made; the source `hosts`, reading a host list its setting `list` names, which it declares among the
// files it reads; the sink `ranged`, whose value check refuses its settings `low` and `high` together only; the sink
// `notify`, whose factory, with no value check, refuses a `channel` it does not know; the executor
// `refusing-executor`, whose factory refuses the run with a reason that does not name it (and its `queue`); and `local`
// registered again, wrapping the built-in but declaring neither `max_output_capture` nor `use_process_groups`, which
// the configuration's `limits:` and `execution:` keys give the built-in; `log` and `stop-limits` registered again,
// each the built-in inside a type of the tests' own (the log sharing its log with prx), with the built-ins under
// other names, `log-copy` and `limits-copy`; and the stop policy `halt-on-exit`, whose settings are a list with
// bounds on its elements and a text whose default is empty; and three plugins that fail as the run goes, each with
// its `reason`: the source `failing-source` (after its `tasks`), the sink `failing-sink` (at each task's end) and the
// executor `unready` (as the run begins); and the executor `remote`, whose tasks, as a cluster's jobs, hold nothing of
// prx's, which it declares, with a cap of 1000 workers. With `PRX_TEST_FILELESS_SINKS` in the environment, `csv`,
// `output` and `log` are registered again as sinks that write no file (``FilelessSink``).
var registry = PluginRegistry.builtin
let json = try registry.descriptor(.sink, named: "json")
var wrappedJSON = json
wrappedJSON.settings.append(
    PluginSetting("output_copy", .string, help: "a file to which the tasks' output, watched as it runs, is written"))
registry.register(
    sink: wrappedJSON,
    factory: { settings, context in
        try WrappedJSONSink(
            path: settings.required("path"), appending: context.resumesEarlierRun,
            outputCopy: settings.string("output_copy"))
    },
    fileOpening: .appendsWhenResuming)
registry.register(
    sink: PluginDescriptor(
        kind: .sink, name: "json-copy", summary: "the built-in JSON Lines sink under another name",
        settings: json.settings)
) { settings, context in
    try JSONSink(path: settings.required("path"), appending: context.resumesEarlierRun)
}
registry.register(
    sink: PluginDescriptor(
        kind: .sink, name: "refusing", summary: "refuses the run as it is made, giving its reason",
        settings: [PluginSetting("reason", .string, default: "refused", help: "the reason the error gives")])
) { settings, _ in
    throw PluginError("refusing: \(settings.string("reason") ?? "refused")")
}
registry.register(sink: RangedSink.descriptor, factory: RangedSink.make, valueCheck: RangedSink.check)
registry.register(sink: ChannelNotifierSink.descriptor, factory: ChannelNotifierSink.make)
registry.register(
    executor: PluginDescriptor(
        kind: .executor, name: "refusing-executor", summary: "refuses the run as it is made, giving its reason",
        settings: [
            PluginSetting("reason", .string, default: "refused", help: "the reason the error gives"),
            PluginSetting("queue", .string, help: "the queue the error names after its reason, if any"),
        ])
) { settings, _ in
    let queue = settings.string("queue").map { " (queue \($0))" } ?? ""
    throw PluginError((settings.string("reason") ?? "refused") + queue)
}
registry.register(
    source: PluginDescriptor(
        kind: .source, name: "hosts", summary: "one `echo HOST` task per line of a host list",
        settings: [PluginSetting("list", .string, required: true, help: "the file of hosts, one a line")]),
    factory: { settings, context in
        try HostListSource(file: settings.required("list"), baseDirectory: context.baseDirectories["list"])
    },
    inputFileSettings: ["list"])
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
registry.register(
    executor: PluginDescriptor(
        kind: .executor, name: "queued-local",
        summary: "runs each task as local does, first reporting it queued and then placed, as a cluster job",
        settings: [
            PluginSetting(
                "queue_seconds", .number, default: "0", bounds: .from(0, to: 3600),
                help: "seconds each attempt is reported queued (a job id, no host) before it runs"),
        ])
) { settings, context in
    QueuedLocalExecutor(
        base: try PluginRegistry.builtin.makeExecutor("local", settings: [:], context: context),
        queueSeconds: settings.number("queue_seconds") ?? 0)
}
/// The values of `settings`, as given or defaulted, for a built-in that a plugin of the tests' own makes.
func given(_ settings: PluginSettings) -> [String: PluginSettingValue] {
    Dictionary(uniqueKeysWithValues: settings.descriptor.settings.compactMap { setting in
        settings.value(setting.name).map { (setting.name, $0) }
    })
}
/// `descriptor` under the name `name`, with `summary`.
func renamed(_ descriptor: PluginDescriptor, _ name: String, summary: String) -> PluginDescriptor {
    var renamed = descriptor
    (renamed.name, renamed.summary) = (name, summary)
    return renamed
}
let logSink = try registry.descriptor(.sink, named: "log")
registry.register(
    sink: logSink,
    factory: { settings, context in
        let base = try PluginRegistry.builtin.makeSink("log", settings: given(settings), context: context)
        guard let base = base as? LogSink else { throw PluginError("the built-in log sink is no LogSink") }
        return WrappedLogSink(base: base)
    },
    fileOpening: .appends)
var logCopy = renamed(logSink, "log-copy", summary: "the built-in main log sink under another name")
logCopy.settings = logCopy.settings.map { setting in
    var required = setting
    required.isRequired = setting.isRequired || setting.name == "path"
    return required
}
registry.register(
    sink: logCopy,
    factory: { settings, context in
        try PluginRegistry.builtin.makeSink("log", settings: given(settings), context: context)
    },
    fileOpening: .appends)
let stopLimits = try registry.descriptor(.stopPolicy, named: "stop-limits")
registry.register(stopPolicy: stopLimits) { settings, context in
    WrappedStopPolicy(
        base: try PluginRegistry.builtin.makeStopPolicy("stop-limits", settings: given(settings), context: context))
}
registry.register(
    stopPolicy: renamed(stopLimits, "limits-copy", summary: "the built-in stop limits under another name")
) { settings, context in
    try PluginRegistry.builtin.makeStopPolicy("stop-limits", settings: given(settings), context: context)
}
registry.register(
    stopPolicy: PluginDescriptor(
        kind: .stopPolicy, name: "halt-on-exit", summary: "halts once a task exits with one of the codes given",
        settings: [
            PluginSetting(
                "codes", .list, bounds: .from(0, to: 255), required: true, help: "the exit codes that halt the run"),
            PluginSetting("reason", .string, default: "", help: "the halt's reason (empty: exit code N)"),
        ])
) { settings, _ in
    HaltOnExitCodePolicy(
        codes: (settings.list("codes") ?? []).compactMap { Int32($0) }, reason: settings.string("reason") ?? "")
}
var wrappedLocal = try registry.descriptor(.executor, named: "local")
wrappedLocal.summary = "the built-in local executor, with its own output capture and process groups"
wrappedLocal.settings.removeAll { ["max_output_capture", "use_process_groups"].contains($0.name) }
registry.register(executor: wrappedLocal) { settings, context in
    try PluginRegistry.builtin.makeExecutor("local", settings: given(settings), context: context)
}
/// The setting `reason`, defaulting to `default`, of the plugins that fail as the run goes.
func reasonSetting(_ default: String) -> PluginSetting {
    PluginSetting("reason", .string, default: `default`, help: "what the failure says")
}
registry.register(
    source: PluginDescriptor(
        kind: .source, name: "failing-source", summary: "gives `tasks` tasks running `true`, then fails",
        settings: [
            PluginSetting("tasks", .integer, default: "1", bounds: .atLeast(0), help: "the tasks given first"),
            reasonSetting("the feed broke"),
        ])
) { settings, _ in
    FailingSource(tasks: settings.integer("tasks") ?? 1, reason: settings.string("reason") ?? "")
}
registry.register(
    sink: PluginDescriptor(
        kind: .sink, name: "failing-sink", summary: "fails as it is told each task's end, or at each flush",
        settings: [
            reasonSetting("the service is gone"),
            PluginSetting("fails_at_flush", .boolean, default: "false", help: "fail at each flush instead"),
            PluginSetting("path", .string, help: "a file it is said to add to in a --resume run, and never writes"),
        ]),
    factory: { settings, _ in
        FailingSink(reason: settings.string("reason") ?? "", failsAtFlush: settings.boolean("fails_at_flush") ?? false)
    },
    fileOpening: .appendsWhenResuming)
registry.register(
    executor: PluginDescriptor(
        kind: .executor, name: "unready", summary: "refuses the run as it begins",
        settings: [reasonSetting("the queue is gone")])
) { settings, _ in
    UnreadyExecutor(reason: settings.string("reason") ?? "")
}
registry.register(
    executor: PluginDescriptor(
        kind: .executor, name: "remote", summary: "runs each task as a job elsewhere, which only waits, then succeeds",
        settings: [
            PluginSetting(
                "seconds", .number, default: "0", bounds: .from(0, to: 3600), help: "seconds each attempt's job takes"),
            PluginSetting(
                "until_file", .string, help: "a file whose existence ends each attempt's job, after its seconds"),
        ]),
    factory: { settings, _ in
        RemoteJobExecutor(seconds: settings.number("seconds") ?? 0, untilFile: settings.string("until_file"))
    },
    limits: ExecutorLimits(tasksAreLocalProcesses: false, maxAllowedWorkers: 1000))
if ProcessInfo.processInfo.environment["PRX_TEST_FILELESS_SINKS"] != nil {
    for name in ["csv", "output", "log"] {
        registry.register(
            sink: try registry.descriptor(.sink, named: name), factory: { _, _ in FilelessSink() },
            fileOpening: registry.fileOpening(ofSink: name))
    }
}
await CommandLineEntry.main(registry: registry)
