import Foundation
import PRXKernel
import PRXPlugins

/// What every real run of prx shares, flags mode and recipes alike: the log directory and workspace, the sinks
/// selected from the registry (log, CSV summary, task output, JSON), the run's journal in the history, its entry
/// in the registry of running processes, the summary report on standard output, the run under SIGINT/SIGTERM,
/// and the mapping of the outcome to prx's exit status.
struct RunAssembly {
    /// prx's home (`$PRX_HOME`).
    var home: PRXHome
    /// The files the run's sinks write (its log, summary and output files among them), with what named each.
    var resultFiles: RunResultFiles
    /// What sink factories receive.
    var context: PluginContext
    /// Where warnings go; attached to the main log once nothing can refuse the run (the first sink chosen as `log`
    /// that shares its log, ``MainLogSink``).
    var warnings: WarningChannel
    /// The plugins.
    var registry: PluginRegistry
    /// The name the run's executor was chosen by (`--executor`, `prx.config{ executor }`), which a custom executor's
    /// refusal to begin the run is said under (``PluginRegistry/message(_:of:named:)``).
    var executorName: String
    /// The directory the summary report names as the working directory.
    var workingDirectory: String
    /// The worker count, within the descriptor limit already for an executor whose tasks are local processes, which
    /// hold descriptors of prx's (``DescriptorBudget/workersToRun(asked:askedAs:warn:)``).
    var workers: Int
    /// Seconds between task starts.
    var startDelay: Double
    /// How the summary report names the workspace mode.
    var workspaceType = "Shared"
    /// The lines the main log starts with: which configuration files the run read
    /// (``LoadedConfiguration/fileLines``), a ptasker run's made-up project, and in file mode the task files found
    /// (``ParallelrTaskSource/discoveryLine``).
    var openingLines: [String] = []
    /// prx's arguments as given, for the journal.
    var arguments: [String]
    /// The name prx runs under (`ptasker`), which the journal records for a resumption to run under, and the
    /// summary's commands name.
    var invocation: InvocationName
    /// Settings the journal keeps: the effective configuration, the workers and timeout, the run resumed.
    var journalSettings: [String: String] = [:]
    /// Where the tasks' feedback files go, when they have them: made as the run starts.
    var feedbackDirectory: RunFeedbackDirectory?
    /// How many journals of runs that have ended the history keeps (``RunHistory/prune(keeping:)``), this run's
    /// included once it has ended.
    var keptRuns = 100
    /// How many tasks the run has, when the source knows before it runs (task files, a recipe's graph), for the
    /// progress `--list-workers` shows.
    var total: Int?
    /// Whether this process is the detached daemon, which reports to its launcher once the run begins.
    var isDaemon = false
    /// For the daemon, the PID of the prx that launched it: that prx's standard output and error, which it writes
    /// until the daemon's run has begun, are claimed as the run's own are.
    var daemonLauncher: pid_t?
    /// Whether each journal line is flushed to the disk as it is written (`--sync`).
    var syncsJournal = false
    /// Whether `--resume` can take the run up (flags mode), so that its end names that command, and its journal records
    /// the sizes of the result files a resumption adds to.
    var isResumable = true
    /// The result files of the run this one takes up, as its journal last recorded them, cut back before they are
    /// opened (``ResumedTaskSource/Verdicts/resultFilesToCutBack``).
    var resultFilesToCutBack: [RecordedResultFile] = []
    /// The stop policies the run chose that the summary report's Auto-Stop section names, in the order it asks them:
    /// the registered ones (`--stop-policy NAME`, `prx.stop_policy`, the stop limits), with their settings, by the
    /// names they were chosen by (the one chosen as `stop-limits` is the stop limits, whatever plugin is registered
    /// so), the Lua files of `--stop-policy FILE.lua`, and a recipe's `stop_when` and `on_error = "halt"`.
    var chosenStopPolicies: [ChosenStopPolicy] = []

