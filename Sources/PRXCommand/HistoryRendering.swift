import Foundation
import PRXKernel
import PRXPlugins

/// How `prx history` shows runs and tasks: aligned text for people, JSON for machines.
enum HistoryRendering {
    /// One line per run: id, start (``localTime(_:)``), duration, tasks, succeeded, failures (FAILED: failed, timed
    /// out or could not start, as the summary report's `Failed:` counts them), state (``listedState(of:)``), command.
    /// When a run is another user's (``anotherUser(of:)``: a history others write to), the column USER after the id
    /// names each run's owner (``UserName/short(_:)``, `-` where not known).
    static func table(runs: [RunRecord]) -> String {
        guard !runs.isEmpty else { return "No runs in the history." }
        let owners = runs.contains { anotherUser(of: $0) != nil }
        let header = ["RUN"] + (owners ? ["USER"] : [])
            + ["START", "DURATION", "TASKS", "OK", "FAILED", "STATE", "COMMAND"]
        let rows = runs.map { run in
            [run.runID] + (owners ? [run.owner.map(UserName.short) ?? "-"] : []) + [
                run.startInstant.map(localTime) ?? "-",
                run.duration.map { String(format: "%.2fs", $0) } ?? "-",
                String(run.taskCount), String(run.counts.succeeded), String(run.counts.failures), listedState(of: run),
                ControlCharacterEscaping.escaped(run.commandLine),
            ]
        }
        var columns = Columns(header: header)
        rows.forEach { columns.measure($0) }
        return ([header] + rows).map(columns.line).joined(separator: "\n")
    }

    /// The owner of `run`'s journal when that is another user than the one prx runs as (its effective user); `nil`
    /// for the user's own run, and where the owner is not known.
    static func anotherUser(of run: RunRecord) -> uid_t? {
        run.owner.flatMap { $0 == geteuid() ? nil : $0 }
    }

    /// A run's state as the tables show it: `finished`, `interrupted`, `running`, …, with what else its end says in
    /// parentheses: `interrupted (after tasks)` for a signal that came once every task had ended (as prx stopped what
    /// tasks left running, or in a recipe's `on_done`: no task was stopped or cancelled), `finished (results lost)`
    /// for a run that finished without writing all its results (a log on a full disk, which its exit status 1 said),
    /// and `incomplete (interrupted, results lost)` for a run a signal interrupted whose journal lacks tasks besides
    /// (`incomplete (interrupted after tasks, …)` when the signal came once every task had ended).
    static func state(of run: RunRecord) -> String {
        var notes: [String] = []
        if run.interrupted && run.state != .interrupted {
            notes.append(run.interruptedAfterTasks ? "interrupted after tasks" : "interrupted")
        } else if run.interruptedAfterTasks {
            notes.append("after tasks")
        }
        if run.resultsLost { notes.append("results lost") }
        return notes.isEmpty ? run.state.rawValue : "\(run.state.rawValue) (\(notes.joined(separator: ", ")))"
    }

    /// A run's state as the table of runs shows it: ``state(of:)``, then `, resumed` for a run a later run resumed
    /// (``RunRecord/resumedBy``), `killed, resumed`, so that a script matching the state it had before the resumption
    /// (`killed`) still finds it, and one matching `, resumed` finds the runs whose resumption carries them on.
    static func listedState(of run: RunRecord) -> String {
        state(of: run) + (run.resumedBy == nil ? "" : ", resumed")
    }

    /// `date` in the local time of prx's time zone (`TZ`) with its offset from UTC, `2026-12-04 10:15:02 +0100`: one
    /// form for every run, whatever time zone each ran in, which tells the hours of a change of the clocks apart.
    static func localTime(_ date: Date) -> String {
        LocalTimeConverter.format(date, strftime: "%Y-%m-%d %H:%M:%S %z")
    }

    /// A run's start as `prx history` and `prx status` show it after "started": ``localTime(_:)``, or the journal's
    /// text as it is when that reads as no time.
    static func start(of run: RunRecord) -> String {
        run.startInstant.map(localTime) ?? run.startTime
    }

