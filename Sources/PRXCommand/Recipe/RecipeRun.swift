import Foundation
import PRXKernel
import PRXPlugins

/// One invocation of `prx run`: load the recipe (nothing runs if it fails), then print its graph (dry run) or
/// run it with the same sinks, report and exit statuses as flags mode, plus the recipe's hooks.
struct RecipeRun {
    var options: RunRecipeCommand
    var registry: PluginRegistry
    /// prx's arguments as given, for the run's journal.
    var arguments: [String]

    func execute() async throws {
        // Before the recipe builds its graph, which a guard forked after it would keep a copy of, when the recipe can
        // only choose an executor whose tasks are local processes (prx's own build); otherwise once it has chosen one.
        let preparesBeforeLoading = Self.everyExecutorRunsLocalProcesses(in: registry)
        if options.run && !options.dryRun && preparesBeforeLoading {
            try Self.prepareForLocalProcesses()
        }
        // Before the recipe loads, so that its `prx.write` never writes over a previous run's results.
        var loaded = try loadConfiguration(executorCap: nil)
        let directory = FileManager.default.currentDirectoryPath
        let recipeFile: ResultFileClaims.InputFile = (
            SourceFileSystem.absolutePath(options.recipe == "-" ? "/dev/stdin" : options.recipe, base: directory),
            .init(name: "the recipe"), .reads)
        let writeGuard = LuaWriteGuard.refusingResultFilesNamedBeforeLoading(
            jsonFile: options.output.jsonFile, settings: options.settings, configuration: loaded, registry: registry,
            inputFiles: [recipeFile] + loaded.inputFiles)
        // Before it loads: standard input closed as prx started would load as an empty recipe (`prx run - <&-`).
        try RunAssembly.refuseClosedStandardStreams([(recipeFile.path, recipeFile.origin)])
        // Left open as prx ends: closing it would call the recipe's `__gc` metamethods, which no signal can stop.
        let recipe = try built {
            try Recipe(
                path: options.recipe, arguments: options.arguments, registry: registry, writeGuard: writeGuard,
                closesStateWhenReleased: false)
        }
        try RunAssembly.refuseClosedStandardStreams(readWhileLoading: [recipe.filesRead])
        let runsLocalProcesses = registry.executorLimits(of: recipe.executorName).tasksAreLocalProcesses
        if options.run && !options.dryRun && !preparesBeforeLoading && runsLocalProcesses {
            try Self.prepareForLocalProcesses()
        }
        // The executor the recipe chose may cap the workers in place of `limits.max_allowed_workers`.
        let executorCap = FlagOverrides.ExecutorCap(executor: recipe.executorName, registry: registry)
        let mostWorkers = executorCap?.maxAllowedWorkers ?? ExecutorLimits.parallelrMaxWorkers
        try options.checkMaxWorkers(within: mostWorkers)
        // As `-m` is, and as prx's own build refuses it as the recipe loads: held to the cap, the recipe's run on
        // `local` had 100 workers in a build with an executor allowing more.
        try built { try recipe.configuration.checkWorkers(within: mostWorkers) }
        if let executorCap {
            loaded = try loadConfiguration(executorCap: executorCap)
        }
        loaded.dropCapWarnings(
            ofKeysReplacedByRecipe: Self.keysReplaced(by: recipe, maxWorkersGiven: options.maxWorkers != nil))
        let home = PRXHome()
        let warnings = WarningChannel()
        for warning in loaded.warnings {
            warnings.warn(warning)
        }
        let configuration = loaded.effective
        let asked = Self.workers(of: recipe, loaded: loaded, flagGiven: options.maxWorkers != nil) {
            warnings.warn($0)
        }
        // Capped before the executor is made or the summary, registry or journal names the workers; only for an
        // executor whose tasks are local processes, which hold descriptors of prx's.
        let workers = options.run && !options.dryRun && runsLocalProcesses
            ? try DescriptorBudget.workersToRun(asked: asked.count, askedAs: asked.words) { warnings.warn($0) }
            : asked.count
        let longestTimeout = Self.longestTimeout(of: recipe, loaded: loaded) { warnings.warn($0) }
        let startTime = Date()
        let logFiles = try built {
            try RunLogFiles(
                directory: options.output.logDir ?? home.logs, startTime: startTime,
                dateFormat: configuration.logging.customDateFormat)
        }
        let limits = SecurityLimits(
            maxArgumentLength: configuration.security.maxArgumentLength,
            maxFileSize: configuration.advanced.maxFileSize)
        let defaultTimeout = Double(configuration.limits.timeoutSeconds)
        let choices = try pluginChoices(recipe, configuration: loaded) { warnings.warn($0) }
        let chosen = [choices.executor.name] + (choices.sources + choices.sinks + choices.stopPolicies).map(\.name)
        for warning in loaded.unchosenPluginWarnings(
            chosen: Set(chosen), registry: registry, choosing: \.choiceInRecipe
        ) {
            warnings.warn(warning)
        }
        let isRun = options.run && !options.dryRun
        let resultFiles = RunResultFiles(
            sinks: choices.sinks, logFiles: logFiles, jsonPath: options.output.jsonFile, registry: registry)
        let context = PluginContext(
            runStartTime: startTime,
            workers: workers,
            logFiles: logFiles,
            taskSettings: TaskSettings(
                timeout: recipe.defaultTimeout(defaultTimeout, longestTimeout: longestTimeout),
                workingDirectory: recipe.directory, limits: limits),
            warn: { warnings.warn($0) },
            resultFiles: isRun ? resultFiles.existingFiles : [])
        var sources: [any TaskSource] = [
            recipe.makeSource(defaultTimeout: defaultTimeout, longestTimeout: longestTimeout, limits: limits) {
                warnings.warn($0)
            }
        ]
        for use in choices.sources {
            sources.append(
                try built(making: use, .source, with: registry, at: use.position) {
                    try registry.makeSource(use, context: context)
                })
        }
        guard isRun else {
            // The run makes the workspace first, though the recipe's tasks do not start there, and refuses to run when
            // it cannot.
            try PRXHome.checkCreatable(home.workspace, for: "the workspace")
            // The run's tasks start in the recipe's directory unless they name one.
            let programs = TaskProgramCheck.forExecutor(
                choices.executor.name, registry: registry, directory: recipe.directory)
            try printDryRun(recipe, sources: sources.dropFirst(), limits: limits, programs: programs)
            return
        }
        let executor = try built(making: choices.executor, .executor, with: registry, at: choices.executor.chosenAt) {
            try registry.makeExecutor(
                choices.executor.name, settings: choices.executor.settings,
                context: choices.executor.context(from: context))
        }
        let stopPolicies = try choices.stopPolicies.map { choice in
            try built(making: choice, .stopPolicy, with: registry, at: choice.chosenAt) {
                try registry.makeStopPolicy(
                    choice.name, settings: choice.settings, context: choice.context(from: context))
            }
        }

        let reporter = recipe.makeErrorReporter { warnings.warn($0) }
        let outcome = LuaHookSink.Outcome()

        let source: any TaskSource = sources.count == 1 ? sources[0] : ConcatenatedTaskSource(
            sources, names: ["recipe"] + choices.sources.map(\.name))
        // The recipe is read by now, but a result file that is the recipe would empty it (or spoil it) all the same:
        // standard input's too, when it is a file (`prx run - < recipe.lua`).
        let assembly = RunAssembly(
            home: home, resultFiles: resultFiles, context: context, warnings: warnings, registry: registry,
            executorName: choices.executor.name,
            workingDirectory: recipe.directory,
            workers: workers, startDelay: recipe.configuration.sleep ?? configuration.limits.taskStartDelay,
            openingLines: loaded.fileLines, arguments: arguments, invocation: .ofThisProcess,
            journalSettings: configuration.journalEntries.merging(["workers": String(workers)]) { $1 }
                .merging(choices.executor.feedbackJournalEntries(context: context, base: directory)) { $1 },
            feedbackDirectory: choices.executor.feedbackDirectory(context: context, base: directory),
            keptRuns: configuration.history.keepRuns,
            total: source.remainingTaskCount, syncsJournal: options.output.sync, isResumable: false,
            chosenStopPolicies: recipe.ownStopPolicies.map { .recipesOwn($0) }
                + choices.stopPolicies.map { .registered($0) },
            inputFiles: [recipeFile] + loaded.inputFiles
                + recipe.filesRead.files(amongResultFiles: context.resultFiles).map(\.inputFile)
                + zip(choices.sources, sources.dropFirst()).flatMap { use, source in
                    use.inputFiles(readBy: source, registry: registry, base: directory)
                },
            luaFilesChecked: [recipeFile.path])
        try await assembly.run(
            source: source, executor: executor,
            stopPolicies: recipe.stopPolicies(reporter: reporter, registered: stopPolicies),
            extraSinks: [recipe.makeHookSink(reporter: reporter, outcome: outcome)],
            luaInterruptions: [recipe.interruption], luaWriteGuards: [recipe.writeGuard],
            chosenExitStatus: { outcome.exitStatus ?? (reporter.haltedForAnError ? 1 : nil) })
    }

