import Foundation
import PRXKernel
import PRXPlugins

/// How `prx status` shows one live run.
enum StatusRendering {
    /// The run's header line, its start as `prx history` shows it (``HistoryRendering/start(of:)``), the tasks
    /// finished, running and, when the run knew how many it had (``RunInvocation/taskTotal``), waiting (not started
    /// yet: for a worker, or for their dependencies in a recipe), or else why a stop policy halted it once one did
    /// (its running tasks finish, and no task starts any more), and one line
    /// per running task, in a run whose executor reports placements with where the task runs before its name
    /// (``placement(_:)``), the attempt after its time running when it is a retry, and, in place of its time running
    /// and its place, how long a task has waited to run again since an attempt failed
    /// (``RunRecord/TaskRecord/retryWaitSince``); another user's run (``HistoryRendering/anotherUser(of:)``) with
    /// its owner beside its PID, `(PID 4242, user mallory, uid 1001)`; `run` as ``RunHistory/runs()`` lists it,
    /// with only the tasks still running. The command line, task names, job ids and hosts show their control
    /// characters as escapes (``ControlCharacterEscaping``), as `prx history` does: a line break could fake a line, an
    /// escape sequence act on the terminal; a task's feedback shows them as JSON's escapes
    /// (``FeedbackJSON/renderForALine(_:)``).
    static func render(_ run: RunRecord, now: Date) -> String {
        let running = run.runningTasks
        let finished = run.taskCount - running.count
        let halt = run.haltReason.map { ", halted: \(ControlCharacterEscaping.escaped($0))" }
        let waiting = run.invocation.taskTotal.map { total in ", \(max(total - run.taskCount, 0)) waiting" }
        let whose = HistoryRendering.anotherUser(of: run).map { owner in
            (UserName.name(of: owner).map { ", user \($0)" } ?? "") + ", uid \(owner)"
        }
        var lines = [
            "Run \(run.runID) (PID \(run.invocation.processID)\(whose ?? "")), "
                + "started \(HistoryRendering.start(of: run)): "
                + "\(finished) finished, \(running.count) running\(halt ?? waiting ?? "") — "
                + ControlCharacterEscaping.escaped(run.commandLine)
        ]
        let heartbeat = run.invocation.configuration["heartbeat_timeout"].flatMap(PythonNumberText.decimal)
        let directory = run.invocation.configuration["feedback_dir"]
        let placed = run.invocation.reportsPlacements
        for task in running {
            var line: String
            if let failed = task.retryWaitSince {
                // No attempt runs: the last one's time, place and feedback file's age say nothing of the task now.
                line = "  \(task.id)  waiting to retry \(elapsed(since: failed, now: now)) "
                    + "(attempt \(task.attempts) failed)  "
            } else {
                line = "  \(task.id)  running \(elapsed(since: task.startTime, now: now))"
                line += task.attempts > 1 ? " (attempt \(task.attempts))  " : "  "
                if placed { line += placement(task.placement) + "  " }
            }
            line += ControlCharacterEscaping.escaped(task.label)
            if let directory {
                let file = FeedbackFile(directory: directory, taskID: TaskID(task.id))
                // The file of a task waiting to retry is its failed attempt's, which no process writes any more.
                if task.retryWaitSince == nil { line += band(of: file, heartbeat: heartbeat, now: now) }
                if let feedback = try? file.read(), !feedback.isEmpty {
                    line += "  " + FeedbackJSON.renderForALine(feedback)
                }
            }
            lines.append(line)
        }
        return lines.joined(separator: "\n")
    }

    /// `  [running]`, `  [silent]` or `  [stalled]` by the age of a running task's feedback `file`
    /// (``HeartbeatState``), `  [missing]` when it is gone or something other than a regular file is in its place,
    /// nothing when it cannot be told.
    private static func band(of file: FeedbackFile, heartbeat: Double?, now: Date) -> String {
        do {
            let changed = try file.lastModified()
            let state = HeartbeatState.classify(sinceUpdate: now.timeIntervalSince(changed), timeout: heartbeat)
            return "  [\(state.rawValue)]"
        } catch where error.fileIsNotThere {
            // Gone with the file are its times, and its directory's change with every attempt's new file: how long ago
            // it went is not known, so no state is guessed. A FIFO's or a device's times are no feedback's: its end
            // records no feedback of it, and `prx feedback` shows `{}`, as for a file that is gone.
            return "  [missing]"
        } catch {
            return FileManager.default.fileExists(atPath: file.path) ? "" : "  [missing]"
        }
    }

    /// Where a running task's attempt runs, as its executor last reported it: `job 81234 on c017`, and what the
    /// executor did not say yet: `job 81234, host not known yet` (a job still queued), `on c017, job id not known`,
    /// `job and host not known`; `not placed yet` before its first report.
    static func placement(_ placement: RunRecord.Placement?) -> String {
        guard let placement else { return "not placed yet" }
        let jobID = placement.jobID.map(ControlCharacterEscaping.escaped)
        let host = placement.host.map(ControlCharacterEscaping.escaped)
        switch (jobID, host) {
        case let (jobID?, host?): return "job \(jobID) on \(host)"
        case let (jobID?, nil): return "job \(jobID), host not known yet"
        case let (nil, host?): return "on \(host), job id not known"
        case (nil, nil): return "job and host not known"
        }
    }

    private static func elapsed(since start: String?, now: Date) -> String {
        guard let start, let microseconds = JournalTime.microseconds(ofJournalTime: start) else { return "?" }
        return String(format: "%.1fs", now.timeIntervalSince1970 - Double(microseconds) / 1_000_000)
    }
}
