import Synchronization

/// The running tasks' output that the executor has read and the sinks that watch output (``Sink/watchesOutput``) have
/// not been given yet: what tells an executor to stop reading a task's output until the sinks catch up.
///
/// A sink is slower than a task when it writes to a slow terminal or to a pipe whose reader pauses (prx's output piped
/// into `less`); what the executor reads meanwhile waits in prx's memory. Once that is over ``limit`` bytes, the
/// backlog ``isFull``: an executor that can stop reading (a process's pipe) stops, so that the task blocks on its own
/// full pipe, as it would writing to that terminal, and reads again once the sinks have drained the backlog to
/// ``resumeLevel`` (``whenDrained(_:)``). The scheduler makes one per run with a sink that watches output and gives it
/// to every attempt with the output handler (``ExecutionContext/outputBacklog``); it counts each piece from when the
/// handler is given it until the sinks have been given it and prx no longer holds it.
///
/// An executor that reads on regardless still works: it only leaves prx's memory to grow with what its tasks write
/// faster than the sinks take it.
public final class OutputBacklog: Sendable {
    /// How much output the backlog holds before it is full: 4 MiB, 64 of the local executor's 64 KiB reads, against
    /// the 24 MB prx takes whatever its tasks print. Holding more would not make a slow sink faster; holding much less
    /// would pause a task at every hiccup of a sink that keeps up on the whole.
    public static let limit = 4 << 20

    /// How far the sinks drain a full backlog before the executor reads again: a quarter of ``limit``, so that a
    /// paused task is resumed once per 3 MiB the sinks take rather than once per piece.
    public static let resumeLevel = limit / 4

    /// What holding a piece costs beyond its bytes, counted toward ``limit``: the array's header and the allocator's
    /// rounding (about 80 bytes), so that many small pieces fill the backlog as their memory does.
    static let costPerPiece = 128

    private struct State {
        var bytes = 0
        var waiters: [@Sendable () -> Void] = []
        var closed = false
    }

    private let full = Atomic<Bool>(false)
    private let state = Mutex(State())

    /// Creates an empty backlog.
    init() {}

    /// Whether the sinks are behind: the output handed to ``ExecutionContext/output`` and not yet given to the sinks
    /// is over ``limit``. An executor that can asks this after each piece it hands over, and when it is `true` stops
    /// reading that task's output until ``whenDrained(_:)`` calls back. An atomic load: no lock.
    public var isFull: Bool { full.load(ordering: .relaxed) }

    /// Calls `resume` once, when the sinks have drained the backlog to ``resumeLevel`` or the run has ended: from the
    /// run's Swift task, right after the sinks were given the output, or at once, on the caller's thread, when the
    /// backlog is not full now. `resume` only tells the executor to read again (it must not block: the sinks wait
    /// behind it); it never reads itself.
    public func whenDrained(_ resume: @escaping @Sendable () -> Void) {
        let waits = state.withLock { state in
            guard full.load(ordering: .relaxed) else { return false }
            state.waiters.append(resume)
            return true
        }
        if !waits { resume() }
    }

    /// The cost of holding `chunk` until the sinks are given it.
    static func cost(of chunk: OutputChunk) -> Int {
        chunk.bytes.count + costPerPiece
    }

    /// Counts `cost` more output held for the sinks: the backlog is full once it is over ``limit``.
    func add(_ cost: Int) {
        state.withLock { state in
            guard !state.closed else { return }
            state.bytes += cost
            if state.bytes > Self.limit { full.store(true, ordering: .relaxed) }
        }
    }

    /// Counts `cost` less: output the sinks were given and prx holds no more. Once a full backlog is down to
    /// ``resumeLevel``, the executor is told to read again.
    func remove(_ cost: Int) {
        let waiters = state.withLock { state -> [@Sendable () -> Void] in
            guard !state.closed else { return [] }
            state.bytes -= cost
            guard state.bytes <= Self.resumeLevel && full.load(ordering: .relaxed) else { return [] }
            full.store(false, ordering: .relaxed)
            return Self.takeWaiters(&state)
        }
        for resume in waiters { resume() }
    }

    /// Ends the backlog with the run: an executor waiting to read again is told to, and nothing is counted from now on.
    func close() {
        let waiters = state.withLock { state -> [@Sendable () -> Void] in
            state.closed = true
            full.store(false, ordering: .relaxed)
            return Self.takeWaiters(&state)
        }
        for resume in waiters { resume() }
    }

    private static func takeWaiters(_ state: inout State) -> [@Sendable () -> Void] {
        let waiters = state.waiters
        state.waiters = []
        return waiters
    }
}