    /// A stop policy the run chose, for the summary report to name.
    enum ChosenStopPolicy {
        /// A registered policy, as the run chose it.
        case registered(RunPlan.Selection)
        /// The `stop_when` of a Lua file, as `--stop-policy` gave it.
        case luaFile(String)
        /// A recipe's own policy, its `stop_when` or its `on_error = "halt"`, as the report names it.
        case recipesOwn(SummaryReport.ChosenStopPolicy)
    }
    /// The files the run reads: its configuration files, its Lua code (the recipe, or the `--hook`, `--parser` and
    /// `--stop-policy` files), the files that code read with `prx.lines` or `prx.each_line` as it loaded, and what its
    /// source reads as it goes (an arguments file, task files and a template file that are result files), from `/`,
    /// with the flag, setting, file or Lua line that named each, which no result file may be (``ResultFileClaims``,
    /// ``RunPlan/Selection/inputFiles(readBy:registry:base:)``, ``LuaFlagFiles/files(of:base:)``,
    /// ``LoadedConfiguration/inputFiles``).
    var inputFiles: [ResultFileClaims.InputFile] = []
    /// The paths among ``inputFiles`` of the run's Lua code (the recipe, the `--hook`, `--parser` and `--stop-policy`
    /// files), which were refused before they loaded when they name a standard stream prx was started without
    /// (``refuseClosedStandardStreams(_:)``), and are not checked again: they are read already.
    var luaFilesChecked: Set<String> = []