    /// The plugins a recipe chose, with its `prx.set` settings applied and every name and setting checked
    /// against the registry, so that a wrong one stops prx before anything runs — in a dry run too.
    ///
    /// Settings stack from the most general to the most particular, whatever the recipe's line order: the
    /// configuration files' (`configuration`), then the recipe's `prx.set` assignments (for every chosen plugin of
    /// the name), then the plugin's own table (`prx.sink("csv", { path = … })`, or a flag's: `--json`, `--sync`),
    /// then `--set`, held to the configuration's caps, which `warn` is told of. So `prx.set("csv.path", …)` moves
    /// the built-in summary and a second `prx.sink("csv", { path = … })` keeps its own file. The sinks are every
    /// run's defaults followed by the recipe's `prx.sink`s. The stop policies are the recipe's `prx.stop_policy`s, in
    /// the order chosen, then the stop limits when `prx.config{ stop_limits }`, else the configuration's
    /// `stop_limits_enabled`, turns them on, as in flags mode, unless a `prx.stop_policy("stop-limits")` placed them.
    ///
    /// - Throws: ``CommandFailure`` for a wrong name or setting, and for `prx.stop_policy("stop-limits")` beside
    ///   `prx.config{ stop_limits = false }`, which would otherwise go unheard.
    private func pluginChoices(_ recipe: Recipe, configuration: LoadedConfiguration, warn: (String) -> Void) throws
        -> (executor: RunPlan.Selection, sources: [RunPlan.Selection], sinks: [RunPlan.Selection],
            stopPolicies: [RunPlan.Selection])
    {
        let plugins = recipe.plugins
        let assignments = try options.settings.map { (text) throws(CommandFailure) in
            try PluginAssignment(parsing: text)
        }
        // In command-line order, as flags mode and `--validate-config` judge them, not in the order of the plugins.
        try LoadedConfiguration.refuseSettingsNoPluginTakes(options.settings, plugins: registry.descriptors)
        /// The plugin `name` with its own table of `settings`: the recipe's (a `prx.source` or `prx.sink` at
        /// `position`), or the command line's for a default sink (`--json FILE`) when `isRecipesTable` is false.
        func selection(
            _ name: String, _ settings: [String: PluginSettingValue], _ kind: PluginKind,
            at position: LuaSourcePosition?, isRecipesTable: Bool = true
        ) throws -> RunPlan.Selection {
            let merged = configuration.pluginSettings(for: name)
                .merging(plugins.settings[name] ?? [:]) { _, set in set }
                .merging(settings) { _, own in own }
                .merging(assignments.filter { $0.name == name }.map { ($0.key, .text($0.value)) }) { _, flag in flag }
            // A `--set NAME.KEY` wins over the recipe's settings, and is no line of it.
            func setByFlag(_ key: String) -> Bool { assignments.contains { $0.name == name && $0.key == key } }
            /// The line of the recipe that gave the setting `key`: the plugin's choice, if its table has it, else the
            /// last `prx.set` of it.
            func askedAt(_ key: String) -> LuaSourcePosition? {
                if setByFlag(key) { return nil }
                return settings[key] != nil ? position : plugins.assignmentPositions["\(name).\(key)"]
            }
            func givenByFiles(_ key: String) -> Bool {
                plugins.settings[name]?[key] == nil && settings[key] == nil && !setByFlag(key)
            }
            let placesInFiles = configuration.placesInFiles(ofPlugin: name).filter { key, _ in givenByFiles(key) }
            let entriesInFiles = configuration.entriesInFiles(ofPlugin: name).filter { key, _ in givenByFiles(key) }
            /// Whether the recipe gave the value of `key`: its table, or a `prx.set` that neither a `--set` nor the
            /// command line's own table (`--json FILE`) replaces; whether or not Lua knew the line (`pcall(prx.set,
            /// …)` has none).
            func givenByRecipe(_ key: String) -> Bool {
                if setByFlag(key) { return false }
                return settings[key] != nil ? isRecipesTable : plugins.settings[name]?[key] != nil
            }
            let writtenByRecipe = Set((plugins.settings[name] ?? [:]).keys).union(settings.keys).filter(givenByRecipe)
            let placesInRecipe = Dictionary(uniqueKeysWithValues: writtenByRecipe.compactMap { key in
                askedAt(key).map { (key, $0) }
            })
            // The paths the recipe wrote are taken from its directory; the configuration files' and the command
            // line's from the current one, as in flags mode.
            let baseDirectories = Dictionary(uniqueKeysWithValues: writtenByRecipe.map { ($0, recipe.directory) })
            let setOnCommandLine = Dictionary(
                assignments.filter { $0.name == name }.map { ($0.key, $0) }, uniquingKeysWith: { _, last in last })
            // As the selection made below has it, so that a refusal reads as the factory's would.
            let selectionPosition = setByFlag("path") ? nil : askedAt("path") ?? position
            let checked = RunPlan.Selection(
                name: name, settings: merged, position: selectionPosition, placesInFiles: placesInFiles,
                entriesInFiles: entriesInFiles, placesInRecipe: placesInRecipe, setOnCommandLine: setOnCommandLine)
            // What a plugin refuses of its values is refused now, in a dry run too, which makes no executor, sink or
            // stop policy; a source's refusal names the settings in place of flags, as making the source does.
            try built(making: checked, kind, with: registry, at: position) {
                try checked.namingWhatGaveValues { try registry.checkValues(kind, named: name, merged) }
            }
            let held = configuration.holdingCaps(of: checked, warn: warn)
            return RunPlan.Selection(
                name: name, settings: held, position: selectionPosition,
                chosenAt: position, placesInFiles: placesInFiles, entriesInFiles: entriesInFiles,
                placesInRecipe: placesInRecipe,
                setOnCommandLine: setOnCommandLine, baseDirectories: baseDirectories)
        }
        // Named at the `prx.config{ executor = … }` that chose it, else the first `prx.set` of it.
        let executor = try selection(
            recipe.executorName, [:], .executor,
            at: recipe.configuration.positions["executor"] ?? plugins.settingPositions[recipe.executorName])
        let sources = try plugins.sources.map { try selection($0.name, $0.settings, .source, at: $0.position) }
        let sinks = try options.output.defaultSinks.map {
            try selection($0.name, $0.settings, .sink, at: nil, isRecipesTable: false)
        } + plugins.sinks.map { try selection($0.name, $0.settings, .sink, at: $0.position) }
        var stopPolicies = try plugins.stopPolicies.map {
            try selection($0.name, $0.settings, .stopPolicy, at: $0.position)
        }
        let namedLimits = plugins.stopPolicies.first { $0.name == BuiltinPlugins.stopLimits.name }
        if let namedLimits, recipe.configuration.stopLimits == false {
            let place = recipe.configuration.positions["stop_limits"].map { " (\($0))" } ?? ""
            let message = "prx.stop_policy(\"stop-limits\") chooses the stop limits, "
                + "which prx.config{ stop_limits = false }\(place) turns off: keep one of them"
            throw CommandFailure(message: RecipeError(message, at: namedLimits.position).description)
        }
        try RunPlan.addStopLimits(
            to: &stopPolicies,
            enabled: recipe.configuration.stopLimits ?? configuration.effective.limits.stopLimitsEnabled
        ) {
            try selection(BuiltinPlugins.stopLimits.name, [:], .stopPolicy, at: nil)
        }
        let chosen = Set([executor.name] + sources.map(\.name) + sinks.map(\.name) + stopPolicies.map(\.name))
        if let stray = assignments.first(where: { !chosen.contains($0.name) }) {
            throw stray.noSuchPlugin(chosen: chosen.sorted(), registry: registry, choosing: \.choiceInRecipe)
        }
        if let stray = plugins.settings.keys.sorted().first(where: { !chosen.contains($0) }) {
            // prx.set refused a plugin prx does not have as it was called: this one is registered, and not chosen.
            let choice = registry.descriptors.first { $0.name == stray }
                .map { $0.howToChoose(by: \.choiceInRecipe) + "; " } ?? ""
            let message = "prx.set: no chosen plugin is called '\(stray)' "
                + "(\(choice)chosen: \(chosen.sorted().joined(separator: ", ")))"
            throw CommandFailure(message: RecipeError(message, at: plugins.settingPositions[stray]).description)
        }
        return (executor, sources, sinks, stopPolicies)
    }

