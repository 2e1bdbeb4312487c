import PRXKernel

/// Several stop policies as one: each is asked in order, and the first to halt decides (its reason is the run's halt
/// reason).
///
/// Each result, each start and each placement goes to the policies in order until one halts: the policies after it are
/// not asked about that one, and the scheduler asks none of them again. A run's policies are combined in this order:
/// in flags mode those of `--stop-policy` as given, then the stop limits of `--enable-stop-limits`; in a recipe its
/// Lua error reporter (`on_error = "halt"`), its `stop_when` function, its `prx.stop_policy`s, then the stop limits of
/// `stop_limits = true`.
public struct FirstHaltingStopPolicy: StopPolicy {
    private var policies: [any StopPolicy]

    /// Combines `policies`, asked in this order.
    public init(_ policies: [any StopPolicy]) {
        self.policies = policies
    }

    /// `policies` as a run's one stop policy: `nil` for none (a run that never halts for a policy), the policy itself
    /// for one, else the policies combined.
    public static func combining(_ policies: [any StopPolicy]) -> (any StopPolicy)? {
        policies.count > 1 ? FirstHaltingStopPolicy(policies) : policies.first
    }

    public mutating func evaluate(after result: TaskResult, statistics: RunStatistics) -> StopDecision? {
        firstDecision { $0.evaluate(after: result, statistics: statistics) }
    }

    public mutating func evaluate(afterStart start: TaskStart) -> StopDecision? {
        firstDecision { $0.evaluate(afterStart: start) }
    }

    public mutating func evaluate(afterPlacement placement: TaskPlacement) -> StopDecision? {
        firstDecision { $0.evaluate(afterPlacement: placement) }
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
