import PRXKernel

/// A past run's counts of tasks as its journal tells them: a count per final status, or, for a running or killed run
/// whose journal an older prx wrote, its successes and failures alone.
///
/// Such a run is counted from its journal's last `run_progress` line and the task lines after it, as any running or
/// killed run is (the journal read whole would cost a second and more at a million tasks, on every `prx history`),
/// and an older prx's progress line counts `succeeded` and every failure (its `failed`), not each status: those
/// counts are exact, the split of the tasks before the line is not known.
public struct RunCounts: Sendable, Hashable {
    /// Tasks that ended SUCCESS.
    public let succeeded: Int
    /// Tasks that failed, timed out or could not start (``PRXKernel/StatusCounts/failures``): `prx history`'s FAILED
    /// column.
    public let failures: Int
    /// The tasks by final status; `nil` when the journal does not say them (a running or killed run of an older prx).
    public let byStatus: StatusCounts?

    /// The counts `byStatus` holds.
    init(byStatus: StatusCounts) {
        succeeded = byStatus.succeeded
        failures = byStatus.failures
        self.byStatus = byStatus
    }

    /// Successes and failures alone, with no count per status.
    init(succeeded: Int, failures: Int) {
        self.succeeded = succeeded
        self.failures = failures
        byStatus = nil
    }
}
