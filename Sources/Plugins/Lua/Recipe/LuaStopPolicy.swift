import PRXKernel

/// `prx.stop_when(fn)` as a ``PRXKernel/StopPolicy``: after each result, `fn(stats)` decides.
///
/// `fn` returns a reason string (halt, the summary shows `stop_when: <reason>`), another true value (halt,
/// `stop_when returned true`), or `false`/`nil` (go on). Running tasks finish, as with the stop limits. A Lua
/// error in `fn` goes to the ``LuaErrorReporter``.
///
/// The scheduler takes tasks from its source only as it needs them, so its `pending` counts only the tasks it
/// holds; `notYetTaken` adds those its source still has (a recipe knows them all), so that `stats.pending` is
/// every task that has not started.
public struct LuaStopPolicy: StopPolicy {
    private let function: LuaFunctionReference
    private let reporter: LuaErrorReporter
    private let notYetTaken: () -> Int
    /// Keeps the Lua state of `function` open for as long as the policy lives.
    private let owner: AnyObject

    /// Creates a policy calling `function`, whose state `owner` keeps open (a ``Recipe`` or a ``LuaScript``);
    /// `notYetTaken` counts the tasks the run's source has not handed to the scheduler yet, when it knows.
    public init(
        function: LuaFunctionReference, owner: AnyObject, reporter: LuaErrorReporter,
        notYetTaken: @escaping () -> Int = { 0 }
    ) {
        self.function = function
        self.owner = owner
        self.reporter = reporter
        self.notYetTaken = notYetTaken
    }

    public mutating func evaluate(after result: TaskResult, statistics: RunStatistics) -> StopDecision? {
        var statistics = statistics
        statistics.pending += notYetTaken()
        let answer: LuaValue
        do {
            answer = try function.call(LuaRunValues.statistics(statistics, last: result)).first ?? .nil
        } catch {
            reporter.report(error, in: "stop_when")
            return nil
        }
        switch answer {
        case .nil, .boolean(false): return nil
        case .string(let reason): return StopDecision(reason: "stop_when: \(reason)")
        default: return StopDecision(reason: "stop_when returned true")
        }
    }
}
