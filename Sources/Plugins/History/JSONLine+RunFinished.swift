import PRXKernel

extension JSONLine {
    /// Adds the fields of the journal's `run_finished` line, which the journal's sink writes at a run's end and
    /// ``JournalEnding`` as prx exits past a Lua call that would not return; `sinkErrors`, the run's results that
    /// could not be written (``PRXKernel/RunSummary/sinkErrors``), when known: not to ``JournalEnding``.
    mutating func addRunFinished(
        time: LocalTimestamp, counts: RunStatistics, haltReason: String?, interrupted: Bool, sourceError: String?,
        sinkErrors: [String]?
    ) {
        add("event", "run_finished")
        add("time", time)
        add(countsOf: counts)
        add("halt_reason", haltReason)
        add("interrupted", interrupted)
        add("source_error", sourceError)
        if let sinkErrors { add("sink_errors", sinkErrors) }
    }
}
