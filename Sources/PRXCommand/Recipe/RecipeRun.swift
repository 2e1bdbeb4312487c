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
        let choices = try pluginChoices(recipe.plugins)
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
        let executor = try built {
            try registry.makeExecutor(choices.executor.name, settings: choices.executor.settings, context: context)
        }
        var sources: [any TaskSource] = [recipe.makeSource(defaultTimeout: 600)]
        for use in choices.sources {
            sources.append(try built { try registry.makeSource(use.name, settings: use.settings, context: context) })
        }

        let reporter = recipe.makeErrorReporter { warnings.warn($0) }
        let outcome = LuaHookSink.Outcome()

        let assembly = RunAssembly(
            home: home, logFiles: logFiles, context: context, warnings: warnings, registry: registry,
            sinks: sinkSelections(settings: recipe.plugins.settings) + choices.sinks, jsonPath: options.jsonFile, workingDirectory: recipe.directory,
            workers: workers, startDelay: recipe.configuration.sleep ?? 0, arguments: arguments)
        try await assembly.run(
            source: sources.count == 1 ? sources[0] : ConcatenatedTaskSource(sources), executor: executor,
            stopPolicy: recipe.makeStopPolicy(reporter: reporter), stopLimits: recipe.stopLimits,
            extraSinks: [recipe.makeHookSink(reporter: reporter, outcome: outcome)],
            chosenExitStatus: { outcome.exitStatus })
    }

    /// The plugins a recipe chose, with its `prx.set` settings applied and every name and setting checked
    /// against the registry, so that a wrong one stops prx before anything runs — in a dry run too.
    private func pluginChoices(_ plugins: RecipePlugins) throws
        -> (executor: RunPlan.Selection, sources: [RunPlan.Selection], sinks: [RunPlan.Selection])
    {
        func selection(_ name: String, _ settings: [String: String], _ kind: PluginKind) throws -> RunPlan.Selection {
            let merged = settings.merging(plugins.settings[name] ?? [:]) { _, set in set }
            _ = try built { try PluginSettings(for: registry.descriptor(kind, named: name), merged) }
            return RunPlan.Selection(name: name, settings: merged)
        }
        let executor = try selection(plugins.executor ?? "local", [:], .executor)
        let sources = try plugins.sources.map { try selection($0.name, $0.settings, .source) }
        let sinks = try plugins.sinks.map { try selection($0.name, $0.settings, .sink) }
        let chosen = Set([executor.name] + sources.map(\.name) + sinks.map(\.name) + ["log", "csv", "output", "json"])
        if let stray = plugins.settings.keys.sorted().first(where: { !chosen.contains($0) }) {
            throw CommandFailure(
                message: "prx.set: no chosen plugin is called '\(stray)' (chosen: \(chosen.sorted().joined(separator: ", ")))")
        }
        return (executor, sources, sinks)
    }

    /// Flags mode's default sinks: the log, the CSV summary, the task output unless turned off, JSON with `--json`.
    /// `settings` are the recipe's `prx.set` assignments, applied on top.
    private func sinkSelections(settings: [String: [String: String]]) -> [RunPlan.Selection] {
        var sinks = [RunPlan.Selection(name: "log"), RunPlan.Selection(name: "csv")]
        if options.debug { sinks[0].settings["level"] = "DEBUG" }
        if !options.noTaskOutputLog { sinks.append(RunPlan.Selection(name: "output")) }
        if let json = options.jsonFile { sinks.append(RunPlan.Selection(name: "json", settings: ["path": json])) }
        return sinks.map { sink in
            RunPlan.Selection(name: sink.name, settings: sink.settings.merging(settings[sink.name] ?? [:]) { _, set in set })
        }
    }

    /// Prints each task in start order with its dependencies, and runs nothing.
    private func printDryRun(_ recipe: Recipe) {
        var output = recipe.dryRunLines().joined(separator: "\n")
        if !output.isEmpty { output += "\n" }
        output += "# dry run: \(recipe.graph.tasks.count) tasks; add -r to run them\n"
        FileHandle.standardOutput.write(Data(output.utf8))
    }
}
