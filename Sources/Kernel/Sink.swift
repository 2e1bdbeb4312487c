/// Receives a run's events: writes logs, summaries, reports, metrics.
///
/// - Called by: the scheduler's run, one event at a time, never concurrently, in the order ``RunEvent``
///   documents; a sink need not be `Sendable` or lock anything.
/// - Exactly once: every event reaches every sink once. A sink that throws is told the next events all the
///   same; the run goes on and its first error is reported in ``RunSummary/sinkErrors``.
/// - Cost: the call is on the scheduler's path between one task's end and the next task's start; a sink
///   buffers or batches what it writes rather than blocking on slow devices.
public protocol Sink {
    /// Handles one event.
    mutating func receive(_ event: RunEvent) throws
}