    /// Runs every task of `source` on `executor` and ends as prx ends a run: returns for exit status 0, throws
    /// ``ExitCodeError`` for any other status (1 also when a sink could not write what it was given) and
    /// ``CommandFailure`` for a source error.
    ///
    /// - Parameters:
    ///   - stopPolicies: the run's stop policies, asked in this order, the first to halt deciding; those of them
    ///     ``chosenStopPolicies`` names are named in the report.
    ///   - extraSinks: sinks beside the registry's, told each event after them (but the sinks chosen as `json`) and
    ///     before the summary report.
    ///   - luaInterruptions: the Lua states the run calls into; on SIGINT or SIGTERM, Lua code still running the
    ///     same call a second later is stopped with an error, so that the run can end, and a call that does not
    ///     return a second after that either (blocked in a C function) ends prx without it (``StuckLuaExit``).
    ///   - luaWriteGuards: the guards of those states' `prx.write`, told of the files the run writes or reads by
    ///     their paths once they are claimed, before any is opened, so that Lua code cannot empty one under its sink
    ///     or spoil the run's input; the run is refused then when the code wrote a file the run writes as it loaded.
    ///   - chosenExitStatus: read after the run; a status it returns replaces the usual one (a recipe's `on_done`),
    ///     except after a signal that interrupted the run or cut its Lua code short (`on_done` included), which
    ///     ends prx with 128 + the signal.
    func run(
        source: any TaskSource,
        executor: any Executor,
        stopPolicies: [any StopPolicy],
        extraSinks: [any Sink] = [],
        luaInterruptions: [LuaInterruption] = [],
        luaWriteGuards: [LuaWriteGuard] = [],
        chosenExitStatus: @escaping () -> Int32? = { nil }
    ) async throws {
        // First: a run whose tasks cannot run (no thread to watch them) is refused before it makes anything, where
        // each of its tasks was ERROR for the same reason.
        // A custom executor's refusal is said as its own, as its factory's is.
        do {
            try executor.beginRun()
        } catch {
            throw CommandFailure(message: registry.message("\(error)", of: .executor, named: executorName))
        }
        // Made with these settings already, so not refused here.
        let stopPolicySettings = try built {
            try chosenStopPolicies.map { policy -> SummaryReport.ChosenStopPolicy in
                switch policy {
                case .registered(let selection):
                    .registered(try registry.checkedSettings(.stopPolicy, named: selection.name, selection.settings))
                case .luaFile(let file):
                    .luaFile(file)
                case .recipesOwn(let policy):
                    policy
                }
            }
        }
        // Before the first file is made: a signal from here on interrupts the run as it begins, or ends prx at once
        // while it waits for a FIFO's reader (the recipe and any Lua file are loaded by now, so that Lua looping as
        // it loads is still ended by the signal's default action).
        try SignalTrap.install(stopGrace: executor.stopGrace)
        let signals = RunUnderSignals()
        // Named after --log-dir only when that flag chose it: the home's own (a regular file at PRX_HOME/logs) was
        // blamed on a flag not given.
        let logDirectory = logFiles.directory == home.logs ? "the log directory" : "the log directory (--log-dir)"
        try PRXHome.create(logFiles.directory, for: logDirectory)
        try PRXHome.create(home.workspace, for: "the workspace")
        let runID = context.runID
        let claims = try claimFiles(journal: RunHistory(directory: home.history).journalPath(for: runID))
        for writeGuard in luaWriteGuards {
            try Self.refuseWritesWhileLoading(of: writeGuard, among: claims)
            writeGuard.refuse { path in
                claims.writer(of: path).map { LuaWriteGuard.Claim(origin: $0.description, isInput: false) }
                    ?? claims.reader(of: path).map { LuaWriteGuard.Claim(origin: $0.description, isInput: true) }
            }
        }
        // A run refused before its tasks start removes the files of its own it made, so that it leaves no empty log
        // or output file and no summary of a header alone; files that were there already are not its own, and are
        // left as they were: the built-in sinks empty theirs as the run starts, not as they are made.
        let ownFiles = [logFiles.mainLog, logFiles.summaryCSV, logFiles.taskOutput]
            .filter { !FileManager.default.fileExists(atPath: $0) }
        let makesFeedbackDirectory = feedbackDirectory.map { !FileManager.default.fileExists(atPath: $0.path) } ?? false
        // A plugin in a built-in's place may write no file, or leave one that was there as it was: the run names its
        // file once the run has written it, told by the file as it is before the sinks are made (their factories may
        // write it).
        var pluginFiles = PluginResultFiles()
        for sink in self.sinks where !registry.isBuiltIn(.sink, named: sink.name) {
            if let path = resultFiles.file(of: sink)?.path { pluginFiles.note(Self.fullPath(path)) }
        }
        var began = false
        // What a resumption cut off its result files, put back should the run be refused after the cut (a sink's
        // factory or file, the journal), so that a refused resumption changes no file.
        var cuts: [ResultFileCut] = []
        defer {
            if !began {
                for cut in cuts { cut.putBack() }
                for path in ownFiles { unlink(path) }
                if makesFeedbackDirectory, let feedbackDirectory { rmdir(feedbackDirectory.path) }
            }
        }
        try feedbackDirectory?.create()
        // Before the sinks open them, so that one adding to its file counts from where it was cut.
        let addedToWhenResumed = filesAddedToWhenResumed
        // Each path is cut by the record of the file it names, if any (cutBack checks device and inode). A file
        // another run writes is refused here, as its sink would refuse it, before the cut takes that run's rows off.
        for (sink, path) in addedToWhenResumed {
            for record in resultFilesToCutBack {
                let cut: ResultFileCut?
                do {
                    cut = try record.cutBack(fileAt: path)
                } catch {
                    var named = error
                    named.path = sinks[sink].settings["path"]?.text ?? path
                    throw refusal(of: named, by: sinks[sink])
                }
                guard let cut else { continue }
                cuts.append(cut)
                break
            }
        }
        var sinks: [any Sink]
        do {
            sinks = try await signals.setUp { try makeSinks() }
        } catch {
            // Opening a FIFO, waiting for its reader, given up at the signal: prx ends as the signal asks, leaving
            // nothing, as a run refused at its start does.
            if let signal = signals.caught { throw ExitCodeError(status: 128 + signal) }
            throw error
        }
        // Told after the hooks, below. The JSON file is what the sinks chosen as `json` write (`--json`, `--sink json`,
        // `prx.sink("json", …)`), as the report names it, whatever a plugin registered under that name makes; a sink
        // chosen by another name is told in its place, whatever it makes.
        let chosen = Array(zip(self.sinks.map(\.name), sinks))
        // The main log is what the sinks chosen as `log` write, as the report names it, whatever a plugin registered
        // under that name makes: the first of them that shares its log (``MainLogSink``) gets prx's own lines. A sink
        // chosen by another name gets none, whatever type it makes, the built-in `LogSink` included.
        let logs = chosen.filter { $0.0 == BuiltinPlugins.log.name }.compactMap { ($0.1 as? any MainLogSink)?.log }
        let mainLog = logs.first
        // A custom sink's failures are said as its own, as its factory's errors are.
        var named = chosen.map { name, sink in
            (name, registry.isBuiltIn(.sink, named: name)
                ? sink : PluginNamingSink(base: sink) { registry.message($0, of: .sink, named: name) })
        }
        // The journal follows these files, and flushes a plugin's sink out of turn: the scheduler is given the sink
        // as the journal shares it, which throws a failure of that flush as its own.
        let trackedFiles = addedToWhenResumed.map { TrackedResultFile(path: $0.path, writtenBy: named[$0.sink].1) }
        for (file, added) in zip(trackedFiles, addedToWhenResumed) {
            named[added.sink].1 = file.writer
        }
        let jsonSinks = named.filter { $0.0 == BuiltinPlugins.json.name }.map { $0.1 }
        sinks = named.filter { $0.0 != BuiltinPlugins.json.name }.map { $0.1 }
        let journal = try journal(
            runID: runID, stopGrace: executor.stopGrace, reportsPlacements: executor.reportsPlacements,
            resultFiles: trackedFiles)
        sinks.append(TasksEndedNotingSink(ending: journal.ending))
        // Told after the hooks, which a signal may cut short once the summary is made.
        let markingCutShort = { (sink: any Sink) in
            CutShortRunMarkingSink(base: sink, luaInterruptions: luaInterruptions)
        }
        // The JSON file's summary line says, as the exit status does, that a signal cut `on_done` short. Its task lines
        // are written as early all the same: every sink's lines of a turn are written once the turn's events are told.
        sinks += extraSinks
        sinks += jsonSinks.map(markingCutShort)
        let rotatingLogs = logs.filter(\.rotates).map(\.path).map(Self.fullPath)
        var report = SummaryReport(
            workingDirectory: Self.fullPath(workingDirectory),
            workspaceType: workspaceType,
            logDirectory: Self.fullPath(logFiles.directory),
            mainLogs: files(ofSinks: BuiltinPlugins.log.name),
            rotatingLogs: Set(rotatingLogs),
            summaryCSVs: files(ofSinks: "csv"),
            taskOutputs: files(ofSinks: "output"),
            jsonPaths: files(ofSinks: BuiltinPlugins.json.name),
            stopPolicies: stopPolicySettings,
            processID: context.processID,
            workers: workers,
            runLine: runLine(runID))
        report.listedOnlyIfWritten = pluginFiles
        report.summariesAtChosenPaths = Set(files(ofSinks: "csv") { $0.settings["path"] != nil })
        report.recipesTaskOutputs = Set(files(ofSinks: "output") { $0.chosenAt != nil })
        // Told of the run's end once the result files and the hooks have written their last
        // (``RunSummary/sinkErrors``), and before the report, which can wait for ever on a standard output no one
        // reads: the journal's end line is written whatever becomes of the report, and restated, after it, with its
        // failure, so that the journal records whether the run's results were all written, as the exit status
        // below says.
        sinks.append(markingCutShort(journal))
        // A daemon's standard output is /dev/null: its report goes to the main log, as parallelr's does, one entry of
        // several lines.
        if isDaemon, let daemonLog = mainLog {
            sinks.append(markingCutShort(SummaryReportSink(report: report) { text in
                try? daemonLog.log(.info, lines: text.trimmingCharacters(in: .newlines).components(separatedBy: "\n"))
            }))
        } else {
            // A signal while the report waits for a standard output no one reads: the watchdog ends prx with the
            // status the run ends with, every result written.
            let reportSink = ReportPendingWatchdogSink(
                base: SummaryReportSink(report: report), warnings: warnings
            ) { summary in
                Self.exitStatus(of: Self.ending(
                    of: summary, signal: signals.caught, cutLuaShort: CutShortRunMarkingSink.cutShort(luaInterruptions),
                    chosenExitStatus: chosenExitStatus()))
            }
            sinks.append(markingCutShort(reportSink))
        }
        // The last sink that can fail.
        sinks.append(markingCutShort(journal.restatingSink()))

        // Named as the run has written them: a plugin's file once it has, in the registry as the run goes on.
        let (mainLogs, summaryCSVs) = (report.mainLogs, report.summaryCSVs)
        let logFile = pluginFiles.first(of: mainLogs)
        let summaryFile = pluginFiles.first(of: summaryCSVs)
        let registration = RunRegistration(
            registry: RunRegistry(home: home), logFile: logFile, summaryFile: summaryFile,
            startTime: context.runStartTime, total: total, stopGrace: executor.stopGrace, warn: warnings.warn,
            filesNow: { [pluginFiles] in (pluginFiles.first(of: mainLogs), pluginFiles.first(of: summaryCSVs)) })
        defer { registration.remove() }
        sinks.append(RunRegistrySink(registration: registration))
        sinks.append(WatchdogProgressSink())
        if isDaemon {
            try DaemonReadiness.announce(DaemonReport(
                pid: ProcessID.own.rawValue, logFile: logFile, summaryFile: summaryFile, programName: invocation.name,
                isRegistered: registration.isRegistered))
        }
        let scheduler = Scheduler(
            configuration: SchedulerConfiguration(maxInFlight: workers, startDelay: startDelay),
            executor: executor)
        // Only now, the run no longer refused: a log that was there already gets no line of a run that never began.
        // The warnings so far wait for it (``WarningChannel``).
        if let mainLog {
            for line in openingLines {
                try? mainLog.log(.info, line)
            }
            warnings.attach(mainLog)
        }
        began = true
        let stuckLuaExit = StuckLuaExit(
            stopGrace: executor.stopGrace, registration: registration, journalEnding: journal.ending,
            warn: { warnings.warn($0) })
        let outcome = await signals.run(
            scheduler: scheduler, source: source, sinks: sinks,
            stopPolicy: FirstHaltingStopPolicy.combining(stopPolicies)
        ) { first in
            for interruption in luaInterruptions {
                interruption.stop(ifStillRunningAfter: .seconds(1)) { call in
                    stuckLuaExit.end(stuck: call, in: interruption, signal: first)
                }
            }
        }
        // The runs that ended while this one went are kept beside it, as are runs still going: the history is pruned
        // again now that this run has ended, so that once the runs going together have all ended, `keep_runs` are left.
        RunHistory(directory: home.history).prune(keeping: keptRuns)
        // Also in an interrupted run: a FIFO whose reader stopped reading is given up at the signal.
        for error in outcome.summary.sinkErrors {
            warnings.warn(WarningChannel.sinkFailure(error))
        }
        if let failure = journal.endLineFailure {
            warnings.warn(
                journal.endLineIsStandIn
                    ? "cannot write the run's end whole to its journal \(failure.path): \(failure.reason); its end "
                        + "line says only that the run ended, incomplete, without its counts and errors"
                    : "cannot write the run's end to its journal \(failure.path): \(failure.reason); "
                        + "prx history shows the run as killed")
        }
        if let ending = Self.ending(
            of: outcome.summary, signal: outcome.signal,
            cutLuaShort: CutShortRunMarkingSink.cutShort(luaInterruptions), chosenExitStatus: chosenExitStatus())
        {
            throw ending
        }
    }