    /// The run `runID` in `history` with one line per task, each given to `write` as it is made: the journal is
    /// read twice, for the columns' widths and then for the lines, so that a run of a million tasks takes the
    /// memory of a few. A run whose executor reports placements has the columns JOB and HOST, its tasks' last
    /// placements (``RunRecord/TaskRecord/placement``), `-` where not known. Under the command, the run the run
    /// resumed (`Resumes: run ID`), why it halted, the results it lost, and the newest run that resumed it
    /// (`Resumed by: run ID`), each where there is one. Returns the run.
    @discardableResult
    static func table(
        tasksOf runID: String, in history: RunHistory, write: (String) -> Void
    ) throws(RunHistory.HistoryError) -> RunRecord {
        let placed = history.invocation(of: runID)?.reportsPlacements == true
        let header = placed ? placedTaskHeader : taskHeader
        var columns = Columns(header: header)
        let run = history.withResumptions(
            of: try history.forEachTask(of: runID) { columns.measure(cells(of: $0, placed: placed)) })
        let directory = run.invocation.shownWorkingDirectory
            ?? "an unknown directory (deleted before the run started)"
        let whose = anotherUser(of: run).map { ", by \(UserName.described($0))" } ?? ""
        write("Run \(run.runID): \(state(of: run)), started \(start(of: run)), in \(directory)\(whose)")
        write("Command: \(ControlCharacterEscaping.escaped(run.commandLine))")
        if let earlier = run.resumedFrom {
            write("Resumes: run \(earlier)")
        }
        if let reason = run.haltReason {
            write("Halted: \(ControlCharacterEscaping.escaped(reason))")
        }
        for error in run.sinkErrors {
            write("Results lost: \(ControlCharacterEscaping.escaped(error))")
        }
        if let later = run.resumedBy {
            write("Resumed by: run \(later)")
        }
        write("")
        write(columns.line(header))
        _ = try history.forEachTask(of: runID) { write(columns.line(cells(of: $0, placed: placed))) }
        return run
    }

    private static let taskHeader = ["ID", "STATUS", "EXIT", "DURATION", "ATTEMPTS", "TASK"]
    /// The header of a run whose executor reports placements.
    private static let placedTaskHeader = ["ID", "STATUS", "EXIT", "DURATION", "ATTEMPTS", "JOB", "HOST", "TASK"]

    /// A task's row: id, status, exit code as the summary CSV gives it (minus the signal's number when a signal
    /// ended the task, none for one stopped at its time limit), duration, attempts, when `placed` its last
    /// placement's job id and host, and its label (control characters escaped: a file's name may hold a line break,
    /// which made a row of its own).
    private static func cells(of task: RunRecord.TaskRecord, placed: Bool) -> [String] {
        let exit = task.status == TaskStatus.timeout.rawValue
            ? nil : task.exitCode.map(String.init) ?? task.signal.map { "-\($0)" }
        var cells = [
            String(task.id), task.status, exit ?? "-",
            task.duration.map { String(format: "%.2fs", $0) } ?? "-", String(task.attempts),
        ]
        if placed {
            cells += [task.placement?.jobID, task.placement?.host].map {
                $0.map(ControlCharacterEscaping.escaped) ?? "-"
            }
        }
        return cells + [ControlCharacterEscaping.escaped(task.label)]
    }

    /// A table's columns, each as wide as its widest cell, two spaces apart; the last column, as it is.
    struct Columns {
        private var widths: [Int]

        init(header: [String]) {
            widths = header.dropLast().map(\.count)
        }

        /// Widens the columns for `cells`.
        mutating func measure(_ cells: [String]) {
            for (column, cell) in cells.dropLast().enumerated() {
                widths[column] = max(widths[column], cell.count)
            }
        }

        /// The row of `cells`; a cell wider than its column was measured (a journal that grew between the
        /// measuring and the writing) pushes the rest of its row to the right.
        func line(_ cells: [String]) -> String {
            var line = ""
            for (column, cell) in cells.enumerated() {
                line += cell
                if column < widths.count {
                    line += String(repeating: " ", count: max(widths[column] - cell.count, 0) + 2)
                }
            }
            return line
        }
    }

    /// The runs as a JSON array.
    static func json(runs: [RunRecord]) -> String {
        encode(runs.map(summary))
    }

    /// The run `runID` in `history` with its tasks as a JSON object, given to `write` a task at a time: the journal
    /// is read twice, for the run's counts and then for the tasks. In a run whose executor reports placements, each
    /// task has its last placement's `job_id` and `host` (``RunRecord/TaskRecord/placement``), `null` where not known.
    /// Returns the run.
    @discardableResult
    static func json(
        tasksOf runID: String, in history: RunHistory, write: (String) -> Void
    ) throws(RunHistory.HistoryError) -> RunRecord {
        let run = history.withResumptions(of: try history.forEachTask(of: runID) { _ in })
        let placed = run.invocation.reportsPlacements
        var object = summary(of: run)
        object["tasks"] = nil
        // The object's members in the encoder's order and layout, "tasks" last, then its elements one by one.
        write(String(encode(object).dropLast(2)) + ",")
        write("  \"tasks\" : [")
        /// The last element, written once the next one (and so its comma) or the end is known.
        var previous: String?
        _ = try history.forEachTask(of: runID) { task in
            if let previous { write(previous + ",") }
            previous = jsonElement(task, placed: placed)
        }
        write(previous ?? "")
        write("  ]")
        write("}")
        return run
    }

