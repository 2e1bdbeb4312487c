import PRXKernel

/// `prx.stop_when(fn)` as a ``PRXKernel/StopPolicy``: after each result, `fn(stats)` decides.
///
/// `fn` returns a reason string (halt, the summary shows `stop_when: <reason>`, or `stop_when returned an empty
/// reason` for an empty or blank one), another true value (halt, `stop_when returned true`), or `false`/`nil` (go
/// on). Running tasks finish, as with the stop limits. A Lua
/// error in `fn` goes to the ``LuaErrorReporter``.
public struct LuaStopPolicy: StopPolicy {
    private let function: LuaFunctionReference
    private let reporter: LuaErrorReporter
    /// Keeps the Lua state of `function` open for as long as the policy lives.
    private let owner: AnyObject

    /// Creates a policy calling `function`, whose state `owner` keeps open (a ``Recipe`` or a ``LuaScript``).
    public init(function: LuaFunctionReference, owner: AnyObject, reporter: LuaErrorReporter) {
        self.function = function
        self.owner = owner
        self.reporter = reporter
    }

    public mutating func evaluate(after result: TaskResult, statistics: RunStatistics) -> StopDecision? {
        let answer: LuaValue
        do {
            let stats = LuaRunValues.statistics(statistics, last: result)
            answer = try function.call([stats], as: "stop_when").first ?? .nil
        } catch {
            // Under `on_error = "halt"` the reporter halts now, at this result: asked before this policy, it has
            // answered for this result already.
            reporter.report(error, in: "stop_when")
            return reporter.evaluate(after: result, statistics: statistics)
        }
        switch answer {
        case .nil, .boolean(false): return nil
        case .string(let reason) where reason.allSatisfy(\.isWhitespace):
            return StopDecision(reason: "stop_when returned an empty reason")
        case .string(let reason): return StopDecision(reason: "stop_when: \(OneLine.of(reason))")
        default: return StopDecision(reason: "stop_when returned true")
        }
    }
}