    /// Whether every executor of `registry` runs its tasks as local processes
    /// (``ExecutorLimits/tasksAreLocalProcesses``), so that a recipe's, whichever it chooses, does.
    private static func everyExecutorRunsLocalProcesses(in registry: PluginRegistry) -> Bool {
        registry.descriptors.filter { $0.kind == .executor }
            .allSatisfy { registry.executorLimits(of: $0.name).tasksAreLocalProcesses }
    }

    /// Checks the kernel and starts the orphan guard (``LocalProcessExecutor/prepareToRun()``), for a run of local
    /// processes.
    private static func prepareForLocalProcesses() throws(CommandFailure) {
        do { try LocalProcessExecutor.prepareToRun() } catch { throw CommandFailure(message: error.description) }
    }

    /// The configuration files with the flags on top, and `executorCap`, the cap on workers of the executor the recipe
    /// chose, when it declares one.
    private func loadConfiguration(executorCap: FlagOverrides.ExecutorCap?) throws -> LoadedConfiguration {
        var flags = FlagOverrides(
            maxWorkers: options.maxWorkers, debug: options.output.debug,
            pluginSettings: FlagOverrides.settingNames(of: options.settings))
        flags.executorCap = executorCap
        do {
            return try ConfigurationLoader.loadForThisProcess(
                invocation: .ofThisProcess, plugins: registry.descriptors, flags: flags)
        } catch let error as ConfigurationError {
            throw CommandFailure(message: error.message)
        }
    }

