import Foundation

/// Something that happened in a run, as sinks receive it.
///
/// A run's events arrive in this order: one ``runStarted(_:)``; then, per task, either ``taskStarted(_:)``
/// followed later by ``taskFinished(_:)``, or a lone ``taskFinished(_:)`` for a task that never started
/// (skipped, cancelled, rejected); last, one ``runFinished(_:)``. A task skipped because a dependency did not succeed
/// is finished after all its dependencies are. A task that is retried has, before its ``taskFinished(_:)``, one
/// ``taskStarted(_:)`` per attempt, each earlier attempt closed by ``attemptFailed(_:)``. Every task of the run is
/// finished exactly once. An attempt on an executor that reports where it runs has a ``taskPlaced(_:)`` per report
/// between its ``taskStarted(_:)`` and the event that ends it. When the stop policy halts the run, ``runHalted(_:)``
/// comes once, right after the result that decided it and before the tasks the halt cancels.
///
/// The enumeration gains cases as the kernel grows. A sink built outside prx's package switches over it with an
/// `@unknown default:` after the cases it handles: its code still compiles when a case comes, with a warning that
/// names it, and the sink ignores the new event until it handles it (a switch that lists every case and has no
/// default stops compiling; a plain `default:` would hide the new case without a word).
public enum RunEvent: Sendable {
    /// The run begins.
    case runStarted(RunInfo)
    /// A task is handed to the executor.
    case taskStarted(TaskStart)
    /// The executor reported where an attempt runs (``Executor/reportsPlacements``): after the attempt's
    /// ``taskStarted(_:)`` and before the ``attemptFailed(_:)`` or ``taskFinished(_:)`` that ends it, once per report,
    /// a later one replacing an earlier one. An attempt on an executor that does not report (the local one) has none.
    case taskPlaced(TaskPlacement)
    /// An attempt of a task did not succeed and the task is to run again; its result says which attempt. A halt
    /// before the next attempt starts ends the task with this result (a ``taskFinished(_:)`` without another
    /// ``taskStarted(_:)``).
    case attemptFailed(TaskResult)
    /// A task has ended, one way or another.
    case taskFinished(TaskResult)
    /// The stop policy halted the run, for this reason: no task starts any more, those not started are cancelled
    /// at once, and the running ones finish (or are stopped, as the decision says).
    case runHalted(String)
    /// The run is over; nothing follows.
    case runFinished(RunSummary)
}

/// The facts of a run known before its first task.
public struct RunInfo: Sendable {
    /// When the run began (wall clock).
    public var startTime: Date
    /// The most tasks in flight at once.
    public var maxInFlight: Int

    /// Creates run facts.
    public init(startTime: Date, maxInFlight: Int) {
        self.startTime = startTime
        self.maxInFlight = maxInFlight
    }
}

/// A task handed to the executor.
public struct TaskStart: Sendable {
    /// The task, as prepared for this attempt.
    public var task: TaskSpec
    /// The worker slot (1…N) it occupies.
    public var workerID: Int
    /// The attempt's number, 1 for the first.
    public var attempt: Int
    /// When it was handed over (wall clock).
    public var time: Date

    /// Creates a start record.
    public init(task: TaskSpec, workerID: Int, attempt: Int, time: Date) {
        self.task = task
        self.workerID = workerID
        self.attempt = attempt
        self.time = time
    }
}
