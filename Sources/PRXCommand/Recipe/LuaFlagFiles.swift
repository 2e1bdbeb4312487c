import PRXKernel
import PRXPlugins

/// The Lua files of flags mode, loaded before anything runs: `--parser FILE` (a function splitting each
/// arguments line), each `--stop-policy FILE.lua` (a `stop_when` function) and `--hook FILE` (a table of hooks).
///
/// A Lua error inside a stop function or hook is a warning and the run goes on (flags mode has no
/// `prx.config{ on_error = "halt" }`).
struct LuaFlagFiles {
    /// The `stop_when` function of each `--stop-policy FILE.lua`, by the value given.
    private var stopWhen: [String: LuaStopPolicy] = [:]
    private var hookSink: LuaHookSink?
    private let reporter: LuaErrorReporter
    private let outcome = LuaHookSink.Outcome()
    /// What stops the stop policy's and hooks' Lua code when it does not return after a signal.
    private(set) var interruptions: [LuaInterruption] = []
    /// The files `prx.lines` and `prx.each_line` read and `prx.dir` and `prx.glob` listed as the stop policy's and
    /// hooks' files loaded.
    private(set) var filesRead: [LuaFilesReadWhileLoading] = []
    /// What keeps the stop policy's and hooks' `prx.write` off the files the run writes.
    private(set) var writeGuards: [LuaWriteGuard] = []

    /// Whether a `--stop-policy` value names a Lua file rather than a registered policy: one ending in `.lua`, or a
    /// path, which no policy's name is (holding a `/`: `./policy`, `/dev/stdin`, a process substitution's
    /// `/dev/fd/63`).
    static func isLuaFile(_ value: String) -> Bool {
        value.hasSuffix(".lua") || value.unicodeScalars.contains("/")
    }

    /// The Lua files `options` names (each `--stop-policy FILE.lua`, `--parser`, `--hook`), from `/` (relative ones
    /// taken from `base`), each with its flag: files the run reads, which no result file may be (``ResultFileClaims``),
    /// so that `--hook h.lua --json h.lua` is refused before the JSON sink empties the hooks it runs.
    static func files(of options: PRX, base: String) -> [ResultFileClaims.InputFile] {
        let named = options.stopPolicyNames.filter(isLuaFile).map { ("--stop-policy", Optional($0)) }
            + [("--parser", options.parserFile), ("--hook", options.hookFile)]
        return named.compactMap { flag, path in
            path.map { (SourceFileSystem.absolutePath($0, base: base), ResultFileClaims.Origin(name: flag), .reads) }
        }
    }

    /// Loads the `--stop-policy FILE.lua` files and the `--hook` file of `options`, each with a write guard
    /// `makeWriteGuard` makes (refusing the result files named before it loads); their Lua states, and the `--parser`
    /// file's, are left open as prx ends, as a recipe's are (``LuaState/init(libraries:closesWhenReleased:)``). With
    /// `printing` (a daemon's), their `print`, `io.write` and `io.stdout:write` hand each line to it rather than to
    /// standard output (``LuaPrintedLines``).
    ///
    /// - Throws: ``CommandFailure`` with the file's Lua error (`policy.lua:3: message`) or what it returned.
    init(
        options: PRX, makeWriteGuard: () -> LuaWriteGuard, printing: LuaPrintedLines?,
        warn: @escaping @Sendable (String) -> Void
    ) throws(CommandFailure) {
        let reporter = LuaErrorReporter(policy: .warn, warn: warn)
        self.reporter = reporter
        for path in options.stopPolicyNames where Self.isLuaFile(path) {
            let script = try built {
                try LuaScript(
                    path: path, writeGuard: makeWriteGuard(), closesStateWhenReleased: false, printing: printing)
            }
            let function = try built { try script.function(for: "a stop_when") }
            stopWhen[path] = LuaStopPolicy(function: function, owner: script, reporter: reporter)
            interruptions.append(script.interruption)
            filesRead.append(script.filesRead)
            writeGuards.append(script.writeGuard)
        }
        if let path = options.hookFile {
            let script = try built {
                try LuaScript(
                    path: path, writeGuard: makeWriteGuard(), closesStateWhenReleased: false, printing: printing)
            }
            let hooks = try built { try script.hooks() }
            hookSink = LuaHookSink(
                hooks: hooks, owner: script, writeGuard: script.writeGuard, reporter: reporter, outcome: outcome)
            interruptions.append(script.interruption)
            filesRead.append(script.filesRead)
            writeGuards.append(script.writeGuard)
        }
    }

