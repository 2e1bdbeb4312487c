import PRXKernel

/// A recipe file, run once: its task graph, its settings and its hooks, and the Lua state they live in.
///
/// Loading runs the whole file (which declares tasks through `prx.task{…}` and friends), then resolves and checks
/// the graph. The recipe owns its ``LuaState``; the source, stop policy and sink it makes keep the recipe, and so
/// the state, alive for the run. Not `Sendable`: everything Lua runs on one thread at a time, so a recipe and
/// what it makes are used from the scheduler's run task only (which calls sources, sinks and policies serially).
public final class Recipe {
    /// The recipe file as given; `-` for standard input.
    public let path: String
    /// The recipe file's directory, absolute: relative paths in the recipe and task working directories start
    /// here. prx's working directory for a recipe read from standard input, a FIFO or a file descriptor's link
    /// (``LuaFileBaseDirectory``).
    public let directory: String
    /// The resolved tasks.
    public let graph: RecipeGraph
    /// `prx.config{…}`.
    public let configuration: RecipeConfiguration
    /// The hooks and stop function the recipe set.
    public let hooks: RecipeHooks
    /// The registry plugins it chose: `prx.source`, `prx.sink`, `prx.stop_policy`, `prx.config{ executor = … }`,
    /// `prx.set`.
    public let plugins: RecipePlugins
    /// The files `prx.lines` and `prx.each_line` read and `prx.dir` and `prx.glob` listed as the recipe loaded,
    /// which no result file may be.
    public let filesRead: LuaFilesReadWhileLoading
    /// The files the run writes, which `prx.write` refuses once the command has named them (and those named before,
    /// as the recipe loads), and the files the recipe wrote as it loaded.
    public let writeGuard: LuaWriteGuard
    let state: LuaState

    /// Stops the recipe's Lua code (a hook, `stop_when`, a `cmd` function) when it does not return after prx was
    /// told to stop.
    public var interruption: LuaInterruption { state.interruption }

    /// The recipe as messages name it, as Lua names its chunk: its path, or `stdin`.
    public var name: String { path == "-" ? LuaState.standardInputName : path }

    /// Runs the recipe file at `path` (`-`: standard input) with `arguments` as `prx.args`, checking its plugin
    /// choices against `registry`; its `prx.write` refuses the result files `writeGuard` names as it loads (those
    /// the command line and the configuration name), and those the recipe names on its way. With
    /// `closesStateWhenReleased: false` its Lua state is never closed, so that no `__gc` metamethod of the recipe
    /// runs as prx ends (``LuaState/init(libraries:closesWhenReleased:)``): what prx itself does.
    ///
    /// - Throws: ``LuaError`` for a file that cannot be read or compiled, or a Lua error while it runs (each
    ///   `recipe.lua:12: message`, a wrong plugin name or setting included), or ``RecipeError`` for a graph that
    ///   cannot run (unknown name, cycle), or for a directory taken from a working directory prx cannot name
    ///   (``LuaFileBaseDirectory``).
    public init(
        path: String, arguments: [String] = [], registry: PluginRegistry = .builtin,
        writeGuard: LuaWriteGuard = LuaWriteGuard(), closesStateWhenReleased: Bool = true
    ) throws {
        self.path = path
        self.writeGuard = writeGuard
        directory = try LuaFileBaseDirectory.of(path, named: path == "-" ? LuaState.standardInputName : path)
        state = try LuaState(closesWhenReleased: closesStateWhenReleased)
        let builder = RecipeBuilder(state: state, baseDirectory: directory)
        let reads = LuaFilesReadWhileLoading(openingFilesIn: state)
        try RecipeLibrary.install(
            in: state, builder: builder, registry: registry, arguments: arguments, filesRead: reads,
            writeGuard: writeGuard)
        try state.load(file: path == "-" ? nil : path).call()
        builder.isLoaded = true
        reads.endLoading(of: state)
        filesRead = reads
        graph = try builder.makeGraph()
        configuration = builder.configuration
        hooks = builder.hooks
        plugins = builder.plugins
    }

