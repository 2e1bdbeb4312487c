/// Decides, after each result, whether the run should halt.
///
/// A policy only answers; the scheduler does the halting (no new task starts, the rest is cancelled).
///
/// - Called by: the scheduler's run, after each task result that ran or was rejected (not for tasks the halt
///   itself cancels), after each attempt it starts, and after each placement an executor reports, one call at a
///   time; a policy need not be `Sendable`.
public protocol StopPolicy {
    /// Returns a decision to halt, or `nil` to go on.
    ///
    /// - Parameters:
    ///   - result: the result just recorded.
    ///   - statistics: the run's totals, already including `result`.
    mutating func evaluate(after result: TaskResult, statistics: RunStatistics) -> StopDecision?

    /// Returns a decision to halt, or `nil` to go on, right after an attempt started: the sinks have been told of
    /// `start`, and no other task starts before this answer.
    ///
    /// For a policy that learns of a reason to halt other than from results, such as a sink or hook that is told of
    /// the start and asks for a halt (one that failed, say). The attempt just started runs on (with
    /// ``StopDecision/Mode/terminateRunning``, it is stopped as every running task is). The default returns `nil`.
    mutating func evaluate(afterStart start: TaskStart) -> StopDecision?

    /// Returns a decision to halt, or `nil` to go on, right after the sinks were told where an attempt runs
    /// (``RunEvent/taskPlaced(_:)``), before another task starts; only in a run whose executor reports placements
    /// (``Executor/reportsPlacements``).
    ///
    /// For a policy that learns of a reason to halt from a sink or hook that is told the placement and asks for a
    /// halt (one that failed, say). The default returns `nil`.
    mutating func evaluate(afterPlacement placement: TaskPlacement) -> StopDecision?
}

extension StopPolicy {
    /// Goes on: a policy that judges results alone has nothing to say after a start.
    public mutating func evaluate(afterStart start: TaskStart) -> StopDecision? { nil }

    /// Goes on: a policy that judges results alone has nothing to say after a placement.
    public mutating func evaluate(afterPlacement placement: TaskPlacement) -> StopDecision? { nil }
}

/// A stop policy's decision to halt a run.
public struct StopDecision: Sendable, Hashable {
    /// What happens to the tasks already running when a run halts.
    public enum Mode: Sendable, Hashable {
        /// Running tasks finish on their own; only new starts stop. Their results are real and kept.
        case finishRunning
        /// Running tasks are terminated (their whole process groups) and reported cancelled.
        case terminateRunning
    }

    /// Why the run halts, in words for the log and the summary.
    public var reason: String
    /// What happens to running tasks.
    public var mode: Mode

    /// Creates a decision.
    public init(reason: String, mode: Mode = .finishRunning) {
        self.reason = reason
        self.mode = mode
    }
}
