import PRXKernel
import PRXPlugins

/// Tells the journal's ending (``JournalEnding``) that every task ended and the run was not interrupted, as the
/// scheduler's summary says, before the hooks are told of the run's end: an `on_done` that a signal then holds in a C
/// function (`os.execute`, `io.read`) ends prx without the journal's sink (``StuckLuaExit``), and the line the ending
/// writes then says, as the journal's sink says of an `on_done` the signal cut short (``CutShortRunMarkingSink``),
/// that the interruption came once every task had ended.
struct TasksEndedNotingSink: Sink {
    /// The journal's ending to tell.
    let ending: JournalEnding

    func receive(_ event: RunEvent) {
        guard case .runFinished(let summary) = event, !summary.interrupted else { return }
        ending.noteTasksEndedUninterrupted()
    }
}
