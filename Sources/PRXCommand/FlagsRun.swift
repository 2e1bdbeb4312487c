import ArgumentParser
import CSystem
import Foundation
import PRXKernel
import PRXPlugins

/// One invocation of `prx` in flags mode: build the plugins the flags select, then either print the commands
/// (dry run) or run them and report.
struct FlagsRun {
    /// A past run this one takes up again: its id, and what it says of its tasks.
    struct Resumption {
        var runID: String
        var verdicts: ResumedTaskSource.Verdicts
        /// The project prx made up for the ptasker run it takes up (``PTaskerMode/madeUpProjectEntry``), which this
        /// one uses again; `nil` when it made none up.
        var madeUpProject: String?
    }

    var options: PRX
    var registry: PluginRegistry
    /// prx's arguments as given, recorded in the run's journal.
    var arguments: [String]
    /// The name prx runs under (`ptasker`), which chooses ptasker mode, the configuration files and the log
    /// directory: this process's, or, resuming a run, the name that run was started by.
    var invocation: InvocationName
    var resumption: Resumption?
    /// Whether this process is the detached daemon (`-D`), which reports to its launcher once its run begins.
    var isDaemon: Bool
    /// For the daemon, the PID of the prx that launched it, when it was handed over (``DaemonStage/claimLauncher()``).
    var daemonLauncher: pid_t?

    init(
        options: PRX, registry: PluginRegistry, arguments: [String], invocation: InvocationName = .ofThisProcess,
        resumption: Resumption? = nil, isDaemon: Bool = false, daemonLauncher: pid_t? = nil
    ) {
        self.options = options
        self.registry = registry
        self.arguments = arguments
        self.invocation = invocation
        self.resumption = resumption
        self.isDaemon = isDaemon
        self.daemonLauncher = daemonLauncher
    }

