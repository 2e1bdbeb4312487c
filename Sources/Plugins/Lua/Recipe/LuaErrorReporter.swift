import PRXKernel

/// Where a Lua error inside a hook or stop function goes: always a warning, and with
/// ``RecipeErrorPolicy/halt`` a halt of the run.
///
/// A sink cannot halt a run, so the reporter is also a ``PRXKernel/StopPolicy``: it answers the scheduler's next
/// question with the remembered error, right after the result, the start or the placement whose hook failed (the
/// scheduler tells sinks before it asks the policy), so that no task starts after it. Shared by a recipe's hook sink
/// and stop policy.
public final class LuaErrorReporter: StopPolicy {
    private let policy: RecipeErrorPolicy
    private let warn: (String) -> Void
    private var haltReason: String?

    /// Creates a reporter that sends warnings to `warn` and halts or not by `policy`.
    public init(policy: RecipeErrorPolicy, warn: @escaping (String) -> Void) {
        self.policy = policy
        self.warn = warn
    }

    /// Whether an error halts the run (``RecipeErrorPolicy/halt``), and so fails it.
    var haltsOnError: Bool { policy == .halt }

    /// Whether an error was reported that halts the run (under ``RecipeErrorPolicy/halt``): the run fails for it
    /// (exit status 1) whatever its tasks did, also when it came after the last task, with nothing left to halt.
    public var haltedForAnError: Bool { haltReason != nil }

    /// Reports `error`, raised inside the Lua function `function` (such as `on_finish`).
    func report(_ error: any Error, in function: String) {
        warn("\(error) (in \(function))")
        if policy == .halt && haltReason == nil {
            haltReason = "\(function) failed: \(error)"
        }
    }

    public func evaluate(after result: TaskResult, statistics: RunStatistics) -> StopDecision? {
        decision
    }

    public func evaluate(afterStart start: TaskStart) -> StopDecision? {
        decision
    }

    public func evaluate(afterPlacement placement: TaskPlacement) -> StopDecision? {
        decision
    }

    /// The halt an error reported under ``RecipeErrorPolicy/halt`` asks for, once one was.
    private var decision: StopDecision? {
        haltReason.map { StopDecision(reason: $0) }
    }
}
