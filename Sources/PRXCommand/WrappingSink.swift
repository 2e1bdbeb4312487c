import PRXKernel

/// A sink that tells another, ``base``, what it is told, changing some events on their way (the run's summary, say):
/// the requirements it does not change reach the base as they are, those with defaults included (its flushes, and the
/// tasks' output when it watches output), so that wrapping a sink takes nothing from it.
protocol WrappingSink: Sink {
    /// The sink told the events.
    var base: any Sink { get set }
}

extension WrappingSink {
    func flush() throws {
        try base.flush()
    }

    var watchesOutput: Bool { base.watchesOutput }

    mutating func receiveOutput(_ chunk: OutputChunk) throws {
        try base.receiveOutput(chunk)
    }
}