    /// How prx ends a run that ended with `summary`, `signal` being the first signal caught, if any, `cutLuaShort`
    /// whether it cut the run's Lua code short, and `chosenExitStatus` the status a recipe's `on_done` chose: `nil`
    /// for exit status 0, else the error that ends prx (``ExitCodeError``, or ``CommandFailure`` for a source error).
    private static func ending(
        of summary: RunSummary, signal: Int32?, cutLuaShort: Bool, chosenExitStatus: Int32?
    ) -> (any Error)? {
        // A signal that came once the run's reports were made changed nothing they show: the run's own status stands.
        // One that cut Lua code short did (an `on_done` that did not write its report): the summary, made before
        // `on_done` was called, does not say so, the interruption does.
        if let signal, summary.interrupted || cutLuaShort {
            // Input the run could not read before the signal (a line over 16 MiB, a `--parser`'s error) is still said
            // in its one line after the report, as a run that ended at it says it; the signal's status stands.
            if let sourceError = summary.sourceError {
                return CommandFailure(message: sourceError, exitStatus: 128 + signal)
            }
            return ExitCodeError(status: 128 + signal)
        }
        if let sourceError = summary.sourceError {
            return CommandFailure(message: sourceError)
        }
        // Results that could not all be written (a full disk, a closed standard output) are a failed run, even
        // when every task succeeded and a recipe's on_done chose 0.
        if let status = chosenExitStatus {
            return status != 0 || summary.resultsLost ? ExitCodeError(status: max(status, 1)) : nil
        }
        return summary.allSucceeded && !summary.resultsLost ? nil : ExitCodeError(status: 1)
    }

