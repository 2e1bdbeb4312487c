#if os(Linux)
import Foundation
import PRXKernel
import Synchronization

/// Watches started processes from one thread of its own and reports how each one ended.
///
/// The thread (a ``MonitorLoop``) starts with the first process and lives as long as prx. Callers hand a
/// process over with ``watch(_:latch:)`` and await its ``Report``; the hand-over and stop requests pass through
/// a locked inbox, and an event counter wakes the loop to read it. The loop resumes each caller from its own
/// thread.
final class ProcessMonitor: Sendable {
    /// How processes are stopped and how much of their output is kept.
    struct Settings: Sendable {
        /// Time between `SIGTERM` and `SIGKILL`.
        var terminationGrace: Duration
        /// Characters kept of each output stream.
        var outputLimit: Int
        /// Whether a process is its whole process group: signalled as a group, and not finished while
        /// members of the group live.
        var useProcessGroups: Bool
    }

    /// Why prx stopped a process.
    enum StopCause: Sendable {
        /// It ran past its time limit.
        case timeout
        /// The `execute` call waiting for it was cancelled.
        case cancelled
        /// It left its heartbeat file unchanged for the heartbeat timeout.
        case noHeartbeat
    }

    /// A file the process must change at least once per timeout, or be stopped.
    struct Heartbeat: Sendable {
        /// The file whose modification time is the process's heartbeat.
        var file: FeedbackFile
        /// Its modification time when the process started.
        var initialModification: Date
        /// The longest time the process may leave the file unchanged.
        var timeout: Duration
    }

    /// A process to watch, and what watching it involves.
    struct Request: Sendable {
        /// The process and its output pipes; the monitor closes the pipes.
        var process: ProcessSpawner.SpawnedProcess
        /// The task, named in output chunks.
        var taskID: TaskID
        /// The time limit, counted from `start`.
        var timeout: Duration?
        /// The heartbeat to watch, or `nil` for none.
        var heartbeat: Heartbeat?
        /// Receives each piece of output as it is read, on the monitor's thread.
        var output: (@Sendable (OutputChunk) -> Void)?
        /// When the process was started.
        var start: ContinuousClock.Instant
    }

    /// How a watched process ended.
    struct Report: Sendable {
        /// How the process (the group's leader) ended, or `nil` when it could not be watched or reaped.
        var exit: ProcessID.Exit?
        /// Why the process could not be watched or reaped, when it could not.
        var failure: Errno?
        /// Why prx stopped it, when it did.
        var stopCause: StopCause?
        /// When the leader's end was seen.
        var leaderEnd: ContinuousClock.Instant
        /// When everything was over: output read, the rest of the group gone.
        var end: ContinuousClock.Instant
        /// The last characters of standard output.
        var stdoutTail: String
        /// The last characters of standard error.
        var stderrTail: String
    }

    /// A request handed to the loop.
    struct Arrival: Sendable {
        /// The monitor's number for the process, never reused.
        var id: UInt64
        /// What to watch.
        var request: Request
        /// Whether the caller was cancelled before the hand-over.
        var stopRequested: Bool
        /// Resumed with the report.
        var continuation: CheckedContinuation<Report, Never>
    }

    private struct Inbox {
        var wakeup: EventCounter?
        var nextID: UInt64 = 1
        var arrivals: [Arrival] = []
        var stopRequests: [UInt64] = []
        var wakeupPending = false
    }

    /// How processes are stopped and how much output is kept.
    let settings: Settings
    private let inbox = Mutex(Inbox())

    /// Creates a monitor; its thread starts with ``start()``.
    init(settings: Settings) {
        self.settings = settings
    }

    /// Starts the monitor's thread, unless it runs already.
    func start() throws(Errno) {
        try inbox.withLock { (inbox) throws(Errno) in
            guard inbox.wakeup == nil else { return }
            let epoll = try Epoll.create()
            let wakeup: EventCounter
            do throws(Errno) {
                wakeup = try EventCounter.create()
            } catch {
                epoll.descriptor.close()
                throw error
            }
            do throws(Errno) {
                try epoll.add(wakeup.descriptor, events: .readable, tag: MonitorLoop.wakeupTag)
            } catch {
                wakeup.descriptor.close()
                epoll.descriptor.close()
                throw error
            }
            inbox.wakeup = wakeup
            let thread = Thread { [self] in
                MonitorLoop(monitor: self, epoll: epoll, wakeup: wakeup).run()
            }
            thread.name = "prx process monitor"
            thread.start()
        }
    }

    /// Watches a started process until it and its process group are gone and returns how it ended.
    ///
    /// A cancellation recorded in `latch`, before or during the wait, stops the process (`SIGTERM` to its
    /// group, `SIGKILL` after the grace). Call ``start()`` first.
    func watch(_ request: Request, latch: CancellationLatch) async -> Report {
        await withCheckedContinuation { continuation in
            latch.connect { alreadyCancelled in
                let id = hand(Arrival(id: 0, request: request, stopRequested: alreadyCancelled, continuation: continuation))
                return { self.requestStop(id) }
            }
        }
    }

    /// Takes everything handed over since the last call; called by the loop.
    func takeInbox() -> (arrivals: [Arrival], stopRequests: [UInt64]) {
        inbox.withLock { inbox in
            let taken = (inbox.arrivals, inbox.stopRequests)
            inbox.arrivals = []
            inbox.stopRequests = []
            inbox.wakeupPending = false
            return taken
        }
    }

    private func hand(_ arrival: Arrival) -> UInt64 {
        let (id, wakeup) = inbox.withLock { inbox in
            var arrival = arrival
            arrival.id = inbox.nextID
            inbox.nextID += 1
            inbox.arrivals.append(arrival)
            return (arrival.id, Self.claimWakeup(&inbox))
        }
        wakeup?.signal()
        return id
    }

    private func requestStop(_ id: UInt64) {
        let wakeup = inbox.withLock { inbox in
            inbox.stopRequests.append(id)
            return Self.claimWakeup(&inbox)
        }
        wakeup?.signal()
    }

    /// The counter to signal, unless a signal is already on its way.
    private static func claimWakeup(_ inbox: inout Inbox) -> EventCounter? {
        guard !inbox.wakeupPending else { return nil }
        inbox.wakeupPending = true
        return inbox.wakeup
    }
}
#endif
