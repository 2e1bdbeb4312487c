import Foundation
import PRXKernel

/// parallelr's end-of-run report, "Parallel Task Execution Summary", with what the run's events cannot tell
/// (paths, the workspace, the stop limits, prx's PID and worker count) filled in by the command.
///
/// ``render(_:)`` gives, for example:
/// ```text
/// Parallel Task Execution Summary
/// ===============================
/// Total Tasks: 100
/// Completed Successfully: 92
/// Failed: 6
/// Timed Out: 1
/// Cancelled: 2
/// Success Rate: 92.0%
///
/// Performance Statistics:
/// - Average Duration: 15.34s
/// - Maximum Duration: 45.12s
/// - Minimum Duration: 3.21s
/// - Average Memory Usage: 128.45MB
/// - Peak Memory Usage: 512.33MB
///
/// Directories:
/// - Working Dir: /home/me/prx/workspace
/// - Workspace Type: Shared
/// - Log Dir: /home/me/parallelr/logs
///
/// Auto-Stop Protection:
/// - Stop Limits: Enabled
/// - Max Consecutive Failures: 5
/// - Max Failure Rate: 50%
///
/// Log Files:
/// - Main Log: /home/me/parallelr/logs/parallelr_12345_29Sep25_143015.log (rotating)
/// - Summary: /home/me/parallelr/logs/parallelr_12345_29Sep25_143015_summary.csv (session-specific)
/// - Output: /home/me/parallelr/logs/parallelr_12345_29Sep25_143015_output.txt (enabled by default, disable with --no-task-output-log)
///
/// Process Info:
/// - Process ID: 12345
/// - Workers: 20
/// ```
/// Beyond parallelr's lines: `Failed` counts every task that failed, timed out or could not start, so that the counts
/// add up to the total as parallelr's do, and `Timed Out` says how many of them timed out; `Skipped: N` appears when
/// tasks were skipped; `Interrupted`, `Task Source Error` and `Output Error` lines appear when the run was cut short or
/// lost output (`Interrupted: yes (once every task had ended)` when the signal came as the run ended: as prx stopped
/// what tasks left running, or a recipe's or `--hook`'s `on_done` ran); each registered stop policy the run chose other
/// than the stop limits has a line after parallelr's, with its settings (`- Stop Policy: halt-after (results=3,
/// starts=0)`, ``stopPolicies``), and so does a `--stop-policy FILE.lua` (`- Stop Policy: policy.lua`), a recipe's
/// `stop_when` (`- Stop Policy: stop_when (recipe.lua)`) and its `on_error = "halt"` (`- Stop Policy: on_error=halt
/// (recipe.lua)`);
/// `- Halted: <reason>` appears when a stop policy halted the run; `- JSON: <path>`
/// when the run writes JSON Lines (`--json`, `--sink json`). A run writing several files of one kind (a recipe's
/// `prx.sink("csv", …)` beside the default summary) lists each, one line each. When the memory of no task was
/// measured (the local executor cannot tell a peak below prx's own from prx's, a remote one may measure none, or no
/// task ran), the two memory lines are one, in parallelr's words for a run without measurements and with prx's reason
/// after them: `- Memory/CPU monitoring: Not available (no task's peak was measured)`, so that a reader of
/// parallelr's report finds the phrase it knows and no 0.00MB figures that would be no task's. Durations are 0.00 when
/// no task ran. A main log is `(rotating)` only when it rotates (``RunLog/rotates``), where parallelr says so of every
/// one: not a FIFO or `/dev/null`, nor a log kept with a `backup_count` of 0. Each line is one: the control characters
/// of what it names (a halt reason, an error, a directory, a file, a stop policy's setting) are written as escapes
/// (``ControlCharacterEscaping``: `\n`, `\x1b`), as prx's warnings are, so that a `stop_when` reason's escape sequence
/// cannot act on the terminal.
public struct SummaryReport: Sendable {
    /// The directory tasks run in (the shared workspace, or the parent of the per-worker ones).
    public var workingDirectory: String
    /// The workspace type in parallelr's words: `Shared` or `Isolated per worker`.
    public var workspaceType: String
    /// The run's log directory.
    public var logDirectory: String
    /// The main logs the run writes (the default name, or each log sink's `path`), in the sinks' order; none
    /// without a log sink.
    public var mainLogs: [String]
    /// Those of ``mainLogs`` that rotate (``RunLog/rotates``), which the report marks `(rotating)`.
    public var rotatingLogs: Set<String>
    /// The CSV summaries the run writes (the default name, or each csv sink's `path`: a recipe's `prx.sink`s too),
    /// in the sinks' order; none without a csv sink.
    public var summaryCSVs: [String]
    /// The task output files the run writes (the default name, or each output sink's `path`), in the sinks' order;
    /// none without an output sink (`--no-task-output-log`).
    public var taskOutputs: [String]
    /// The JSON Lines files the run writes (each json sink's `path`: `--json`'s and a recipe's `prx.sink`s), in
    /// the sinks' order; none without a json sink.
    public var jsonPaths: [String]
    /// The files among ``mainLogs``, ``summaryCSVs``, ``taskOutputs`` and ``jsonPaths`` that a plugin's sink would
    /// write, registered in the place of a built-in (`csv`, say), as they were before the run: the report names each
    /// only if the run has written it as the report is made, since such a sink may write no file (its rows sent to a
    /// service), and a file there before the run and as it was then is none of the run's; the built-in's file is its
    /// run's own, which the sink is given (`csv.path`, or the run's own file in the log directory).
    public var listedOnlyIfWritten = PluginResultFiles()
    /// The files among ``summaryCSVs`` at a path a `csv.path` setting chose (`--set csv.path=…`, the configuration's
    /// `plugins:`, a recipe's `prx.set("csv.path", …)` or `prx.sink("csv", { path = … })`): one file for every run,
    /// emptied as each starts (a resumption adds to it), not named by the session as the run's own summary in the log
    /// directory is: listed without parallelr's `(session-specific)`, which is not true of them.
    public var summariesAtChosenPaths: Set<String> = []
    /// The files among ``taskOutputs`` that a recipe's own `prx.sink("output", …)` writes, beside the run's task
    /// output file or in place of the one `--no-task-output-log` turned off: listed without parallelr's `(enabled by
    /// default, disable with --no-task-output-log)`, which is not true of them. The run's own output file keeps it
    /// wherever `output.path` moves it: it is on by default, and that flag turns it off.
    public var recipesTaskOutputs: Set<String> = []
    /// The stop policies the run chose that the report names: the registered ones (`--stop-policy NAME`, a recipe's
    /// `prx.stop_policy`, the stop limits), the Lua files of `--stop-policy FILE.lua`, and a recipe's `stop_when` and
    /// `on_error = "halt"`, in the order it asks them:
    /// the one chosen as `stop-limits` is parallelr's stop limits, whatever plugin is registered under that name, and
    /// each other one has a line of its own. None when the stop limits are disabled and no other policy was chosen.
    public var stopPolicies: [ChosenStopPolicy]

