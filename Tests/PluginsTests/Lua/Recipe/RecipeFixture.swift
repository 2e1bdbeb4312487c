import Foundation
import PRXKernel
@testable import PRXPlugins
import PRXTesting

/// A recipe written into a temporary directory, loaded, and run through the scheduler as `prx run` assembles it.
struct RecipeFixture {
    let directory: TemporaryDirectory

    init() throws {
        directory = try TemporaryDirectory()
    }

    /// Writes `text` as `recipe.lua` (plus `files`) and loads it.
    func load(_ text: String, files: [String: String] = [:], arguments: [String] = []) throws -> Recipe {
        for (name, contents) in files {
            try directory.write(name, contents)
        }
        return try Recipe(path: try directory.write("recipe.lua", text), arguments: arguments)
    }

    /// What a run left: the summary, every event, the warnings, and `on_done`'s status.
    struct Run {
        var summary: RunSummary
        var log: EventLog
        var warnings: [String]
        var exitStatus: Int32?

        /// Each task's final status by name.
        var statuses: [String: TaskStatus] {
            Dictionary(uniqueKeysWithValues: log.results.map { ($0.task.label, $0.status) })
        }
    }

    /// Runs `recipe` on `executor` with its source, stop policy and hook sink.
    func run(_ recipe: Recipe, executor: any Executor, workers: Int = 4) async -> Run {
        let log = EventLog()
        let warnings = WarningList()
        let reporter = recipe.makeErrorReporter { warnings.append($0) }
        let outcome = LuaHookSink.Outcome()
        let scheduler = Scheduler(configuration: SchedulerConfiguration(maxInFlight: workers), executor: executor)
        let summary = await scheduler.run(
            source: recipe.makeSource(defaultTimeout: nil),
            sinks: [RecordingSink(log: log), recipe.makeHookSink(reporter: reporter, outcome: outcome)],
            stopPolicy: FirstHaltingStopPolicy.combining(recipe.stopPolicies(
                reporter: reporter, registered: recipe.configuration.stopLimits == true ? [StopLimitsPolicy()] : [])))
        return Run(summary: summary, log: log, warnings: warnings.items, exitStatus: outcome.exitStatus)
    }

    /// An executor that fails tasks whose program is `false` (exit 1) and `fail75` (exit 75); every task prints
    /// `out <name>`.
    static let scripted = ScriptedExecutor { task in
        switch task.argv.first {
        case "false": .init(exitCode: 1)
        case "fail75": .init(exitCode: 75)
        default: .init()
        }
    }

    /// `error`'s text, with the temporary directory taken out of its paths.
    func relative(_ error: any Error) -> String {
        relative("\(error)")
    }

    /// `text` with the temporary directory taken out of its paths.
    func relative(_ text: String) -> String {
        text.replacingOccurrences(of: directory.path + "/", with: "")
    }

    func remove() {
        directory.remove()
    }
}

/// Warnings collected by a test.
final class WarningList {
    private(set) var items: [String] = []
    func append(_ warning: String) { items.append(warning) }
}