    /// The configuration keys whose values the recipe's `prx.config` gives the run in place of the configuration
    /// files': `limits.max_workers` for `workers` (unless `-m`, which the run takes, is given), and
    /// `limits.timeout_seconds` for `timeout`. The files' values of these are not used, and not warned of above their
    /// caps.
    private static func keysReplaced(by recipe: Recipe, maxWorkersGiven: Bool) -> Set<String> {
        var keys: Set<String> = []
        if recipe.configuration.workers != nil && !maxWorkersGiven { keys.insert("limits.max_workers") }
        if recipe.configuration.timeout != nil { keys.insert("limits.timeout_seconds") }
        return keys
    }

    /// The workers of the run, with what asked for them in the user's words (``DescriptorBudget``'s warning names
    /// it): `-m` (capped already, with the configuration), else `prx.config{ workers }` (within its executor's cap
    /// already) held to `limits.max_allowed_workers`, which the script configuration may lower, with a warning, else
    /// the configuration's (``LoadedConfiguration/askedValue(of:)``).
    private static func workers(
        of recipe: Recipe, loaded: LoadedConfiguration, flagGiven: Bool, warn: (String) -> Void
    ) -> (count: Int, words: String) {
        let limits = loaded.effective.limits
        guard !flagGiven, let asked = recipe.configuration.workers else {
            return (limits.maxWorkers, loaded.askedValue(of: "limits.max_workers"))
        }
        let place = recipe.configuration.positions["workers"]?.description ?? recipe.name
        guard asked > limits.maxAllowedWorkers else { return (asked, "\(place): prx.config workers \(asked)") }
        warn(loaded.heldToCap(
            "prx.config workers", String(asked), at: place, capPath: "limits.max_allowed_workers",
            cap: limits.maxAllowedWorkers))
        let cap = limits.maxAllowedWorkers
        return (cap, loaded.described("limits.max_allowed_workers", cap))
    }