    /// The exit status `ending` (``ending(of:signal:cutLuaShort:chosenExitStatus:)``) ends prx with.
    private static func exitStatus(of ending: (any Error)?) -> Int32 {
        switch ending {
        case nil: 0
        case let exit as ExitCodeError: exit.status
        case let failure as CommandFailure: failure.exitStatus
        default: 1
        }
    }

    /// The files the run's sinks called `name` write, in the sinks' order, from `/` (``RunResultFiles/file(of:)``:
    /// each one's `path` setting as the settings stacked up, a `--set` over a flag, a flag over a configuration file,
    /// else the run's own file); a file two sinks write is named once. With `chosen`, only the sinks it keeps.
    private func files(ofSinks name: String, where chosen: (RunPlan.Selection) -> Bool = { _ in true }) -> [String] {
        var named: Set<String> = []
        return sinks.filter { $0.name == name && chosen($0) }.compactMap { resultFiles.file(of: $0)?.path }
            .map(Self.fullPath).filter { named.insert($0).inserted }
    }

    /// The run's sinks, made from the registry in order; an error opening a file names the recipe line, flag or
    /// setting that gave it, and a file or value a sink refuses the configuration file's line that gave it, if one
    /// did (a recipe's `prx.sink` whose `path` the file gave too).
    private func makeSinks() throws -> [any Sink] {
        try sinks.map { selection in
            try built(making: selection, .sink, with: registry, at: selection.position) {
                do {
                    return try registry.makeSink(selection.name, settings: selection.settings, context: context)
                } catch let error as SinkFileError
                    where selection.position == nil || selection.placesInFiles["path"] != nil
                {
                    throw refusal(of: error, by: selection)
                }
            }
        }
    }

