import CSystem
import PRXKernel

/// Tells the signal watchdog (``SignalTrap/install(stopGrace:)``) that the run goes on making progress: each event
/// and each flush of the run's sinks restarts its patience, so that a run writing the results of a million tasks
/// after a signal, or calling a recipe's `on_finish` for each task the signal cancelled (each call may take up to
/// a second), is not taken for one that cannot end. Counting flushes alone, a turn of 60 such calls of 0.5 s was
/// cut short at 18 s, every result lost.
struct WatchdogProgressSink: Sink {
    /// One relaxed atomic load until a signal came (the scheduler's path between a task's end and the next start
    /// takes no clock read for it), then one store of the monotonic clock too.
    func receive(_ event: RunEvent) {
        csystem_watchdog_progress()
    }

    /// The same: a long write between two events is progress too.
    func flush() {
        csystem_watchdog_progress()
    }
}
