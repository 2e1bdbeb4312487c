/// How many tasks ended with each final status: a run's totals (``RunStatistics/counts``), or a past run's as its
/// journal tells them.
public struct StatusCounts: Sendable, Hashable {
    /// Tasks that ended ``TaskStatus/success``.
    public var succeeded = 0
    /// Tasks that ended ``TaskStatus/failed``: they ran and exited non-zero, or a signal not from prx ended them.
    public var failed = 0
    /// Tasks that ended ``TaskStatus/timeout``.
    public var timedOut = 0
    /// Tasks that ended ``TaskStatus/error``: they could not start.
    public var errored = 0
    /// Tasks that ended ``TaskStatus/cancelled``.
    public var cancelled = 0
    /// Tasks that ended ``TaskStatus/skipped``.
    public var skipped = 0

    /// No tasks.
    public init() {}

    /// The count of tasks that ended with `status`.
    public subscript(status: TaskStatus) -> Int {
        get {
            switch status {
            case .success: succeeded
            case .failed: failed
            case .timeout: timedOut
            case .error: errored
            case .cancelled: cancelled
            case .skipped: skipped
            }
        }
        set {
            switch status {
            case .success: succeeded = newValue
            case .failed: failed = newValue
            case .timeout: timedOut = newValue
            case .error: errored = newValue
            case .cancelled: cancelled = newValue
            case .skipped: skipped = newValue
            }
        }
    }

    /// Failures of any kind (``TaskStatus/isFailure``): failed, timed out, could not start.
    public var failures: Int {
        Self.failureStatuses.reduce(0) { $0 + self[$1] }
    }

    /// The statuses that are failures, found once: a stop policy asks for ``failures`` after each task.
    private static let failureStatuses = TaskStatus.allCases.filter(\.isFailure)
}
