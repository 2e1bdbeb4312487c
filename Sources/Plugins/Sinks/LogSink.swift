import PRXKernel

/// Writes a run's events to the main log (``RunLog``) in parallelr's words.
///
/// | Event | Level | Message |
/// |---|---|---|
/// | run started | INFO | `Starting parallel execution`, `Workers: 4` |
/// | task started | INFO | `Worker N: Starting task <label>` (and `Worker N: Command: <command>` at DEBUG) |
/// | task placed | INFO | `Task placed: <label> - job 81234 on c017` (`Task attempt 2 placed: …` for a retry) |
/// | success | INFO | `Task completed: <label>` (`Task completed: <label> after 3 attempts` when retried) |
/// | failed | WARNING | `Task failed: <label> - Exit code 2`, `Task failed: <label> - killed by signal 9 (SIGKILL)` |
/// | timed out | WARNING | `Task timed out after 45s: <label>`, `Task timed out: <label> - no heartbeat for 5s`, |
/// | | | `Task timed out: <label> - Timeout after 45s; not retried: run interrupted` |
/// | could not start | ERROR | `Task failed: <label> - <message>` |
/// | cancelled while running | WARNING | `Task cancelled: <label> - terminated: run interrupted` |
/// | cancelled before starting | DEBUG | `Task cancelled: <label> - <message>` |
/// | cancelled after its start line, before its command started | WARNING | `Task cancelled: <label> - <message>` |
/// | attempt failed, retried | WARNING | `Task attempt 1 failed: <label> - Exit code 2; retrying` |
/// | skipped | INFO | `Task skipped: <label> - <message>` |
/// | run halted | ERROR | `Auto-stop: <reason>`, as the stop policy decides it |
/// | run finished | ERROR | `Task source failed: …`, `Output failed: …` |
/// | run finished | WARNING | `Run interrupted: …` |
/// | run finished | INFO | `Execution completed: {'total': 12, 'completed': 10, 'failed': 1, 'cancelled': 1}` |
///
/// The words are parallelr's where it has the event (`Task failed: … - Exit code 2`, `Task timed out after 45s: …`,
/// `Auto-stop: 5 consecutive failures (limit: 5)`, the `Execution completed` line with Python's dict, where `failed`
/// counts every failure and `cancelled` the cancelled tasks; a run with skipped tasks, which parallelr has not, adds
/// `'skipped': 2` after `cancelled`, so that the line of a run parallelr could have made is parallelr's). A task's
/// lines show the thread of the slot that ran it, as Python's thread pool names it (worker 1's is
/// `ThreadPoolExecutor-0_0`); run-level lines, and tasks that never started, show `MainThread`. The final line of a
/// retried task says how many attempts ran (`Task failed: <label> after 3 attempts - Exit code 75`). A result without
/// a message of its own (from an executor that gives none) is described by how it ended.
///
/// parallelr has no word for where a task runs: an executor that reports it while the task runs (a cluster's, as the
/// job is queued and as it starts: ``Executor/reportsPlacements``) has a `Task placed` line per report, naming what
/// it knows (`job 81234`, then `job 81234 on c017`; `on c017` for a host alone). The local executor does not report,
/// so a local run's log has none.
///
/// Each event's line is one line: the control characters of what it names (a task's label, its message, a halt
/// reason, an error) are written as escapes (``ControlCharacterEscaping``: `\n`, `\x1b`) by the log, as every line
/// of it is, where parallelr wrote them raw: an escape sequence in a `stop_when` reason or a `cmd` function's error
/// acted on the terminal of a person reading the log, and a line break in a file's name started a line of its own.
///
/// The lines wait in the log until the scheduler's ``flush()`` at the end of its turn, and a turn's lines take one
/// `write`.
///
/// Tasks cancelled before they started are logged at DEBUG only: after a halt there may be a million of them,
/// and the summary counts them. One whose `Starting task` line was written (an interruption, or a halt that stops
/// running tasks, came as the sinks were told of its start, while a recipe's `on_start` ran) has started, on its
/// worker, as the CSV summary and the journal say, though its command did not: its end is logged as a running
/// task's is, at WARNING on its worker's thread, so that no start line is left without an end.
public struct LogSink: MainLogSink {
    /// The main log this sink writes to, shared with the command for its own warnings.
    public let log: RunLog
    /// The start of each worker's `Starting task` lines (`Worker 2: Starting task `), by worker slot, made once: the
    /// line is logged for every task.
    private var startingTaskHeads: [String] = []

    /// The most worker slots whose ``startingTaskHeads`` are kept; a start line of a slot past them makes its own.
    private static let workersWithKeptHeads = 4096

    /// Creates a sink that writes to `log`.
    public init(log: RunLog) {
        self.log = log
    }

    public func flush() throws {
        try log.flush()
    }

    /// Logs one line, held for the scheduler's ``flush()`` (the message is built only when `level` is logged).
    private func write(_ level: LogLevel, _ message: @autoclosure () -> String, worker: Int = 0) throws {
        try log.log(level, message(), worker: worker, deferred: true)
    }