    /// The `--parser` source for `options`, over the arguments file, template, command and names of the `args-file`
    /// source the run chose (`selection`), whatever gave them (`-C` or a `--set` or the configuration's `plugins:`),
    /// with the run's task settings and result files (`context`), what stops its Lua code after a signal, the files it
    /// read and listed as it loaded and what keeps its `prx.write` off the files the run writes (`writeGuard`), or
    /// `nil` without `--parser`; its `print` and `io.write` hand each line to `printing` when it is given, as the other
    /// files' do (``init(options:makeWriteGuard:printing:warn:)``). A refused value is named by what gave it, as the
    /// source's own refusal names it (``RunPlan/Selection/namingWhatGaveValues(_:)``).
    static func parsedArgumentsSource(
        options: PRX, selection: RunPlan.Selection, context: PluginContext, writeGuard: LuaWriteGuard,
        printing: LuaPrintedLines?
    ) throws -> (
        source: any TaskSource, interruption: LuaInterruption, filesRead: LuaFilesReadWhileLoading,
        writeGuard: LuaWriteGuard
    )? {
        let settings = selection.settings
        guard let path = options.parserFile, let file = settings["file"]?.text, let command = settings["command"]?.text
        else { return nil }
        let script = try LuaScript(
            path: path, writeGuard: writeGuard, closesStateWhenReleased: false, printing: printing)
        let parser = LuaLineParser(function: try script.function(for: "a parse"), owner: script)
        let source = try selection.namingWhatGaveValues {
            try ParallelrTaskSource(
                configuration: .init(
                    command: command,
                    taskPaths: settings["template"]?.text.map { [$0] } ?? [],
                    argumentsFile: file,
                    environmentNames: try settings["env"].map { try EnvironmentNames(setting: $0) } ?? .none,
                    settings: context.taskSettings,
                    resultFiles: context.resultFiles,
                    warn: context.warn,
                    flagOrigins: selection.flagOrigins),
                lineParser: { line in try parser.fields(of: line) })
        }
        return (source, script.interruption, script.filesRead, script.writeGuard)
    }

    /// The run's stop policies, in the order it asks them: those `--stop-policy` gives, in the order given (a Lua
    /// file's `stop_when`, or the registered policy of the name in `registered`), then those of `registered` it does
    /// not name (the stop limits that `--enable-stop-limits` or the configuration's `stop_limits_enabled` add).
    func stopPolicies(
        givenBy options: PRX, registered: [(name: String, policy: any StopPolicy)]
    ) -> [any StopPolicy] {
        Self.inAskedOrder(givenBy: options, luaFile: { stopWhen[$0] }, registered: registered)
    }

    /// The stop policies of a run of `options`, as ``stopPolicies(givenBy:registered:)`` orders them: those
    /// `--stop-policy` gives, in the order given, `luaFile` of a Lua file's value, or the one of `registered` of the
    /// name, then those of `registered` it does not name.
    static func inAskedOrder<Policy>(
        givenBy options: PRX, luaFile: (String) -> Policy?, registered: [(name: String, policy: Policy)]
    ) -> [Policy] {
        let given: [Policy] = options.stopPolicyNames.compactMap { value in
            if isLuaFile(value) { return luaFile(value) }
            return registered.first { $0.name == value }?.policy
        }
        return given + registered.filter { !options.stopPolicyNames.contains($0.name) }.map(\.policy)
    }

    /// The `--hook` sink, when given.
    var sinks: [any Sink] {
        hookSink.map { [$0] } ?? []
    }

    /// The exit status `on_done` chose, once the run is over.
    func chosenExitStatus() -> Int32? {
        outcome.exitStatus
    }
}
