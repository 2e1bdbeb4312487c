import Foundation
import PRXKernel
import PRXPlugins

/// One invocation of `prx` in flags mode: build the plugins the flags select, then either print the commands
/// (dry run) or run them and report.
struct FlagsRun {
    var options: PRX
    var registry: PluginRegistry

    func execute() async throws {
        let home = PRXHome()
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
