import PRXKernel

/// Where a Lua error inside a hook or stop function goes: always a warning, and with
/// ``RecipeErrorPolicy/halt`` a halt of the run.
///
/// A sink cannot halt a run, so the reporter is also a ``PRXKernel/StopPolicy``: it answers the scheduler's next
/// question (right after the result whose hook failed, since the scheduler tells sinks before it asks the
/// policy) with the remembered error. Shared by a recipe's hook sink and stop policy.
public final class LuaErrorReporter: StopPolicy {
    private let policy: RecipeErrorPolicy
    private let warn: (String) -> Void
    private var haltReason: String?

    /// Creates a reporter that sends warnings to `warn` and halts or not by `policy`.
    public init(policy: RecipeErrorPolicy, warn: @escaping (String) -> Void) {
        self.policy = policy
        self.warn = warn
    }

    /// Reports `error`, raised inside the Lua function `function` (such as `on_finish`).
    func report(_ error: any Error, in function: String) {
        warn("\(error) (in \(function))")
        if policy == .halt && haltReason == nil {
            haltReason = "\(function) failed: \(error)"
        }
    }

    public func evaluate(after result: TaskResult, statistics: RunStatistics) -> StopDecision? {
        haltReason.map { StopDecision(reason: $0) }
    }
}