    /// The error that refuses the run for `error`, met opening the file of the sink `selection` chose: the one line
    /// names the flag or setting that gave the file (``origin(of:in:)``), where one did.
    private func refusal(of error: SinkFileError, by selection: RunPlan.Selection) -> any Error {
        guard let origin = origin(of: error, in: selection) else { return error }
        return CommandFailure(message: "\(error) (\(origin))", setting: "path")
    }

    /// The flag or setting that gave the file a sink could not open or start (`error`), which the one-line error
    /// names, as a recipe's line is named: `--json`, or the sink's `path` setting (`csv.path`, from `--set` or the
    /// configuration's `plugins:`), or `--log-dir` for the run's own file in the log directory that flag chose;
    /// `nil` for the run's own file in prx's home's log directory, which no flag or setting named.
    private func origin(of error: SinkFileError, in selection: RunPlan.Selection) -> String? {
        guard let path = selection.settings["path"]?.text else {
            guard logFiles.directory != home.logs, resultFiles.file(of: selection)?.path == error.path else {
                return nil
            }
            return "--log-dir"
        }
        guard error.path == path else { return nil }
        return resultFiles.file(of: selection)?.origin.name
    }

    /// The sinks to build from the registry, in order.
    private var sinks: [RunPlan.Selection] { resultFiles.sinks }

    /// The files a resumption of the run adds to, from `/`, each with its sink's index in ``sinks``: those of the sinks
    /// that add to their file in a `--resume` run only (``SinkFileOpening/appendsWhenResuming``: the CSV summary, the
    /// JSON Lines, such a plugin's) whose `path` names it, in a run `--resume` takes up. Not the run's own files in the
    /// log directory, which each run names anew, nor a file every run adds to (the main log, a plugin's that
    /// ``SinkFileOpening/appends``): a record of every run that wrote there, the runs between a killed run and its
    /// resumption too, where cutting the killed run's last lines would cut theirs.
    private var filesAddedToWhenResumed: [(sink: Int, path: String)] {
        guard isResumable else { return [] }
        return sinks.indices.compactMap { index in
            guard registry.fileOpening(ofSink: sinks[index].name) == .appendsWhenResuming,
                let path = sinks[index].settings["path"]?.text
            else { return nil }
            return (index, Self.fullPath(path))
        }
    }

