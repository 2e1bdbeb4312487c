import PRXKernel
import Synchronization

/// A sink that keeps every event it receives, for tests to inspect after the run.
///
/// The sink is a value handed to the scheduler; the events land in ``log``, a reference the test keeps.
public struct RecordingSink: Sink {
    /// The events received so far, shared by every copy of the sink.
    public let log: EventLog

    /// Creates a sink recording into `log`.
    public init(log: EventLog = EventLog()) {
        self.log = log
    }

    public mutating func receive(_ event: RunEvent) throws {
        log.append(event)
    }
}

/// Events in the order a sink received them.
public final class EventLog: Sendable {
    private let storage = Mutex<[RunEvent]>([])

    /// Creates an empty log.
    public init() {}

    /// Appends one event.
    public func append(_ event: RunEvent) {
        storage.withLock { $0.append(event) }
    }

    /// Every event so far.
    public var events: [RunEvent] {
        storage.withLock { $0 }
    }

    /// The results of every finished task, in the order they were reported.
    public var results: [TaskResult] {
        events.compactMap { event in
            if case .taskFinished(let result) = event { return result }
            return nil
        }
    }

    /// The tasks handed to the executor, in start order.
    public var starts: [TaskStart] {
        events.compactMap { event in
            if case .taskStarted(let start) = event { return start }
            return nil
        }
    }

    /// Where the executor reported attempts ran (``RunEvent/taskPlaced(_:)``), in the order reported.
    public var placements: [TaskPlacement] {
        events.compactMap { event in
            if case .taskPlaced(let placement) = event { return placement }
            return nil
        }
    }
}