    func execute() async throws {
        // First: forked later, the guard would keep a copy of the task files' names, page by page, as prx went on
        // writing over them. A resumption prepares as the run it takes up is run again, on that run's executor.
        let executorName = options.executorName ?? BuiltinPlugins.local.name
        if options.run && registry.executorLimits(of: executorName).tasksAreLocalProcesses {
            do { try LocalProcessExecutor.prepareToRun() } catch { throw CommandFailure(message: error.description) }
        }
        let home = PRXHome(invocation: invocation)
        if let runID = options.resumeRun ?? options.resumeFailedRun {
            try await resume(runID, onlyFailed: options.resumeFailedRun != nil, home: home)
            return
        }
        let warnings = WarningChannel()
        guard let loaded = try loadConfiguration(home: home, warnings: warnings) else { return }
        let configuration = loaded.effective
        let madeUp = PTaskerMode.claimMadeUpProject(environment: ProcessInfo.processInfo.environment)
        let (options, generatedProject) = invocation.isPtasker
            ? PTaskerMode.apply(to: self.options, madeUp: resumption?.madeUpProject ?? madeUp)
            : (self.options, nil)
        // Before the warnings of flags the run leaves unused: a value no run takes is refused, used or not.
        try RunPlan.refuseFlagValues(of: options, by: registry)
        try RunPlan.refuseExecutorFlags(of: options, by: registry)
        try LoadedConfiguration.refuseSettingsNoPluginTakes(options.settings, plugins: registry.descriptors)
        // A ptasker run an older prx recorded, resumed, holds the tasker command as -C beside its -p.
        if invocation.isPtasker, resumption == nil, self.options.command != nil, self.options.project != nil {
            warnings.warn("ptasker: -C/--Command replaces the tasker command, so -p/--project is not used")
        }
        for warning in options.unusedFlagWarnings(invokedAs: invocation) {
            warnings.warn(warning)
        }
        // A resumption takes up the project its run made up: it names it as that run's, not as one made up now.
        let projectWords = resumption?.madeUpProject == nil ? "Auto-generated project: " : "Project of the resumed run: "
        let projectLines = generatedProject.map { [projectWords + $0] } ?? []
        var plan = try RunPlan(options: options, configuration: loaded, registry: registry) {
            warnings.warn($0)
        }
        if invocation.isPtasker {
            PTaskerMode.nameItsVariable(in: &plan, typed: self.options)
        }
        let chosen = [plan.source?.name, plan.executor.name].compactMap { $0 }
            + (plan.sinks + plan.stopPolicies).map(\.name)
        for warning in loaded.unchosenPluginWarnings(
            chosen: Set(chosen), registry: registry, choosing: \.choiceByFlags
        ) {
            warnings.warn(warning)
        }
        // A --set or the configuration's plugins: may give the command of the source -T or -A chose in place of -C.
        try plan.refuseSourceWithoutCommand()
        if invocation.isPtasker {
            try PTaskerMode.refuseTaskerCommandWithoutTemplate(source: plan.source, typed: self.options, asRun: options)
        }
        // A dry run names it too, as parallelr's does, before its commands, once the checks above took the run
        // (written past `print`'s buffer).
        if !isDaemon && !projectLines.isEmpty {
            for line in projectLines { print(line) }
            _ = csystem_flush_standard_output()
        }
        // Capped before the executor is made or the summary, registry or journal names the workers; only for an
        // executor whose tasks are local processes, which hold descriptors of prx's.
        let workers = options.run && registry.executorLimits(of: plan.executor.name).tasksAreLocalProcesses
            ? try DescriptorBudget.workersToRun(
                asked: configuration.limits.maxWorkers, askedAs: loaded.askedValue(of: "limits.max_workers")
            ) { warnings.warn($0) }
            : configuration.limits.maxWorkers
        let startTime = Date()
        let logFiles = try built {
            try RunLogFiles(
                directory: options.output.logDir ?? home.logs, startTime: startTime,
                dateFormat: configuration.logging.customDateFormat)
        }
        let resultFiles = RunResultFiles(
            sinks: plan.sinks, logFiles: logFiles, jsonPath: options.output.jsonFile, registry: registry)
        let context = PluginContext(
            runStartTime: startTime,
            workers: workers,
            logFiles: logFiles,
            taskSettings: TaskSettings(
                timeout: Double(configuration.limits.timeoutSeconds),
                workingDirectory: options.run ? home.workspace : nil,
                limits: SecurityLimits(
                    maxArgumentLength: configuration.security.maxArgumentLength,
                    maxFileSize: configuration.advanced.maxFileSize)),
            warn: { warnings.warn($0) },
            resumesEarlierRun: resumption != nil,
            resultFiles: options.run ? resultFiles.existingFiles : [])
        guard let sourcePlan = plan.source else {
            throw CommandFailure(message: "no task source: give -T/--TasksDir, -A/--arguments-file or --source")
        }
        let directory = FileManager.default.currentDirectoryPath
        let luaFiles = LuaFlagFiles.files(of: options, base: directory)
        // A daemon's standard output is /dev/null: what its Lua code prints goes to its main log instead.
        let luaPrinting = isDaemon ? LuaPrintedLines { warnings.log(printed: $0) } : nil
        // Before the Lua files load, so that their `prx.write` never writes over a previous run's results or its input.
        let makeWriteGuard = {
            LuaWriteGuard.refusingResultFilesNamedBeforeLoading(
                jsonFile: options.output.jsonFile, settings: options.settings, configuration: loaded,
                registry: registry,
                inputFiles: loaded.inputFiles + luaFiles + sourcePlan.settingFiles(registry: registry, base: directory))
        }
        // Before they load: one on a standard stream closed as prx started would load as empty (`--hook /dev/stdin`).
        try RunAssembly.refuseClosedStandardStreams(luaFiles.map { ($0.path, $0.origin) })
        // Before the source opens its file and the Lua files load, either of which would take what the other reads.
        try SharedInputStream.refuse(
            (sourcePlan.settingFiles(registry: registry, base: directory) + luaFiles).map { ($0.path, $0.origin) })
        let parsed = try built(making: sourcePlan, .source, with: registry) {
            try LuaFlagFiles.parsedArgumentsSource(
                options: options, selection: sourcePlan, context: context, writeGuard: makeWriteGuard(),
                printing: luaPrinting)
        }
        var source = try parsed?.source
            ?? built(making: sourcePlan, .source, with: registry) {
                try registry.makeSource(sourcePlan, context: context)
            }
        // Before a resumption wraps it: the files found, as parallelr's log counts them.
        let discoveryLines = [(source as? ParallelrTaskSource)?.discoveryLine].compactMap { $0 }
        let inputFiles = loaded.inputFiles + luaFiles
            + sourcePlan.inputFiles(readBy: source, registry: registry, base: directory)
            + (parsed?.filesRead.files(amongResultFiles: context.resultFiles) ?? []).map(\.inputFile)
        let missingTasks = resumption.map { MissingResumedTasks(resuming: $0.runID, warnings: warnings) }
        if let resumption, let missingTasks {
            if let unread = resumption.verdicts.unreadRun {
                // The unread run's name is the journal's word, a line break or escape sequence in it included.
                let unreadID = ControlCharacterEscaping.escaped(unread.runID)
                warnings.warn(
                    "run \(unread.resumedBy) resumed run \(unreadID), which this resumption does not read: "
                        + "\(ControlCharacterEscaping.escaped(unread.reason)); "
                        + "a task that succeeded in run \(unreadID) may run again")
            }
            source = ResumedTaskSource(source, verdicts: resumption.verdicts, reportMissing: missingTasks.report)
        }
        var executor = try built(making: plan.executor, .executor, with: registry) {
            try registry.makeExecutor(plan.executor.name, settings: plan.executor.settings, context: context)
        }
        if configuration.execution.workspaceIsolation {
            executor = IsolatedWorkspaceExecutor(
                base: executor, workspace: home.workspace, processID: context.processID)
        } else {
            executor = WorkspaceRemakingExecutor(base: executor, workspace: home.workspace)
        }
        let stopPolicies = try plan.stopPolicies.map { selection in
            let policy = try built(making: selection, .stopPolicy, with: registry) {
                try registry.makeStopPolicy(selection.name, settings: selection.settings, context: context)
            }
            return (name: selection.name, policy: policy)
        }
        // The sinks are made as the run begins: their values are refused now as their factories refuse them, in a dry
        // run too.
        for sink in plan.sinks {
            try built(making: sink, .sink, with: registry) {
                try registry.checkValues(.sink, named: sink.name, sink.settings)
            }
        }
        let lua = try LuaFlagFiles(
            options: options, makeWriteGuard: makeWriteGuard, printing: luaPrinting, warn: { warnings.warn($0) })
        try RunAssembly.refuseClosedStandardStreams(
            readWhileLoading: lua.filesRead + (parsed.map { [$0.filesRead] } ?? []))
        guard options.run else {
            // The run's tasks start in the workspace, or, isolated, in their worker's, which the run makes.
            let directory = configuration.execution.workspaceIsolation ? nil : home.workspace
            // The run makes the workspace first, and refuses to run when it cannot.
            try PRXHome.checkCreatable(home.workspace, for: "the workspace")
            let programs = TaskProgramCheck.forExecutor(plan.executor.name, registry: registry, directory: directory)
            try printDryRun(&source, programs: programs)
            return
        }
        var journalSettings = configuration.journalEntries
        journalSettings["workers"] = String(workers)
        journalSettings["timeout"] = String(configuration.limits.timeoutSeconds)
        journalSettings[RunHistory.resumedFromEntry] = resumption?.runID
        journalSettings[PTaskerMode.madeUpProjectEntry] = generatedProject
        journalSettings.merge(
            plan.executor.feedbackJournalEntries(context: context, base: FileManager.default.currentDirectoryPath)
        ) { $1 }
        let assembly = RunAssembly(
            home: home, resultFiles: resultFiles, context: context, warnings: warnings, registry: registry,
            executorName: plan.executor.name,
            workingDirectory: home.workspace,
            workers: workers, startDelay: configuration.limits.taskStartDelay,
            workspaceType: configuration.execution.workspaceIsolation ? "Isolated per worker" : "Shared",
            openingLines: loaded.fileLines + projectLines + discoveryLines,
            arguments: arguments, invocation: invocation,
            journalSettings: journalSettings,
            feedbackDirectory: plan.executor.feedbackDirectory(
                context: context, base: FileManager.default.currentDirectoryPath),
            keptRuns: configuration.history.keepRuns,
            total: source.remainingTaskCount, isDaemon: isDaemon, daemonLauncher: daemonLauncher,
            syncsJournal: options.output.sync,
            resultFilesToCutBack: resumption?.verdicts.resultFilesToCutBack ?? [],
            chosenStopPolicies: LuaFlagFiles.inAskedOrder(
                givenBy: options, luaFile: { .luaFile($0) },
                registered: plan.stopPolicies.map { ($0.name, .registered($0)) }),
            inputFiles: inputFiles
                + lua.filesRead.flatMap { $0.files(amongResultFiles: context.resultFiles) }.map(\.inputFile),
            luaFilesChecked: Set(luaFiles.map(\.path)))
        try await assembly.run(
            source: source, executor: executor,
            stopPolicies: lua.stopPolicies(givenBy: options, registered: stopPolicies),
            // After the hooks: the lines their Lua code left unended, `on_done`'s too, come before the report.
            extraSinks: lua.sinks + (luaPrinting.map { [$0] } ?? []),
            luaInterruptions: lua.interruptions + (parsed.map { [$0.interruption] } ?? []),
            luaWriteGuards: lua.writeGuards + (parsed.map { [$0.writeGuard] } ?? []),
            chosenExitStatus: {
                let chosen = lua.chosenExitStatus()
                return missingTasks?.anyMissing == true ? max(chosen ?? 1, 1) : chosen
            })
    }