    /// The run's log, summary and output files.
    private var logFiles: RunLogFiles { resultFiles.logFiles }

    /// Refuses the run before any of its files is opened when two of them are one file (``ResultFileClaims``): its
    /// result files (each as its sink opens it, emptying it or adding to it), its `journal`, its input files, and
    /// standard output and error. Returns the claims, which name what writes each file the run writes.
    private func claimFiles(journal: String) throws(CommandFailure) -> ResultFileClaims {
        if isDaemon { try refuseOwnDescriptors() }
        try refuseClosedStandardStreams()
        var claims = ResultFileClaims(base: FileManager.default.currentDirectoryPath)
        for input in inputFiles {
            try claims.claim(input.path, by: input.origin, input.use)
        }
        try claims.claim(.standardOutput, by: .init(name: "standard output"))
        try claims.claim(.standardError, by: .init(name: "standard error"))
        if let launcher = daemonLauncher {
            try claims.claim(descriptor: 1, of: launcher, by: .init(name: "the standard output of prx -D"))
            try claims.claim(descriptor: 2, of: launcher, by: .init(name: "the standard error of prx -D"))
        }
        for selection in sinks {
            guard let file = resultFiles.file(of: selection) else { continue }
            let appends = registry.fileOpening(ofSink: selection.name)
                .appends(resumingEarlierRun: context.resumesEarlierRun)
            try claims.claim(file.path, by: file.origin, appends ? .appends : .writes)
            let rotation = ResultFileClaims.Origin(
                name: "the rotation of \(file.origin.name)", position: file.origin.position)
            for backup in resultFiles.backups(of: selection) {
                try claims.claim(backup, by: rotation, .replaces)
            }
        }
        try claims.claim(journal, by: .init(name: "the run's journal"))
        return claims
    }

    /// Refuses the run when the Lua code of `writeGuard` wrote, as it loaded, a file the run writes (`claims`): the
    /// sink opening it would empty what the code wrote, or add its lines to it, and the journal or standard output
    /// would write over it. Named at the `prx.write` line, before any of the run's files is opened; what the code
    /// wrote is left as it wrote it.
    private static func refuseWritesWhileLoading(of writeGuard: LuaWriteGuard, among claims: ResultFileClaims)
        throws(CommandFailure)
    {
        for write in writeGuard.writesWhileLoading {
            guard let writer = claims.writer(of: write.path) else { continue }
            let message = "prx.write: \(write.path) is the file of \(writer), which the run writes to: the run would "
                + "spoil what the Lua code wrote there as it loaded (write another file)"
            throw CommandFailure(message: RecipeError(message, at: write.position).description)
        }
    }

    /// Refuses, in a daemon, a result file that names one of prx's own descriptors (`--json /dev/stdout`): the
    /// daemon's are not the launching prx's (its standard output is `/dev/null`), so its results would be lost. The
    /// daemon has not reported yet, so the launcher prints the error and exits 2.
    private func refuseOwnDescriptors() throws(CommandFailure) {
        for selection in sinks {
            guard let file = resultFiles.file(of: selection),
                let descriptor = OwnDescriptorPath.descriptor(namedBy: Self.fullPath(file.path))
            else { continue }
            let message = "\(file.origin.name) \(file.path) names prx's \(OwnDescriptorPath.name(of: descriptor)), "
                + "which a daemon (-D) does not have: name a file"
            throw CommandFailure(message: RecipeError(message, at: file.origin.position).description)
        }
    }

    /// Refuses a result file or an input file that names a standard stream prx was started without (`--json
    /// /dev/stdout >&-`, `--set log.path=/dev/stderr 2>&-`): the results would be written to nothing, without a word.
    private func refuseClosedStandardStreams() throws(CommandFailure) {
        try Self.refuseClosedStandardStreams(
            sinks.compactMap { resultFiles.file(of: $0) }
                + inputFiles.filter { !luaFilesChecked.contains($0.path) }.map { (path: $0.path, origin: $0.origin) })
    }

