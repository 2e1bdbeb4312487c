import PRXKernel

/// A stop policy inside a type of the tests' own, answering as the policy it wraps: registered as `stop-limits` in
/// this build of prx, wrapping the built-in, so that the stop limits are a plugin that is no `StopLimitsPolicy`.
struct WrappedStopPolicy: StopPolicy {
    private var base: any StopPolicy

    /// Wraps `base`.
    init(base: any StopPolicy) {
        self.base = base
    }

    mutating func evaluate(after result: TaskResult, statistics: RunStatistics) -> StopDecision? {
        base.evaluate(after: result, statistics: statistics)
    }

    mutating func evaluate(afterStart start: TaskStart) -> StopDecision? {
        base.evaluate(afterStart: start)
    }

    mutating func evaluate(afterPlacement placement: TaskPlacement) -> StopDecision? {
        base.evaluate(afterPlacement: placement)
    }
}