    /// `limits.max_allowed_timeout`, which holds every task's time limit, with a warning quoting what the recipe asks
    /// for when it is more (`prx.config{ timeout }`, or tasks' own `timeout`), in the words of every warning about a
    /// value held to its cap: `recipe.lua:2: task long timeout 5000 is above limits.max_allowed_timeout 3600
    /// (default); using 3600`, and for several tasks, the first of them (`2 tasks ask for timeouts above
    /// limits.max_allowed_timeout 3600 (default), the first: task long timeout 5000; using 3600`).
    private static func longestTimeout(of recipe: Recipe, loaded: LoadedConfiguration, warn: (String) -> Void)
        -> Double
    {
        let cap = loaded.effective.limits.maxAllowedTimeout
        let longest = Double(cap)
        if let asked = recipe.configuration.timeout, asked > longest {
            let place = recipe.configuration.positions["timeout"]?.description ?? recipe.name
            warn(loaded.heldToCap(
                "prx.config timeout", asked.plainText, at: place, capPath: "limits.max_allowed_timeout", cap: cap))
        }
        let over = recipe.graph.tasks.filter { ($0.timeout ?? 0) > longest }
        if let first = over.first {
            // A task a function declared is named with the lines that called the function (``LuaCallers``).
            let called = first.callers.isEmpty ? "" : ", \(first.callers),"
            let place = first.position?.description ?? recipe.name
            let asked = (first.timeout ?? 0).plainText
            if over.count == 1 {
                warn(loaded.heldToCap(
                    "task \(first.name)\(called) timeout", asked, at: place, capPath: "limits.max_allowed_timeout",
                    cap: cap))
            } else {
                warn("\(place): \(over.count) tasks ask for timeouts above "
                    + "\(loaded.described("limits.max_allowed_timeout", cap)), the first: task \(first.name)\(called) "
                    + "timeout \(asked); using \(cap)")
            }
        }
        return longest
    }