    /// A stop policy the run chose, as the report names it.
    public enum ChosenStopPolicy: Sendable {
        /// A registered policy, with the settings it runs with, defaults included.
        case registered(PluginSettings)
        /// The `stop_when` of a Lua file, named as `--stop-policy` gave it (`policy.lua`).
        case luaFile(String)
        /// A recipe's `prx.stop_when`, with the recipe's name as messages give it (`recipe.lua`, `stdin`).
        case recipeStopWhen(recipe: String)
        /// A recipe's `prx.config{ on_error = "halt" }`, by which a Lua error in its hooks or `stop_when` halts the
        /// run, with the recipe's name as messages give it.
        case recipeHaltOnError(recipe: String)
    }
    /// prx's PID.
    public var processID: Int32
    /// The worker count.
    public var workers: Int
    /// The report's last line, after `- `: the run's identifier and how to read it back
    /// (`Run: 20261203-120000-42 (prx history 20261203-120000-42)`), or `nil` for none.
    public var runLine: String?

    /// Creates a report's settings.
    public init(
        workingDirectory: String,
        workspaceType: String,
        logDirectory: String,
        mainLogs: [String],
        rotatingLogs: Set<String>,
        summaryCSVs: [String],
        taskOutputs: [String],
        jsonPaths: [String] = [],
        stopPolicies: [ChosenStopPolicy],
        processID: Int32,
        workers: Int,
        runLine: String? = nil
    ) {
        self.workingDirectory = workingDirectory
        self.workspaceType = workspaceType
        self.logDirectory = logDirectory
        self.mainLogs = mainLogs
        self.rotatingLogs = rotatingLogs
        self.summaryCSVs = summaryCSVs
        self.taskOutputs = taskOutputs
        self.jsonPaths = jsonPaths
        self.stopPolicies = stopPolicies
        self.processID = processID
        self.workers = workers
        self.runLine = runLine
    }

    /// `files` but those of ``listedOnlyIfWritten`` that the run has not written.
    ///
    /// The corresponding C function is `stat` (for each of ``listedOnlyIfWritten`` among them alone).
    private func written(_ files: [String]) -> [String] {
        listedOnlyIfWritten.written(files)
    }