    /// Logs one line of `head`, the sink's own words, and `text`, a name it reports
    /// (``RunLog/log(_:_:then:worker:deferred:)``), held for the scheduler's ``flush()``.
    private func write(_ level: LogLevel, _ head: String, then text: String, worker: Int) throws {
        try log.log(level, head, then: text, worker: worker, deferred: true)
    }

    /// `Worker 2: Starting task `, the start of `worker`'s `Starting task` lines.
    private mutating func startingTaskHead(of worker: Int) -> String {
        guard worker >= 0, worker < Self.workersWithKeptHeads else { return "Worker \(worker): Starting task " }
        while startingTaskHeads.count <= worker {
            startingTaskHeads.append("Worker \(startingTaskHeads.count): Starting task ")
        }
        return startingTaskHeads[worker]
    }

    public mutating func receive(_ event: RunEvent) throws {
        switch event {
        case .runStarted(let info):
            try write(.info, "Starting parallel execution")
            try write(.info, "Workers: \(info.maxInFlight)")
        case .taskStarted(let start):
            try write(.info, startingTaskHead(of: start.workerID), then: start.task.label, worker: start.workerID)
            try write(
                .debug, "Worker \(start.workerID): Command: \(start.task.commandLine)",
                worker: start.workerID)
        case .taskPlaced(let placement):
            try write(.info, Self.placementMessage(of: placement), worker: placement.workerID)
        case .attemptFailed(let result):
            try write(
                .warning,
                Self.finishMessage(of: result, verb: "attempt \(result.attempts) failed", label: result.task.label)
                    + "; retrying",
                worker: result.workerID)
        case .taskFinished(let result):
            try logFinish(of: result)
        case .runHalted(let reason):
            try write(.error, "Auto-stop: \(reason)")
        case .runFinished(let summary):
            try logEnd(of: summary)
            try log.checkStillNamed()
        }
    }

    /// Logs how `result` ended.
    private func logFinish(of result: TaskResult) throws {
        let label = Self.labelWithAttempts(of: result)
        let level: LogLevel
        let verb: String
        switch result.status {
        case .success:
            try write(.info, "Task completed: ", then: label, worker: result.workerID)
            return
        case .timeout:
            // parallelr's line names the limit alone: a message that says more (a retry a halt kept from running)
            // is written whole.
            if let message = result.message, message.hasPrefix(Self.timeoutPrefix), !message.contains("; ") {
                let limit = message.dropFirst(Self.timeoutPrefix.count)
                try write(.warning, "Task timed out after \(limit): \(label)", worker: result.workerID)
                return
            }
            (level, verb) = (.warning, "timed out")
        case .failed:
            (level, verb) = (.warning, "failed")
        case .error:
            (level, verb) = (.error, "failed")
        case .cancelled where result.startTime == nil:
            (level, verb) = (.debug, "cancelled")
        case .cancelled:
            (level, verb) = (.warning, "cancelled")
        case .skipped:
            (level, verb) = (.info, "skipped")
        }
        try write(level, Self.finishMessage(of: result, verb: verb, label: label), worker: result.workerID)
    }

    /// The line of `placement`: `Task placed: <label> - job 81234 on c017`, the attempt named for a retry.
    private static func placementMessage(of placement: TaskPlacement) -> String {
        let verb = placement.attempt > 1 ? "attempt \(placement.attempt) placed" : "placed"
        let place = [placement.jobID.map { "job \($0)" }, placement.host.map { "on \($0)" }].compactMap { $0 }
        return "Task \(verb): \(placement.task.label) - "
            + (place.isEmpty ? "job and host not known" : place.joined(separator: " "))
    }

    /// How a time limit's result message starts (`Timeout after 45s`), which parallelr's log line turns around.
    private static let timeoutPrefix = "Timeout after "

    private static func labelWithAttempts(of result: TaskResult) -> String {
        result.retriedNote.map { "\(result.task.label) \($0)" } ?? result.task.label
    }

    private static func finishMessage(of result: TaskResult, verb: String, label: String) -> String {
        "Task \(verb): \(label) - " + (result.message.flatMap { $0.isEmpty ? nil : $0 } ?? ending(of: result))
    }

    /// How a result without a message ended.
    private static func ending(of result: TaskResult) -> String {
        switch result.termination {
        case .exited(let code): "Exit code \(code)"
        case .signaled(let signal): "killed by signal \(signal)"
        case nil: "status \(result.status.rawValue)"
        }
    }

    private func logEnd(of summary: RunSummary) throws {
        if summary.interrupted {
            try write(.warning, "Run interrupted: running tasks were stopped and the rest cancelled")
        }
        if let error = summary.sourceError {
            try write(.error, "Task source failed: \(error)")
        }
        for error in summary.sinkErrors {
            try write(.error, "Output failed: \(error)")
        }
        let totals = summary.statistics
        // parallelr has no skipped tasks: their count is added only when there are some, so that a run parallelr
        // could have made has parallelr's line.
        let skipped = totals.skipped > 0 ? ", 'skipped': \(totals.skipped)" : ""
        try write(
            .info,
            "Execution completed: {'total': \(totals.finished), 'completed': \(totals.succeeded), "
                + "'failed': \(totals.failures), 'cancelled': \(totals.cancelled)\(skipped)}"
        )
    }
}