    /// Loads the configuration files with the flags on top, reporting warnings; answers `--validate-config`,
    /// `--show-config` and `--check-dependencies` and returns `nil` when one of them was asked.
    private func loadConfiguration(home: PRXHome, warnings: WarningChannel) throws -> LoadedConfiguration? {
        // What prx finds of the system, which no configuration changes: a file it cannot take does not stop it.
        if options.checkDependencies {
            print(DependencyReport.render())
            return nil
        }
        var loaded: LoadedConfiguration
        do {
            var flags = FlagOverrides(options: options)
            flags.executorCap = FlagOverrides.ExecutorCap(
                executor: options.executorName ?? BuiltinPlugins.local.name, registry: registry)
            loaded = try ConfigurationLoader.loadForThisProcess(
                invocation: invocation, plugins: registry.descriptors, flags: flags)
        } catch let error as ConfigurationError {
            if options.validateConfig {
                print(ValidateConfigReport.render(failure: error), terminator: "")
                throw ExitCodeError(status: ValidateConfigReport.invalidExitStatus)
            }
            throw CommandFailure(message: error.message)
        }
        var refusal: CommandFailure?
        if options.validateConfig || options.showConfig {
            do {
                try loaded.setCommandLineSettings(of: options, registry: registry)
            } catch {
                refusal = error
            }
        }
        // The report lists the rejections; a set, as looking each warning up in the list took as long as the list.
        let listedByTheReport = options.validateConfig ? Set(loaded.rejections) : []
        for warning in loaded.warnings where !listedByTheReport.contains(warning) {
            warnings.warn(warning)
        }
        do {
            if let refusal { throw refusal }
            if options.validateConfig {
                // Judged as a run takes them: under ptasker, its tasker command, and HOSTNAME with -A, replace the
                // configuration's, as -C and -E do.
                let asRun = invocation.isPtasker ? PTaskerMode.apply(to: options).options : options
                if invocation.isPtasker, asRun.argumentsFile != nil, asRun.sourceName == nil {
                    let source = try RunPlan(options: asRun, configuration: loaded, registry: registry) { _ in }.source
                    try PTaskerMode.refuseTaskerCommandWithoutTemplate(source: source, typed: options, asRun: asRun)
                }
                try loaded.checkPluginValues(with: registry, options: asRun)
                try refuseWhatTheRunRefuses(options: asRun, configuration: loaded)
            } else if options.showConfig {
                // The values the command line gives, which every run of it refuses. Not ptasker's own command, whose
                // template is a setting --show-config does not ask for (see README).
                try loaded.checkPluginValues(with: registry, options: options, commandLineOnly: true)
            }
        } catch {
            // A run warns of the entries it cannot take before it refuses a value, and so do the reports.
            if options.validateConfig {
                for rejection in loaded.rejections { warnings.warn(rejection) }
            }
            throw error
        }
        if options.validateConfig && !loaded.rejections.isEmpty {
            print(ValidateConfigReport.render(rejections: loaded.rejections), terminator: "")
            throw ExitCodeError(status: ValidateConfigReport.invalidExitStatus)
        }
        if options.validateConfig {
            print(
                ValidateConfigReport.render(
                    loaded, workingDirectory: RunAssembly.fullPath(home.workspace),
                    logDirectory: RunAssembly.fullPath(options.output.logDir ?? home.logs)),
                terminator: "")
            return nil
        }
        if options.showConfig {
            print(ShowConfigReport.render(loaded, plugins: registry.descriptors))
            return nil
        }
        return loaded
    }