    /// The report for `summary`, one line per `\n` (each with its control characters as escapes), ending in a
    /// newline.
    public func render(_ summary: RunSummary) -> String {
        let totals = summary.statistics
        var lines = [
            "Parallel Task Execution Summary",
            "===============================",
            "Total Tasks: \(totals.finished)",
            "Completed Successfully: \(totals.succeeded)",
            "Failed: \(totals.failed + totals.timedOut + totals.errored)",
            "Timed Out: \(totals.timedOut)",
            "Cancelled: \(totals.cancelled)",
        ]
        if totals.skipped > 0 { lines.append("Skipped: \(totals.skipped)") }
        lines.append("Success Rate: \(fixedDecimal(totals.successRatePercent, 1))%")
        switch summary.interruption {
        case .whileTasksRan: lines.append("Interrupted: yes (running tasks were stopped, the rest cancelled)")
        case .afterTasksEnded: lines.append("Interrupted: yes (once every task had ended)")
        case nil: break
        }
        if let error = summary.sourceError { lines.append("Task Source Error: \(error)") }
        lines += summary.sinkErrors.map { "Output Error: \($0)" }

        lines += [
            "",
            "Performance Statistics:",
            "- Average Duration: \(fixedDecimal(totals.averageDuration ?? 0, 2))s",
            "- Maximum Duration: \(fixedDecimal(totals.maxDuration ?? 0, 2))s",
            "- Minimum Duration: \(fixedDecimal(totals.minDuration ?? 0, 2))s",
        ]
        if totals.memorySamples == 0 {
            lines.append("- Memory/CPU monitoring: Not available (no task's peak was measured)")
        } else {
            lines.append("- Average Memory Usage: \(fixedDecimal(totals.averageMemoryMB ?? 0, 2))MB")
            lines.append("- Peak Memory Usage: \(fixedDecimal(totals.peakMemoryMB ?? 0, 2))MB")
        }

        lines += [
            "",
            "Directories:",
            "- Working Dir: \(workingDirectory)",
            "- Workspace Type: \(workspaceType)",
            "- Log Dir: \(logDirectory)",
            "",
            "Auto-Stop Protection:",
        ]
        lines += autoStopLines
        if let reason = summary.haltReason { lines.append("- Halted: \(reason)") }

        lines += ["", "Log Files:"]
        lines += Self.lines("- Main Log: ", written(mainLogs), none: "none") {
            rotatingLogs.contains($0) ? " (rotating)" : ""
        }
        lines += Self.lines("- Summary: ", written(summaryCSVs), none: "none") { file in
            summariesAtChosenPaths.contains(file) ? "" : " (session-specific)"
        }
        // An output sink that writes no file is none, not a file turned off.
        let outputsNone = taskOutputs.isEmpty ? "disabled (--no-task-output-log)" : "none"
        lines += Self.lines("- Output: ", written(taskOutputs), none: outputsNone) { file in
            recipesTaskOutputs.contains(file) ? "" : " (enabled by default, disable with --no-task-output-log)"
        }
        lines += written(jsonPaths).map { "- JSON: \($0)" }

        lines += [
            "",
            "Process Info:",
            "- Process ID: \(processID)",
            "- Workers: \(workers)",
        ]
        if let runLine { lines.append("- " + runLine) }
        return lines.map(ControlCharacterEscaping.escaped).joined(separator: "\n") + "\n"
    }

    /// The Auto-Stop section's lines before `- Halted:`: parallelr's for the stop limits (`- Stop Limits: Enabled`,
    /// then `- Max Consecutive Failures: 5` and `- Max Failure Rate: 50%`, each when the policy chosen as `stop-limits`
    /// has that setting), then `- Stop Policy: NAME (KEY=VALUE, …)` for each other registered policy, its settings in
    /// the order it declares them, each value as given or defaulted (a list in `--set`'s form), those without one, or
    /// with an empty one, left out, `- Stop Policy: FILE.lua` for a Lua file's, and `- Stop Policy: stop_when
    /// (RECIPE)` and `- Stop Policy: on_error=halt (RECIPE)` for a recipe's own, in the order the run asks them.
    private var autoStopLines: [String] {
        let limitsName = BuiltinPlugins.stopLimits.name
        let limits = stopPolicies.lazy.compactMap { policy -> PluginSettings? in
            guard case .registered(let settings) = policy, settings.descriptor.name == limitsName else { return nil }
            return settings
        }.first
        var lines = ["- Stop Limits: " + (limits == nil ? "Disabled" : "Enabled")]
        if let consecutive = limits?.integer("max_consecutive_failures") {
            lines.append("- Max Consecutive Failures: \(consecutive)")
        }
        if let rate = limits?.number("max_failure_rate") {
            lines.append("- Max Failure Rate: \(percentageAsSet(rate))%")
        }
        for policy in stopPolicies {
            switch policy {
            case .registered(let policy) where policy.descriptor.name != limitsName:
                let settings = policy.descriptor.settings.compactMap { setting in
                    policy.value(setting.name).flatMap { $0.isEmpty ? nil : "\(setting.name)=\($0)" }
                }
                lines.append(
                    "- Stop Policy: \(policy.descriptor.name)"
                        + (settings.isEmpty ? "" : " (\(settings.joined(separator: ", ")))"))
            case .registered:
                continue
            case .luaFile(let file):
                lines.append("- Stop Policy: \(file)")
            case .recipeStopWhen(let recipe):
                lines.append("- Stop Policy: stop_when (\(recipe))")
            case .recipeHaltOnError(let recipe):
                lines.append("- Stop Policy: on_error=halt (\(recipe))")
            }
        }
        return lines
    }

    /// One line `label` + file + its `note` for each of `files`, or the one line `label` + `none` when there is none.
    private static func lines(
        _ label: String, _ files: [String], none: String, note: (_ file: String) -> String
    ) -> [String] {
        files.isEmpty ? [label + none] : files.map { label + $0 + note($0) }
    }
}
