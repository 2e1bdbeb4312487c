import Foundation
import PRXKernel
import PRXPlugins

/// One invocation of `prx` in flags mode: build the plugins the flags select, then either print the commands
/// (dry run) or run them and report.
struct FlagsRun {
    /// A past run this one takes up again, and how.
    struct Resumption {
        var record: RunRecord
        var onlyFailed: Bool
    }

    var options: PRX
    var registry: PluginRegistry
    /// prx's arguments as given, recorded in the run's journal.
    var arguments: [String]
    var resumption: Resumption?
    /// Whether this process is the detached daemon (`-D`), which reports to its launcher once its run begins.
    var isDaemon: Bool

    init(
        options: PRX, registry: PluginRegistry, arguments: [String], resumption: Resumption? = nil,
        isDaemon: Bool = false
    ) {
        self.options = options
        self.registry = registry
        self.arguments = arguments
        self.resumption = resumption
        self.isDaemon = isDaemon
    }

    func execute() async throws {
        let home = PRXHome()
        if let runID = options.resumeRun ?? options.resumeFailedRun {
            try await resume(runID, onlyFailed: options.resumeFailedRun != nil, home: home)
            return
        }
        let warnings = WarningChannel()
        guard let loaded = try loadConfiguration(home: home, warnings: warnings) else { return }
        let configuration = loaded.effective
        let options = PTaskerMode.isActive ? PTaskerMode.apply(to: self.options) : self.options
        let plan = try RunPlan(options: options, configuration: loaded)
        let workers = configuration.limits.maxWorkers
        let startTime = Date()
        let logFiles = try built {
            try RunLogFiles(
                directory: options.logDir ?? home.logs, startTime: startTime,
                dateFormat: configuration.logging.customDateFormat)
        }
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
            warn: { warnings.warn($0) })
        guard let sourcePlan = plan.source else {
            throw CommandFailure(message: "no task source: give -T/--TasksDir, -A/--arguments-file or --source")
        }
        var source = try built { try registry.makeSource(sourcePlan.name, settings: sourcePlan.settings, context: context) }
        if let resumption {
            source = resumption.onlyFailed
                ? ResumedTaskSource.resumeFailed(source, after: resumption.record)
                : ResumedTaskSource.resume(source, after: resumption.record)
        }
        var executor = try built { try registry.makeExecutor(plan.executor.name, settings: plan.executor.settings, context: context) }
        if configuration.execution.workspaceIsolation {
            executor = IsolatedWorkspaceExecutor(base: executor, workspace: home.workspace, processID: context.processID)
        }
        let stopPolicy = try plan.stopPolicy.map { selection in
            try built { try registry.makeStopPolicy(selection.name, settings: selection.settings, context: context) }
        }
        guard options.run else {
            try printDryRun(&source)
            return
        }
        try PRXHome.create(logFiles.directory)
        try PRXHome.create(home.workspace)
        var sinks: [any Sink] = []
        for selection in plan.sinks {
            sinks.append(try built { try registry.makeSink(selection.name, settings: selection.settings, context: context) })
        }
        if let log = sinks.lazy.compactMap({ $0 as? LogSink }).first?.log {
            warnings.attach(log)
        }
        let history = RunHistory(directory: home.history)
        let runID = RunHistory.newRunID(startTime: startTime, processID: context.processID)
        try PRXHome.create(history.directory)
        history.prune(keeping: max(configuration.history.keepRuns - 1, 0))
        var recorded = ["workers": String(workers), "timeout": String(configuration.limits.timeoutSeconds)]
        recorded["resumed_from"] = resumption?.record.runID
        sinks.append(try built {
            try RunJournalSink(
                path: history.journalPath(for: runID),
                invocation: RunInvocation(
                    runID: runID, arguments: arguments,
                    workingDirectory: FileManager.default.currentDirectoryPath,
                    processID: context.processID, configuration: recorded))
        })
        sinks.append(SummaryReportSink(report: SummaryReport(
            workingDirectory: home.workspace,
            workspaceType: configuration.execution.workspaceIsolation ? "Isolated per worker" : "Shared",
            logFiles: logFiles,
            taskOutputEnabled: plan.sinks.contains { $0.name == "output" },
            jsonPath: options.jsonFile,
            stopLimits: stopPolicy as? StopLimitsPolicy,
            processID: context.processID,
            workers: workers)))

