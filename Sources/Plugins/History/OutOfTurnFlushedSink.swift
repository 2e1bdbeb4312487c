import PRXKernel

/// A plugin sink whose file a resumption adds to (``TrackedResultFile``), as the scheduler and the run's journal share
/// it: the scheduler tells it the run's events and flushes it at each turn, and the journal also flushes it out of
/// turn (``flushOutOfTurn()``), before it writes the ends of tasks whose rows the sink was told. A failure of that
/// flush is the sink's own: the sink's next flush throws it, once, so that the scheduler reports it as the sink's
/// first error. The journal threw it as its own, so that a sink whose flush failed out of turn and again at its turn
/// was warned of twice, in the same words. A class, so that the scheduler's sink and the journal's share the failure.
final class OutOfTurnFlushedSink: Sink {
    /// The plugin's sink, as the scheduler would have it (its errors named as the plugin's).
    private var base: any Sink
    /// The first failure of a flush out of turn since the sink's last flush, for that flush to throw.
    private var failureOfFlushOutOfTurn: (any Error)?

    /// Shares `base` between the scheduler and the journal.
    init(_ base: any Sink) {
        self.base = base
    }

    func receive(_ event: RunEvent) throws {
        try base.receive(event)
    }

    /// Flushes the sink, and throws the failure of a flush out of turn since the last, should one have failed: it came
    /// first, and the rows it dropped are gone whatever this flush does.
    func flush() throws {
        guard let failure = failureOfFlushOutOfTurn else { return try base.flush() }
        failureOfFlushOutOfTurn = nil
        try? base.flush()
        throw failure
    }

    var watchesOutput: Bool { base.watchesOutput }

    func receiveOutput(_ chunk: OutputChunk) throws {
        try base.receiveOutput(chunk)
    }

    /// Flushes the sink for the journal, between two of the scheduler's calls, keeping a failure for the sink's next
    /// ``flush()`` to throw.
    func flushOutOfTurn() {
        do {
            try base.flush()
        } catch {
            if failureOfFlushOutOfTurn == nil { failureOfFlushOutOfTurn = error }
        }
    }
}