    /// A source yielding the recipe's tasks in start order; a task without `timeout` gets the recipe's
    /// `prx.config{ timeout = … }`, else `defaultTimeout`, and no task gets more than `longestTimeout`; a task with
    /// an argument over `limits` is an ``PRXKernel/TaskStatus/error``, as in flags mode. The error of a `cmd`
    /// function the run's interruption cut off goes to `warn` (nowhere by default).
    public func makeSource(
        defaultTimeout: Double?, longestTimeout: Double = .infinity, limits: SecurityLimits = SecurityLimits(),
        warn: @escaping (String) -> Void = { _ in }
    ) -> RecipeTaskSource {
        RecipeTaskSource(
            recipe: self, defaultTimeout: configuration.timeout ?? defaultTimeout, longestTimeout: longestTimeout,
            limits: limits, warn: warn)
    }

    /// The time limit of a task without its own `timeout`: the recipe's `prx.config{ timeout = … }`, else
    /// `defaultTimeout`, at most `longestTimeout`; given to the tasks of the recipe's `prx.source`s too.
    public func defaultTimeout(_ defaultTimeout: Double?, longestTimeout: Double) -> Double? {
        (configuration.timeout ?? defaultTimeout).map { min($0, longestTimeout) }
    }

    /// The reporter of Lua errors in the recipe's hooks and stop function, by its `on_error` setting.
    public func makeErrorReporter(warn: @escaping (String) -> Void) -> LuaErrorReporter {
        LuaErrorReporter(policy: configuration.onError, warn: warn)
    }

    /// The recipe's stop policies, in the order they are asked (the first to halt deciding,
    /// ``FirstHaltingStopPolicy``): a hook error under `on_error = "halt"`, then `stop_when`, then `registered` (the
    /// registry's policies the command made with their settings, in its order: those of `prx.stop_policy`, then the
    /// stop limits when `stop_limits` or the configuration turns them on).
    public func stopPolicies(reporter: LuaErrorReporter, registered: [any StopPolicy] = []) -> [any StopPolicy] {
        var policies: [any StopPolicy] = [reporter]
        if let stopWhen = hooks.stopWhen {
            policies.append(LuaStopPolicy(function: stopWhen, owner: self, reporter: reporter))
        }
        return policies + registered
    }

    /// The recipe's own stop policies, as the summary report names them, in the order
    /// ``stopPolicies(reporter:registered:)`` asks them: `on_error = "halt"`, then `stop_when`; none for `on_error =
    /// "warn"`, under which an error halts nothing.
    public var ownStopPolicies: [SummaryReport.ChosenStopPolicy] {
        (configuration.onError == .halt ? [.recipeHaltOnError(recipe: name)] : [])
            + (hooks.stopWhen == nil ? [] : [.recipeStopWhen(recipe: name)])
    }

    /// The sink calling the recipe's `on_start`, `on_finish` and `on_done`; `on_done`'s status lands in `outcome`.
    public func makeHookSink(reporter: LuaErrorReporter, outcome: LuaHookSink.Outcome) -> LuaHookSink {
        LuaHookSink(hooks: hooks, owner: self, writeGuard: writeGuard, reporter: reporter, outcome: outcome)
    }

    /// The dry run's lines, each task's in start order, made as they are read (``RecipeDryRunLines``): a task `-r`
    /// would make `ERROR` before it starts (an argument over `limits`, or holding a NUL byte, or a command
    /// `programProblem` says cannot start) is not runnable, and the tasks the run would then skip are marked so.
    public func dryRunLines(
        limits: SecurityLimits,
        programProblem: @escaping (_ argv: [String], _ environment: [String: String], _ directory: String) -> String? = {
            _, _, _ in nil
        }
    ) -> RecipeDryRunLines {
        RecipeDryRunLines(graph: graph, limits: limits, programProblem: programProblem)
    }
}
