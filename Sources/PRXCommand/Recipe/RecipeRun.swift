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
        let recipe = try built { try Recipe(path: options.recipe, arguments: options.arguments) }
        guard options.run && !options.dryRun else {
            printDryRun(recipe)
            return
        }
        let home = PRXHome()
        let warnings = WarningChannel()
        let workers = options.maxWorkers ?? recipe.configuration.workers ?? 20
        let startTime = Date()
        let logFiles = try built { try RunLogFiles(directory: options.logDir ?? home.logs, startTime: startTime) }
        let context = PluginContext(
            runStartTime: startTime,
            workers: workers,
            logFiles: logFiles,
            baseDirectory: recipe.directory,
            taskSettings: TaskSettings(workingDirectory: recipe.directory),
            warn: { warnings.warn($0) })
        let executor = try built { try registry.makeExecutor("local", settings: [:], context: context) }

        let reporter = recipe.makeErrorReporter { warnings.warn($0) }
        let outcome = LuaHookSink.Outcome()

        let assembly = RunAssembly(
            home: home, logFiles: logFiles, context: context, warnings: warnings, registry: registry,
            sinks: sinkSelections(), jsonPath: options.jsonFile, workingDirectory: recipe.directory,
            workers: workers, startDelay: recipe.configuration.sleep ?? 0, arguments: arguments)
        try await assembly.run(
            source: recipe.makeSource(defaultTimeout: 600), executor: executor,
            stopPolicy: recipe.makeStopPolicy(reporter: reporter), stopLimits: recipe.stopLimits,
            extraSinks: [recipe.makeHookSink(reporter: reporter, outcome: outcome)],
            chosenExitStatus: { outcome.exitStatus })
    }

    /// Flags mode's default sinks: the log, the CSV summary, the task output unless turned off, JSON with `--json`.
    private func sinkSelections() -> [RunPlan.Selection] {
        var sinks = [RunPlan.Selection(name: "log"), RunPlan.Selection(name: "csv")]
        if options.debug { sinks[0].settings["level"] = "DEBUG" }
        if !options.noTaskOutputLog { sinks.append(RunPlan.Selection(name: "output")) }
        if let json = options.jsonFile { sinks.append(RunPlan.Selection(name: "json", settings: ["path": json])) }
        return sinks
    }

    /// Prints each task in start order with its dependencies, and runs nothing.
    private func printDryRun(_ recipe: Recipe) {
        var output = recipe.dryRunLines().joined(separator: "\n")
        if !output.isEmpty { output += "\n" }
        output += "# dry run: \(recipe.graph.tasks.count) tasks; add -r to run them\n"
        FileHandle.standardOutput.write(Data(output.utf8))
    }
}
