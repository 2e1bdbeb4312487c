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
        var source = try built {
            try LuaFlagFiles.parsedArgumentsSource(options: options, settings: context.taskSettings)
                ?? registry.makeSource(sourcePlan.name, settings: sourcePlan.settings, context: context)
        }
        let executor = try built { try registry.makeExecutor(plan.executor.name, settings: plan.executor.settings, context: context) }
        let stopPolicy = try plan.stopPolicy.map { selection in
            try built { try registry.makeStopPolicy(selection.name, settings: selection.settings, context: context) }
        }
        let lua = try LuaFlagFiles(options: options, warn: { warnings.warn($0) })
        guard options.run else {
            try printDryRun(&source)
            return
        }
        let assembly = RunAssembly(
            home: home, logFiles: logFiles, context: context, warnings: warnings, registry: registry,
            sinks: plan.sinks, jsonPath: options.jsonFile, workingDirectory: home.workspace,
            workers: workers, startDelay: options.sleep ?? 0)
        try await assembly.run(
            source: source, executor: executor,
            stopPolicy: lua.stopPolicy(combinedWith: stopPolicy), stopLimits: stopPolicy as? StopLimitsPolicy,
            extraSinks: lua.sinks, chosenExitStatus: lua.chosenExitStatus)
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
}

/// Ends the command with an exit status and no message (the summary already said what happened).
struct ExitCodeError: Error {
    var status: Int32
}
