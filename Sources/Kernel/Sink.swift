/// Receives a run's events: writes logs, summaries, reports, metrics.
///
/// - Called by: the scheduler's run, one event at a time, never concurrently, in the order ``RunEvent``
///   documents; a sink need not be `Sendable` or lock anything.
/// - Exactly once: every event reaches every sink once. A sink that throws is told the next events all the
///   same; the run goes on and its first error is reported in ``RunSummary/sinkErrors``.
/// - Cost: the call is on the scheduler's path between one task's end and the next task's start, so a sink
///   keeps it short: one `write` per event is fine (and is what lets a file keep every finished row when prx
///   is killed), a formatter object or an `fsync` per event is not.
public protocol Sink {
    /// Handles one event.
    mutating func receive(_ event: RunEvent) throws
}
