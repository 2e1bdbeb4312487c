import PRXKernel

/// A stop policy of the tests' own: halts once a task exits with one of `codes`, with `reason` (or `exit code N`
/// when it is empty). Registered as `halt-on-exit` in this build of prx, whose settings are a list whose elements have
/// bounds and a text whose default is empty, as `prx plugins` and the summary report show them.
struct HaltOnExitCodePolicy: StopPolicy {
    /// The exit codes that halt the run.
    var codes: [Int32]
    /// The halt's reason; empty for `exit code N`.
    var reason: String

    mutating func evaluate(after result: TaskResult, statistics: RunStatistics) -> StopDecision? {
        guard case .exited(let code) = result.termination, codes.contains(code) else { return nil }
        return StopDecision(reason: reason.isEmpty ? "exit code \(code)" : reason)
    }
}