    /// Refuses, for `--validate-config` with the flags choosing the source (`-T`, `-A`, `--source`), what the run of
    /// `options` refuses of its plugins before any task starts without opening a file: a source with no command, and a
    /// setting its source, executor, stop policies or sinks need that nothing gives (`--sink json` without
    /// `json.path`), in the run's words. The files the run reads and writes are left to it (see README).
    private func refuseWhatTheRunRefuses(options: PRX, configuration: LoadedConfiguration) throws {
        guard options.choosesSource else { return }
        let plan = try RunPlan(options: options, configuration: configuration, registry: registry) { _ in }
        try plan.refuseSourceWithoutCommand()
        try plan.refuseMissingSettings(registry: registry)
    }

    /// Runs `runID` from the history again with its own arguments, in its own directory, under the name it was started
    /// by (its configuration files and log directory: a ptasker run's), leaving out what it settled.
    private func resume(_ runID: String, onlyFailed: Bool, home: PRXHome) async throws {
        // The flag the messages name: the one given.
        let flag = onlyFailed ? "--resume-failed" : "--resume"
        // Its running tasks would run twice at once, and its journal says nothing yet of what it will do. Only this
        // user's journals are read: it runs what the journal names (``RunHistory/trustedWriter``).
        let history = RunHistory(directory: home.history, trustedWriter: geteuid())
        if history.isGoing(runID) {
            throw CommandFailure(
                message: "run \(runID) is still going; \(flag) takes up a finished or killed run "
                    + "(\(CommandName.status.asTyped))")
        }
        // Two resumes of one run at once would both run what it left: the first holds a lock on its journal
        // (`flock`, let go when the resume ends, however it ends). Opened as every journal is read (JournalFile): a
        // FIFO at the journal's name (which reading it then refuses) had the resume wait at the `open` for a writer.
        let lock = try? JournalFile.open(history.journalPath(for: runID))
        defer { lock?.close() }
        if let lock, flock(lock.rawValue, LOCK_EX | LOCK_NB) != 0 {
            throw CommandFailure(
                message: "run \(runID) is being resumed by another prx; wait for that run to end "
                    + "(\(CommandName.status.asTyped))")
        }
        // What a later run did, which resumed this one, would run again: that run carries the chain on.
        if let later = history.resumingRun(of: runID) {
            throw CommandFailure(
                message: "run \(runID) was resumed by run \(later); resume that one "
                    + "(\(InvocationName.command) \(flag) \(later))")
        }
        // A prx killed with SIGKILL leaves its orphan guard stopping the tasks that were running, which may take
        // the grace (and without process groups nothing stops them): started again meanwhile, a task that handles
        // SIGTERM would run twice at once.
        if let orphanGuard = history.invocation(of: runID)?.orphanGuard {
            let leftovers = KilledRunLeftovers(orphanGuard: orphanGuard, runID: runID, history: history)
            let left = await leftovers.waitUntilGone()
            if !left.isEmpty {
                let shown = left.prefix(5).joined(separator: ", ") + (left.count > 5 ? ", …" : "")
                let waited = Int((leftovers.patience / .seconds(1)).rounded(.up))
                throw CommandFailure(
                    message: "run \(runID) still has tasks running after \(waited)s: \(shown); "
                        + "end them, then resume it (\(flag))")
            }
        }
        let (invocation, verdicts) = try Self.takeUp(runID, onlyFailed: onlyFailed, home: home)
        // Every run is journaled with the flags it ran with, `-r` among them: a journal naming none (its `arguments`
        // emptied) is damaged, where, parsed as no flags, it was said to be a dry run's.
        if invocation.arguments.isEmpty {
            throw CommandFailure(
                message: "the journal \(history.journalPath(for: runID)) is damaged: its run_started line names no "
                    + "arguments (\(flag))")
        }
        if invocation.arguments.first == "run" {
            throw CommandFailure(
                message: "run \(runID) is a recipe run; \(flag) takes up flags-mode runs (run the recipe again)")
        }
        let original = try built {
            try PRX.parsed(invocation.arguments, plugins: registry.descriptors)
        }
        guard original.run else {
            throw CommandFailure(message: "run \(runID) was a dry run; there is nothing to resume (\(flag))")
        }
        if let directory = invocation.workingDirectoryPath, let shown = invocation.shownWorkingDirectory {
            do {
                try WorkingDirectory.change(to: directory)
            } catch {
                throw CommandFailure(message: "cannot enter \(shown), where run \(runID) ran (\(flag))")
            }
        } else {
            // The run could not have read or written a relative path in its deleted directory: its paths were from `/`.
            WarningChannel().warn(
                "run \(runID) ran in a directory that was deleted before it started, which its journal cannot name: "
                    + "\(flag) runs it in this one, \(FileManager.default.currentDirectoryPath)")
        }
        // A journal written before prx recorded the name: this process's, as before.
        let name = invocation.programName.map(InvocationName.init) ?? self.invocation
        try original.checkUsage(invokedAs: name, registry: registry)
        try await FlagsRun(
            options: original, registry: registry, arguments: invocation.arguments, invocation: name,
            resumption: Resumption(
                runID: runID, verdicts: verdicts,
                madeUpProject: invocation.configuration[PTaskerMode.madeUpProjectEntry]),
            isDaemon: isDaemon,
            daemonLauncher: daemonLauncher
        ).execute()
    }