    /// Prints each task of the recipe in start order with its dependencies, then the tasks of its `prx.source`s
    /// (`sources`) as their sources yield them, and runs nothing; a task that cannot run (`limits`, or, with
    /// `programs`, a program that cannot be found) is marked so, and counted in the last line, as in flags mode, and
    /// so are the tasks the run would then skip.
    private func printDryRun(
        _ recipe: Recipe, sources: ArraySlice<any TaskSource>, limits: SecurityLimits, programs: TaskProgramCheck?
    ) throws {
        var printer = DryRunPrinter()
        var rejected = 0
        var skipped = 0
        let lines = recipe.dryRunLines(limits: limits) { argv, environment, directory in
            programs?.problem(argv: argv, environment: environment, workingDirectory: directory)
        }
        for line in lines {
            switch line.fate {
            case .runs: break
            case .notRunnable: rejected += 1
            case .skipped: skipped += 1
            }
            try printer.print(line.text)
        }
        var count = recipe.graph.tasks.count
        for var source in sources {
            while let task = try printer.beforeAnError({ try built { try source.next() } }) {
                count += 1
                if let reason = task.preflightError ?? programs?.problem(with: task) {
                    rejected += 1
                    try printer.print(DryRunCommandLine.unrunnable(task.label, reason: reason))
                } else {
                    try printer.print(
                        "\(ControlCharacterEscaping.escaped(task.label)): \(DryRunCommandLine.render(task))")
                }
            }
        }
        try printer.finish(tasks: count, notRunnable: rejected, skipped: skipped)
    }
}

extension Recipe {
    /// The executor the recipe runs its tasks with: the one `prx.config{ executor = … }` names, else `local`.
    fileprivate var executorName: String { plugins.executor ?? BuiltinPlugins.local.name }
}
