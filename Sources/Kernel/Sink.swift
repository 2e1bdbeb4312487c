/// Receives a run's events: writes logs, summaries, reports, metrics.
///
/// - Called by: the scheduler's run, one event at a time, never concurrently, in the order ``RunEvent``
///   documents; a sink need not be `Sendable` or lock anything. A sink that ``watchesOutput`` is also given
///   running tasks' output (``receiveOutput(_:)``), between its other calls, never concurrently with them.
/// - Exactly once: every event reaches every sink once. A sink that throws is told the next events all the
///   same; the run goes on and its first error is reported in ``RunSummary/sinkErrors``.
/// - Cost: ``receive(_:)`` is on the scheduler's path between one task's end and the next task's start, so a
///   sink keeps it short: it formats what it has to say and, if it writes a file, keeps the bytes for
///   ``flush()``, which the scheduler calls once the turn's tasks are started, just before it waits. So the
///   `write` system calls leave that path, and the lines of one turn (a task's end, the next one's start) take
///   one `write`. A file flushed each time keeps every finished row when prx is killed; a formatter object or
///   an `fsync` per event is too slow. A turn that reports many tasks at once (those a halt cancels, a run of
///   preflight errors) is flushed every 1024 events, so that no buffer grows with the number of tasks.
public protocol Sink {
    /// Handles one event.
    mutating func receive(_ event: RunEvent) throws

    /// Writes out whatever the events received since the last flush left buffered.
    ///
    /// - Called by: the scheduler, after each turn's events, before it waits for a task to end or for a start delay,
    ///   and after every 1024th event of a long turn; and right after the sink is told the last event,
    ///   ``RunEvent/runFinished(_:)``, before the next sink is told it. Also by a sink told after this one, between
    ///   two events, never concurrently with this sink's other calls: one that records how far this sink's file goes
    ///   may have it write the rows it keeps first.
    func flush() throws

    /// Whether the sink is given running tasks' output as it arrives (``receiveOutput(_:)``).
    ///
    /// - Called by: the scheduler, once per sink, as the run starts. The default is `false`. When no sink of a run
    ///   watches output, the executor is given no output handler (``ExecutionContext/output`` is `nil`), so that a
    ///   task's output costs the run nothing on its way: each result still carries the end of its output.
    var watchesOutput: Bool { get }

    /// Handles a piece of a running task's output, as the executor read it.
    ///
    /// - Called by: the scheduler's run, for a sink that ``watchesOutput``, one call at a time, between its other
    ///   calls. The pieces of an attempt come after its ``RunEvent/taskStarted(_:)`` and before the event that ends
    ///   it (``RunEvent/attemptFailed(_:)`` or ``RunEvent/taskFinished(_:)``), those of one stream in order; the
    ///   pieces of tasks running together, and a task's two streams, interleave as they were read. The scheduler
    ///   passes what arrived when it next takes a turn (the output wakes it), and flushes the sinks before it waits.
    /// - Throwing: as for ``receive(_:)``: the sink is given the next pieces and events all the same.
    /// - Cost: as for ``receive(_:)``: it is on the scheduler's path; keep the bytes for ``flush()``.
    /// - Pace: a sink slower than the tasks' output (one writing to a slow terminal) holds the tasks back rather than
    ///   prx's memory growing: once more than ``OutputBacklog/limit`` bytes wait for the sinks, the executor stops
    ///   reading the run's output, and the tasks block on their full pipes, until the sinks have taken most of it.
    mutating func receiveOutput(_ chunk: OutputChunk) throws
}

extension Sink {
    /// Nothing to write: the sink writes as it receives, or keeps everything in memory.
    public func flush() throws {}

    /// Not watching: the sink hears of a task's output only from its result.
    public var watchesOutput: Bool { false }

    /// Nothing to do: the sink does not watch output.
    public mutating func receiveOutput(_ chunk: OutputChunk) throws {}
}