    /// A task as an element of the `tasks` array, written as `JSONSerialization` writes it there (pretty, keys
    /// sorted, four spaces in), many times faster than it; when `placed`, with its placement's `job_id` and `host`.
    static func jsonElement(_ task: RunRecord.TaskRecord, placed: Bool = false) -> String {
        var members = [
            ("attempts", String(task.attempts)), ("duration", task.duration.map(jsonNumber) ?? "null"),
            ("exit_code", task.exitCode.map(String.init) ?? "null"), ("id", String(task.id)),
            ("key", jsonString(task.key)), ("label", jsonString(task.label)),
            ("signal", task.signal.map(String.init) ?? "null"), ("status", jsonString(task.status)),
        ]
        if placed {
            members += [
                ("host", task.placement?.host.map(jsonString) ?? "null"),
                ("job_id", task.placement?.jobID.map(jsonString) ?? "null"),
            ]
            members.sort { $0.0 < $1.0 }
        }
        return "    {\n" + members.map { "      \"\($0.0)\" : \($0.1)" }.joined(separator: ",\n") + "\n    }"
    }

    /// A number as `JSONSerialization` writes it: the shortest form that reads back the same, without `.0`.
    private static func jsonNumber(_ value: Double) -> String {
        let text = value.description
        return text.hasSuffix(".0") ? String(text.dropLast(2)) : text
    }

    /// A string as `JSONSerialization` writes it: quoted, with `"`, `\\`, `/` and the control characters escaped.
    private static func jsonString(_ text: String) -> String {
        // A scan of the bytes first: a label of megabytes took seconds a character at a time in a debug build.
        guard text.containsUTF8Byte(where: { $0 < 0x20 || $0 == UInt8(ascii: "\"") || $0 == UInt8(ascii: "\\")
            || $0 == UInt8(ascii: "/") })
        else { return "\"" + text + "\"" }
        var escaped = "\""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\"": escaped += "\\\""
            case "\\": escaped += "\\\\"
            case "/": escaped += "\\/"
            case "\n": escaped += "\\n"
            case "\r": escaped += "\\r"
            case "\t": escaped += "\\t"
            case "\u{8}": escaped += "\\b"
            case "\u{C}": escaped += "\\f"
            case "\u{0}"..."\u{1F}": escaped += ControlCharacterEscaping.jsonEscape(scalar)
            default: escaped.unicodeScalars.append(scalar)
            }
        }
        return escaped + "\""
    }

    /// A run's members: what it is, whose (`uid`, its journal's owner, and `user`, that user's name, each `null` where
    /// not known), the run it resumed and the newest run that resumed it (`resumed_from`, `resumed_by`, each `null`
    /// for none), and its counts as the `--json` summary line names them (one per status, `failures`;
    /// ``StatusCounts/names``), beside `tasks`, which counts its running and lost tasks too. The counts by status but
    /// `succeeded` are `null` where the journal does not say them (``RunCounts``), and `cwd_bytes` beside `cwd` when
    /// the directory's path is not UTF-8.
    private static func summary(of run: RunRecord) -> [String: Any] {
        var object: [String: Any] = [
            "run": run.runID, "start": run.startTime, "end": run.endTime as Any, "duration": run.duration as Any,
            "state": run.state.rawValue, "tasks": run.taskCount, StatusCounts.failuresName: run.counts.failures,
            "program": run.invocation.program, "arguments": run.invocation.arguments,
            "cwd": run.invocation.workingDirectory as Any,
            "sink_errors": run.sinkErrors, "interrupted": run.interrupted,
            "interrupted_after_tasks": run.interruptedAfterTasks, "halt_reason": run.haltReason as Any,
            "resumed_from": run.resumedFrom as Any, "resumed_by": run.resumedBy as Any,
            "uid": run.owner.map(Int.init) as Any, "user": run.owner.flatMap(UserName.name(of:)) as Any,
        ]
        for (status, name) in StatusCounts.names {
            let count = status == .success ? run.counts.succeeded : run.counts.byStatus?[status]
            object[name] = count as Any
        }
        // `cwd` holds U+FFFD for the bytes of a path that are not UTF-8, naming no directory: the bytes, as the
        // journal records them, are what a script enters.
        if let bytes = run.invocation.workingDirectoryBytes { object["cwd_bytes"] = bytes.map(Int.init) }
        return object
    }

    private static func encode(_ value: Any) -> String {
        let data = (try? JSONSerialization.data(
            withJSONObject: value, options: [.prettyPrinted, .sortedKeys, .fragmentsAllowed])) ?? Data("null".utf8)
        return String(decoding: data, as: UTF8.self)
    }
}