    /// How run `runID` was started and what it says of its tasks.
    private static func takeUp(_ runID: String, onlyFailed: Bool, home: PRXHome) throws
        -> (RunInvocation, ResumedTaskSource.Verdicts)
    {
        let history = RunHistory(directory: home.history, trustedWriter: geteuid())
        return try built {
            try onlyFailed
                ? ResumedTaskSource.Verdicts.resumeFailed(runID, in: history)
                : ResumedTaskSource.Verdicts.resume(runID, in: history)
        }
    }

    /// Prints each task's command line (with `NAME=value` prefixes) and runs nothing; a task that cannot run is marked
    /// so, and counted in the last line: one its source says cannot, or, with `programs` (the `local` executor's
    /// run), one whose program cannot be found.
    private func printDryRun(_ source: inout any TaskSource, programs: TaskProgramCheck?) throws {
        var count = 0
        var rejected = 0
        var printer = DryRunPrinter()
        while let task = try printer.beforeAnError({ try built { try source.next() } }) {
            count += 1
            if let reason = task.preflightError ?? programs?.problem(with: task) {
                rejected += 1
                try printer.print(DryRunCommandLine.unrunnable(task.label, reason: reason))
            } else {
                try printer.print(DryRunCommandLine.render(task))
            }
        }
        try printer.finish(tasks: count, notRunnable: rejected)
    }
}
