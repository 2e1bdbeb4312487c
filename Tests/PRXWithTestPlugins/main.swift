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
// files it reads; and `local` registered again, wrapping the built-in but declaring neither
// `max_output_capture` nor `use_process_groups`, which the configuration's `limits:` and `execution:` keys give the
// built-in.
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
var wrappedLocal = try registry.descriptor(.executor, named: "local")
wrappedLocal.summary = "the built-in local executor, with its own output capture and process groups"
wrappedLocal.settings.removeAll { ["max_output_capture", "use_process_groups"].contains($0.name) }
let wrappedLocalSettings = wrappedLocal.settings.map(\.name)
registry.register(executor: wrappedLocal) { settings, context in
    let given = wrappedLocalSettings.compactMap { name in settings.value(name).map { (name, $0) } }
    return try PluginRegistry.builtin.makeExecutor(
        "local", settings: Dictionary(uniqueKeysWithValues: given), context: context)
}
await CommandLineEntry.main(registry: registry)
