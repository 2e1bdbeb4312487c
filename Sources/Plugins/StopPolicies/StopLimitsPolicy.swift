import PRXKernel

/// parallelr's auto-stop protection (`--enable-stop-limits`): halts a run after too many failures in a row, or
/// when too large a share of the tasks fail.
///
/// The settings are parallelr's `limits` keys with their defaults: `max_consecutive_failures` 5,
/// `max_failure_rate` 0.5, `min_tasks_for_rate_check` 10. The run halts when
/// - ``RunStatistics/consecutiveFailures`` reaches ``maxConsecutiveFailures``, or
/// - at least ``minTasksForRateCheck`` tasks have been judged (finished, not counting cancelled and skipped
///   ones, which are consequences rather than outcomes) and ``RunStatistics/failures`` over that count is above
///   ``maxFailureRate``.
///
/// Failures are failed, timed-out and could-not-start tasks (``TaskStatus/isFailure``). The comparisons are
/// parallelr's (`>=` for the run of failures, `>` for the rate), so a limit of 0 halts at the first failure and
/// a rate of 1 never halts; the command validates the settings.
///
/// The decision's mode is ``StopDecision/Mode/finishRunning``: tasks already running were started in good
/// faith and their results are real, so they finish and are kept (parallelr lets them finish too, and it is
/// GNU parallel's `--halt soon`); only new starts stop.
public struct StopLimitsPolicy: StopPolicy, Sendable, Hashable {
    /// Failures in a row that halt the run (`max_consecutive_failures`).
    public var maxConsecutiveFailures: Int
    /// The share of failures, 0…1, above which the run halts (`max_failure_rate`).
    public var maxFailureRate: Double
    /// How many judged tasks the rate check waits for (`min_tasks_for_rate_check`).
    public var minTasksForRateCheck: Int

    /// Creates a policy; the defaults are parallelr's.
    public init(maxConsecutiveFailures: Int = 5, maxFailureRate: Double = 0.5, minTasksForRateCheck: Int = 10) {
        self.maxConsecutiveFailures = maxConsecutiveFailures
        self.maxFailureRate = maxFailureRate
        self.minTasksForRateCheck = minTasksForRateCheck
    }

    public mutating func evaluate(after result: TaskResult, statistics: RunStatistics) -> StopDecision? {
        // parallelr checks its limits after a failure only: a rate already over the limit when the count
        // reaches min_tasks_for_rate_check through a success halts at the next failure.
        guard result.status.isFailure else { return nil }
        if statistics.consecutiveFailures >= maxConsecutiveFailures {
            return StopDecision(
                reason: "\(statistics.consecutiveFailures) consecutive failures (limit: \(maxConsecutiveFailures))",
                mode: .finishRunning
            )
        }
        let judged = statistics.finished - statistics.cancelled - statistics.skipped
        guard judged > 0, judged >= minTasksForRateCheck else { return nil }
        let rate = Double(statistics.failures) / Double(judged)
        guard rate > maxFailureRate else { return nil }
        return StopDecision(
            reason: "\(fixedDecimal(rate * 100, 1))% failure rate exceeds limit "
                + "(\(percentageAsSet(maxFailureRate))%)",
            mode: .finishRunning
        )
    }
}
