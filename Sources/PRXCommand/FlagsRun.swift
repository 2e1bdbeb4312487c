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

    init(options: PRX, registry: PluginRegistry, arguments: [String], resumption: Resumption? = nil) {
        self.options = options
        self.registry = registry
        self.arguments = arguments
        self.resumption = resumption
    }

    func execute() async throws {
        let home = PRXHome()
        if let runID = options.resumeRun ?? options.resumeFailedRun {
            try await resume(runID, onlyFailed: options.resumeFailedRun != nil, home: home)
            return
        }
        let warnings = WarningChannel()
        let plan = try RunPlan(options: options)
        let workers = options.maxWorkers ?? 20
        let startTime = Date()
        let logFiles = try built { try RunLogFiles(directory: options.logDir ?? home.logs, startTime: startTime) }
        let context = PluginContext(
            runStartTime: startTime,
            workers: workers,
            logFiles: logFiles,
            taskSettings: TaskSettings(
                timeout: Double(options.timeout ?? 600),
                workingDirectory: options.run ? home.workspace : nil),
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
        let executor = try built { try registry.makeExecutor(plan.executor.name, settings: plan.executor.settings, context: context) }
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
        history.prune(keeping: Self.keptRuns - 1)
        var configuration = ["workers": String(workers), "timeout": String(options.timeout ?? 600)]
        configuration["resumed_from"] = resumption?.record.runID
        sinks.append(try built {
            try RunJournalSink(
                path: history.journalPath(for: runID),
                invocation: RunInvocation(
                    runID: runID, arguments: arguments,
                    workingDirectory: FileManager.default.currentDirectoryPath,
                    processID: context.processID, configuration: configuration))
        })
        sinks.append(SummaryReportSink(report: SummaryReport(
            workingDirectory: home.workspace,
            workspaceType: "Shared",
            logFiles: logFiles,
            taskOutputEnabled: plan.sinks.contains { $0.name == "output" },
            jsonPath: options.jsonFile,
            stopLimits: stopPolicy as? StopLimitsPolicy,
            processID: context.processID,
            workers: workers)))

        let scheduler = Scheduler(
            configuration: SchedulerConfiguration(maxInFlight: workers, startDelay: options.sleep ?? 0),
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

    /// How many run journals the history keeps.
    static let keptRuns = 100

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
