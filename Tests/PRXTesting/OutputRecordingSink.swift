import PRXKernel
import Synchronization

/// A sink that watches output (``Sink/watchesOutput``) and keeps the events and pieces of output it is given, in the
/// order it is given them, for tests to inspect after the run.
///
/// The sink is a value handed to the scheduler; what it is given lands in ``log``, a reference the test keeps.
public struct OutputRecordingSink: Sink {
    /// What the sink was given so far, shared by every copy of the sink.
    public let log: OutputLog
    /// Called with each piece of output as the sink is given it, on the run's task (to react to what a task wrote
    /// while it still runs).
    private let onOutput: (OutputChunk) -> Void

    /// Creates a sink recording into `log`, calling `onOutput` for each piece of output.
    public init(log: OutputLog = OutputLog(), onOutput: @escaping (OutputChunk) -> Void = { _ in }) {
        self.log = log
        self.onOutput = onOutput
    }

    public var watchesOutput: Bool { true }

    public mutating func receive(_ event: RunEvent) throws {
        log.append(.event(event))
    }

    public mutating func receiveOutput(_ chunk: OutputChunk) throws {
        log.append(.output(chunk))
        onOutput(chunk)
    }
}

/// Events and pieces of output in the order a sink was given them.
public final class OutputLog: Sendable {
    /// One call of the sink.
    public enum Entry: Sendable {
        /// An event (``Sink/receive(_:)``).
        case event(RunEvent)
        /// A piece of output (``Sink/receiveOutput(_:)``).
        case output(OutputChunk)
    }

    private let storage = Mutex<[Entry]>([])

    /// Creates an empty log.
    public init() {}

    /// Appends one entry.
    public func append(_ entry: Entry) {
        storage.withLock { $0.append(entry) }
    }

    /// Every entry so far.
    public var entries: [Entry] {
        storage.withLock { $0 }
    }

    /// The events alone, in order.
    public var events: [RunEvent] {
        entries.compactMap { entry in
            if case .event(let event) = entry { return event }
            return nil
        }
    }

    /// The bytes of task `id`'s output on `stream`, joined in the order given.
    public func output(of id: TaskID, on stream: OutputChunk.Stream = .stdout) -> [UInt8] {
        entries.flatMap { entry -> [UInt8] in
            if case .output(let chunk) = entry, chunk.taskID == id, chunk.stream == stream { return chunk.bytes }
            return []
        }
    }
}
