import PRXKernel

/// Several stop policies as one: each is asked in order, and the first to halt decides (its reason is the run's halt
/// reason).
///
/// Nothing in it is Lua's: a recipe combines its Lua error reporter, its `stop_when` function and, with
/// `stop_limits = true`, the built-in stop limits, and flags mode a `--stop-policy FILE.lua` with the stop limits.
public struct FirstHaltingStopPolicy: StopPolicy {
    private var policies: [any StopPolicy]

    /// Combines `policies`, asked in this order.
    public init(_ policies: [any StopPolicy]) {
        self.policies = policies
    }

    public mutating func evaluate(after result: TaskResult, statistics: RunStatistics) -> StopDecision? {
        firstDecision { $0.evaluate(after: result, statistics: statistics) }
    }

    public mutating func evaluate(afterStart start: TaskStart) -> StopDecision? {
        firstDecision { $0.evaluate(afterStart: start) }
    }

    /// The first decision to halt that `ask` gets from the policies, asked in order.
    private mutating func firstDecision(_ ask: (inout any StopPolicy) -> StopDecision?) -> StopDecision? {
        for index in policies.indices {
            if let decision = ask(&policies[index]) {
                return decision
            }
        }
        return nil
    }
}