        let registration = try RunRegistration(
            registry: RunRegistry(home: home), logFiles: logFiles, startTime: startTime)
        defer { registration.remove() }
        sinks.append(RunRegistrySink(registration: registration))
        if isDaemon {
            try DaemonReadiness.announce(logFiles: logFiles)
        }
        let scheduler = Scheduler(
            configuration: SchedulerConfiguration(
                maxInFlight: workers, startDelay: configuration.limits.taskStartDelay),
            executor: executor)
        let summary = await RunUnderSignals.run(scheduler: scheduler, source: source, sinks: sinks, stopPolicy: stopPolicy)
        print("- Run: \(runID) (prx history \(runID); prx --resume \(runID))")
        if let signal = summary.signal {
            throw ExitCodeError(status: 128 + signal)
        }
        if let sourceError = summary.summary.sourceError {
            throw CommandFailure(message: sourceError)
        }
        for error in summary.summary.sinkErrors {
            warnings.warn("a sink failed: \(error)")
        }
        if !summary.summary.allSucceeded {
            throw ExitCodeError(status: 1)
        }
    }

    /// Loads the configuration files with the flags on top, reporting warnings; answers `--validate-config`,
    /// `--show-config` and `--check-dependencies` and returns `nil` when one of them was asked.
    private func loadConfiguration(home: PRXHome, warnings: WarningChannel) throws -> LoadedConfiguration? {
        let loaded: LoadedConfiguration
        do {
            loaded = try ConfigurationLoader.load(
                programName: CommandLine.arguments.first ?? "prx",
                environment: ProcessInfo.processInfo.environment,
                executablePath: (try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe"))
                    ?? CommandLine.arguments.first ?? "prx",
                plugins: registry.descriptors
            ).applying(FlagOverrides(options: options))
        } catch {
            if options.validateConfig {
                print(ValidateConfigReport.render(failure: error))
                throw ExitCodeError(status: ValidateConfigReport.invalidExitStatus)
            }
            throw CommandFailure(message: error.message)
        }
        for warning in loaded.warnings {
            warnings.warn(warning)
        }
        if options.validateConfig {
            print(ValidateConfigReport.render(
                loaded, workingDirectory: home.workspace, logDirectory: options.logDir ?? home.logs))
            return nil
        }
        if options.showConfig {
            print(ShowConfigReport.render(loaded))
            return nil
        }
        if options.checkDependencies {
            print(DependencyReport.render())
            return nil
        }
        return loaded
    }

    /// Runs `runID` from the history again with its own arguments, in its own directory, leaving out what it
    /// settled.
    private func resume(_ runID: String, onlyFailed: Bool, home: PRXHome) async throws {
        let record = try built { try RunHistory(directory: home.history).record(of: runID) }
        let original = try built { try PRX.parse(record.invocation.arguments) }
        guard original.run else {
            throw CommandFailure(message: "run \(runID) was a dry run; there is nothing to resume (--resume)")
        }
        guard FileManager.default.changeCurrentDirectoryPath(record.invocation.workingDirectory) else {
            throw CommandFailure(
                message: "cannot enter \(record.invocation.workingDirectory), where run \(runID) ran (--resume)")
        }
        try original.checkUsage()
        try await FlagsRun(
            options: original, registry: registry, arguments: record.invocation.arguments,
            resumption: Resumption(record: record, onlyFailed: onlyFailed)
        ).execute()
    }

    /// Prints each task's command line (with `NAME=value` prefixes) and runs nothing.
    private func printDryRun(_ source: inout any TaskSource) throws {
        var count = 0
        var rejected = 0
        var output = ""
        while let task = try built({ try source.next() }) {
            count += 1
            if let reason = task.preflightError {
                rejected += 1
                output += "# \(task.label): not runnable: \(reason)\n"
            } else {
                output += DryRunCommandLine.render(task) + "\n"
            }
            if output.utf8.count > 65_536 {
                FileHandle.standardOutput.write(Data(output.utf8))
                output = ""
            }
        }
        let unrunnable = rejected > 0 ? ", \(rejected) not runnable" : ""
        output += "# dry run: \(count) tasks\(unrunnable); add -r to run them\n"
        FileHandle.standardOutput.write(Data(output.utf8))
    }

    /// Runs `body`, turning any error into a one-line ``CommandFailure``.
    private func built<T>(_ body: () throws -> T) throws(CommandFailure) -> T {
        do {
            return try body()
        } catch let failure as CommandFailure {
            throw failure
        } catch {
            throw CommandFailure(message: "\(error)")
        }
    }
}

/// Ends the command with an exit status and no message (the summary already said what happened).
struct ExitCodeError: Error {
    var status: Int32
}