    /// Refuses the first of `named` that names a standard stream prx was started without (``ClosedStandardStream``),
    /// naming what gave it, and where: before a file the command names is read (the recipe, `--hook`), or written.
    static func refuseClosedStandardStreams(
        _ named: [(path: String, origin: ResultFileClaims.Origin)]
    ) throws(CommandFailure) {
        for (path, origin) in named {
            guard let stream = ClosedStandardStream(namedBy: path) else { continue }
            let message = stream.refusal(of: path, givenBy: origin.name)
            throw CommandFailure(message: RecipeError(message, at: origin.position).description)
        }
    }

    /// Refuses, as ``refuseClosedStandardStreams(_:)`` does, a file that the Lua code of `files` read as it loaded
    /// (`io.lines("/dev/stdin")`), which gave it no line: in a dry run too, whose tasks that code may have made.
    static func refuseClosedStandardStreams(readWhileLoading files: [LuaFilesReadWhileLoading]) throws(CommandFailure) {
        try refuseClosedStandardStreams(
            files.flatMap { $0.files(amongResultFiles: []) }.map { ($0.inputFile.path, $0.inputFile.origin) })
    }

    /// `path`, which a sink opened relative to prx's directory, as the report, the run registry and
    /// `--validate-config` show it, the directories too: from `/`, since they are read from other directories
    /// (`--list-workers`), and without `.` or `..` components, as the task sources name their paths (a `..` after a
    /// link going where the kernel went).
    static func fullPath(_ path: String) -> String {
        SourceFileSystem.absolutePath(path, base: FileManager.default.currentDirectoryPath)
    }

    /// The summary's line naming the run and the commands that show it and resume it, under the name the run was
    /// started by, which a resumption runs under too: `Run: ID (ptasker history ID; ptasker --resume ID)`. The name is
    /// quoted as a shell reads a program's name (``ShellWords/quoteProgram(_:)``), so that each command runs as shown.
    private func runLine(_ runID: String) -> String {
        let program = ShellWords.quoteProgram(invocation.name)
        return "Run: \(runID) (\(program) history \(runID)"
            + (isResumable ? "; \(program) --resume \(runID))" : ")")
    }

    /// prx's working directory, as text, `nil` when it cannot be told (`getcwd` fails: prx was started in a directory
    /// that was deleted); with its path's bytes when they are not UTF-8, which the text holds with U+FFFD in their
    /// place, naming no directory to enter.
    private static var knownWorkingDirectory: (text: String?, bytes: [UInt8]?) {
        guard let bytes = try? WorkingDirectory.bytes() else { return (nil, nil) }
        let text = String(decoding: bytes, as: UTF8.self)
        return (text, text.utf8.elementsEqual(bytes) ? nil : bytes)
    }

    /// The sink writing the run's journal into the history, with prx's orphan guard and `stopGrace`, the executor's
    /// time to stop a task, whether the executor `reportsPlacements`, and the `resultFiles` whose sizes it records;
    /// the history is then pruned to ``keptRuns``
    /// (and again as the run ends), the new run kept as a run still going, so that the runs it resumed
    /// (`resumed_from`) are kept with it.
    private func journal(
        runID: String, stopGrace: Duration, reportsPlacements: Bool, resultFiles: [TrackedResultFile]
    ) throws -> RunJournalSink {
        let history = RunHistory(directory: home.history)
        try PRXHome.create(history.directory, for: "the history directory")
        let directory = Self.knownWorkingDirectory
        let journal = try built {
            try RunJournalSink(
                path: history.journalPath(for: runID),
                invocation: RunInvocation(
                    runID: runID, programName: invocation.name, arguments: arguments,
                    workingDirectory: directory.text, workingDirectoryBytes: directory.bytes,
                    processID: context.processID, processStartTicks: ProcessStart.ticks(of: context.processID),
                    configuration: journalSettings,
                    orphanGuard: OrphanGuardRecord.ofThisProcess(stopGrace: stopGrace),
                    reportsPlacements: reportsPlacements, taskTotal: total),
                startTime: context.runStartTime, workers: workers, syncsEachLine: syncsJournal,
                resultFiles: resultFiles)
        }
        history.prune(keeping: keptRuns)
        return journal
    }
}
