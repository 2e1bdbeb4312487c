/// How a task ended.
///
/// The raw values are the words written to logs and summaries (`SUCCESS`, `FAILED`, …).
public enum TaskStatus: String, Sendable, Hashable, CaseIterable, Codable {
    /// The task ran and exited with status 0.
    case success = "SUCCESS"
    /// The task ran and exited non-zero, or was ended by a signal it did not get from prx.
    case failed = "FAILED"
    /// The task ran past its time limit and was terminated.
    case timeout = "TIMEOUT"
    /// The task never started because the run halted, or it was stopped by a halt or a signal to prx.
    case cancelled = "CANCELLED"
    /// The task could not start: the program was not found, an argument was too long, a file too large.
    case error = "ERROR"
    /// The task did not run because a task it depends on did not succeed; reported once all its dependencies have
    /// ended.
    case skipped = "SKIPPED"

    /// Whether this outcome counts as a failure for stop policies and the exit code.
    ///
    /// Cancelled and skipped tasks are consequences of other outcomes, not failures of their own.
    public var isFailure: Bool {
        switch self {
        case .failed, .timeout, .error: true
        case .success, .cancelled, .skipped: false
        }
    }
}
