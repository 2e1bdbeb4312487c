import Synchronization

/// How many attempts have returned their result to the run's task group and have not been taken from it yet: what
/// tells the run, between two starts, that a result has come which the stop policy has not been shown.
///
/// Starting a task takes time on the run's own Swift task (the source gives it, a `--parser` runs; the source makes it
/// for its start, a recipe's `cmd` function runs; the sinks are told of the start, a recipe's `on_start` hook runs),
/// during which a running task may end; its result waits in the group until the run next waits there. Filling every
/// free worker first would start tasks after a failure that halts the run. The scheduler makes one per run with a stop
/// policy, and checks it before each start, and again once the source gave or made the task to start: a result
/// waiting is taken and shown to the policy first.
/// A run with no stop policy has none, so that its tasks cost it nothing.
final class ReturnedAttempts: Sendable {
    private let count = Atomic<Int>(0)

    /// Creates a count of none.
    init() {}

    /// Whether an attempt has returned whose result the run has not taken from its group yet.
    var anyUntaken: Bool { count.load(ordering: .relaxed) > 0 }

    /// Counts an attempt that returns its result to the group now. Called from the attempt's child task, just before
    /// it returns.
    func attemptReturned() {
        count.wrappingAdd(1, ordering: .relaxed)
    }

    /// Counts off a result the run took from the group.
    func resultTaken() {
        count.wrappingSubtract(1, ordering: .relaxed)
    }
}
