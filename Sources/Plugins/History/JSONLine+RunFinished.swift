import PRXKernel

extension JSONLine {
    /// Adds the fields of the journal's `run_finished` line, which the journal's sink writes at a run's end and
    /// ``JournalEnding`` as prx exits past a Lua call that would not return; `sinkErrors`, the run's results that
    /// could not be written (``PRXKernel/RunSummary/sinkErrors``), when known: not to ``JournalEnding``. An
    /// interruption once every task had ended (``PRXKernel/RunSummary/Interruption/afterTasksEnded``) is
    /// `"interrupted": true` and `"interrupted_after_tasks": true`.
    mutating func addRunFinished(
        time: LocalTimestamp, counts: RunStatistics, haltReason: String?, interruption: RunSummary.Interruption?,
        sourceError: String?, sinkErrors: [String]?
    ) {
        add("event", "run_finished")
        add("time", time)
        add(countsOf: counts)
        add("halt_reason", haltReason)
        add("interrupted", interruption != nil)
        if interruption == .afterTasksEnded { add("interrupted_after_tasks", true) }
        add("source_error", sourceError)
        if let sinkErrors { add("sink_errors", sinkErrors) }
    }
}
