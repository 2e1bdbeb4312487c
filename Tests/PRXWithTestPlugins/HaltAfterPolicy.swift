import PRXKernel

/// A stop policy of the tests' own: halts once `results` tasks have finished (`halt-after: 3 results`), or right after
/// the `starts`-th attempt started (`halt-after: 2 starts`); 0 turns either off. Registered as `halt-after` in
/// this build of prx, to run a plugin of no built-in name through the real command.
struct HaltAfterPolicy: StopPolicy {
    /// Finished tasks that halt the run; 0 never halts for them.
    var results: Int
    /// Started attempts that halt the run; 0 never halts for them.
    var starts: Int
    private var started = 0

    /// Creates a policy halting after `results` finished tasks or `starts` started attempts, whichever comes first.
    init(results: Int = 0, starts: Int = 0) {
        self.results = results
        self.starts = starts
    }

    mutating func evaluate(after result: TaskResult, statistics: RunStatistics) -> StopDecision? {
        guard results > 0, statistics.finished >= results else { return nil }
        return StopDecision(reason: "halt-after: \(statistics.finished) results")
    }

    mutating func evaluate(afterStart start: TaskStart) -> StopDecision? {
        started += 1
        guard starts > 0, started >= starts else { return nil }
        return StopDecision(reason: "halt-after: \(started) starts")
    }
}
