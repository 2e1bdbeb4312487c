import CSystem
import PRXKernel

/// Tells the signal watchdog (``SignalTrap/install(stopGrace:)``) that the run goes on making progress: each flush
/// of the run's sinks (each turn of the scheduler, and every 1024th event of a long one) restarts its patience, so
/// that a run writing the results of a million tasks after a signal is not taken for one that cannot end.
struct WatchdogProgressSink: Sink {
    /// Nothing to do per event: the flush that follows a turn's events says the run moved.
    func receive(_ event: RunEvent) {}

    /// One store of the monotonic clock.
    func flush() {
        csystem_watchdog_progress()
    }
}
