import PRXKernel

/// Writes a run's events to the main log (``RunLog``) in parallelr's words.
///
/// | Event | Level | Message |
/// |---|---|---|
/// | run started | INFO | `Starting parallel execution`, `Workers: 4` |
/// | task started | INFO | `Worker N: Starting task <label>` (and `Worker N: Command: <command>` at DEBUG) |
/// | success | INFO | `Task completed: <label>` (`Task completed: <label> after 3 attempts` when retried) |
/// | failed, timed out | WARNING | `Task failed: <label> - status FAILED, exit code 2: <message>` |
/// | could not start | ERROR | `Task failed: <label> - status ERROR: <message>` |
/// | cancelled while running | WARNING | `Task cancelled: <label> - status CANCELLED, killed by signal 15: …` |
/// | cancelled before starting | DEBUG | `Task cancelled: <label> - status CANCELLED: <message>` |
/// | attempt failed, retried | WARNING | `Task attempt 1 failed: <label> - status FAILED, …; retrying` |
/// | skipped | INFO | `Task skipped: <label> - status SKIPPED: <message>` |
/// | run finished | ERROR | `Auto-stop: run halted: <reason>`, `Task source failed: …`, `Output failed: …` |
/// | run finished | WARNING | `Run interrupted: …` |
/// | run finished | INFO | `Execution completed: total 12, succeeded 10, failed 1, … in 3.25s` |
///
/// A task's lines show the thread of the slot that ran it, as Python's thread pool names it (worker 1's is
/// `ThreadPoolExecutor-0_0`); run-level lines, and tasks that never
/// started, show `MainThread`. The final line of a retried task says how many attempts ran
/// (`Task failed: <label> after 3 attempts - status FAILED, exit code 75`). The exit code part reads
/// `killed by signal N` when a signal ended the task, and is absent when it never ran.
///
/// The lines wait in the log until the scheduler's ``flush()`` at the end of its turn, and a turn's lines take one
/// `write`.
///
/// Tasks cancelled before they started are logged at DEBUG only: after a halt there may be a million of them,
/// and the summary counts them.
public struct LogSink: Sink {
    /// The main log this sink writes to, shared with the command for its own warnings.
    public let log: RunLog

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

    public mutating func receive(_ event: RunEvent) throws {
        switch event {
        case .runStarted(let info):
            try write(.info, "Starting parallel execution")
            try write(.info, "Workers: \(info.maxInFlight)")
        case .taskStarted(let start):
            try write(.info, "Worker \(start.workerID): Starting task \(start.task.label)", worker: start.workerID)
            try write(
                .debug, "Worker \(start.workerID): Command: \(ShellWords.join(start.task.argv))",
                worker: start.workerID)
        case .attemptFailed(let result):
            try write(
                .warning,
                Self.finishMessage(of: result, verb: "attempt \(result.attempts) failed", label: result.task.label)
                    + "; retrying",
                worker: result.workerID)
        case .taskFinished(let result):
            try logFinish(of: result)
        case .runFinished(let summary):
            try logEnd(of: summary)
        }
    }

    private func logFinish(of result: TaskResult) throws {
        let ran = result.startTime != nil
        let level: LogLevel
        let verb: String
        switch result.status {
        case .success:
            try write(.info, "Task completed: \(Self.labelWithAttempts(of: result))", worker: result.workerID)
            return
        case .failed, .timeout:
            (level, verb) = (.warning, "failed")
        case .error:
            (level, verb) = (.error, "failed")
        case .cancelled:
            (level, verb) = (ran ? .warning : .debug, "cancelled")
        case .skipped:
            (level, verb) = (.info, "skipped")
        }
        try write(
            level, Self.finishMessage(of: result, verb: verb, label: Self.labelWithAttempts(of: result)),
            worker: result.workerID)
    }

    private static func labelWithAttempts(of result: TaskResult) -> String {
        result.retriedNote.map { "\(result.task.label) \($0)" } ?? result.task.label
    }

    private static func finishMessage(of result: TaskResult, verb: String, label: String) -> String {
        var message = "Task \(verb): \(label) - status \(result.status.rawValue)"
        switch result.termination {
        case .exited(let code): message += ", exit code \(code)"
        case .signaled(let signal): message += ", killed by signal \(signal)"
        case nil: break
        }
        if let text = result.message, !text.isEmpty {
            message += ": \(text)"
        }
        return message
    }

    private func logEnd(of summary: RunSummary) throws {
        if let reason = summary.haltReason {
            try write(.error, "Auto-stop: run halted: \(reason)")
        }
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
        let elapsed = summary.endTime.timeIntervalSince(summary.startTime)
        try write(
            .info,
            "Execution completed: total \(totals.finished), succeeded \(totals.succeeded), failed \(totals.failed), "
                + "timed out \(totals.timedOut), errors \(totals.errored), cancelled \(totals.cancelled), "
                + "skipped \(totals.skipped) in \(fixedDecimal(elapsed, 2))s"
        )
    }
}
