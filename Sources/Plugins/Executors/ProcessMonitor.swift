#if os(Linux)
import Foundation
import PRXKernel
import Synchronization

/// Watches started processes from one thread of its own and reports how each one ended.
///
/// The thread (a ``MonitorLoop``) starts with the first process and lives as long as prx. Callers hand a
/// process over with ``watch(_:latch:)`` and await its ``Report``; the hand-over and stop requests pass through
/// a locked inbox. The loop resumes each caller from its own thread.
///
/// A hand-over registers the process's pidfd and pipes in the loop's epoll set itself, while holding the inbox
/// lock, so the loop needs no wake-up to learn of it: the first event of an unknown process makes the loop take
/// the inbox (and wait for that lock), and it looks at the inbox after every wake-up anyway. The event counter
/// wakes the loop only when it must act before its next event: a stop request, a failed registration, a
/// time limit or heartbeat due before the deadline the loop sleeps until, or output it stopped reading while the
/// sinks were behind and may read again (``resumeReading(_:)``). Waking the loop for every process
/// cost a thread hand-off (two context switches) per task.
final class ProcessMonitor: Sendable {
    /// How processes are stopped and how much of their output is kept.
    struct Settings: Sendable {
        /// Time between `SIGTERM` and `SIGKILL`.
        var terminationGrace: Duration
        /// Characters kept of each output stream.
        var outputLimit: Int
        /// Whether a process is its whole process group: signalled as a group, and not finished while
        /// members of the group live. Without, it is not finished while its output is open (until its time limit or a
        /// stop), once its leader is gone.
        var useProcessGroups: Bool
        /// Whether prx is the subreaper of its tasks' orphans, reaping the strays that exit (``StrayProcesses``).
        var adoptsOrphans: Bool
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
        /// The file whose every change is a heartbeat of the process.
        var file: FeedbackFile
        /// What a look at it saw when the process started.
        var initialLook: FeedbackFile.Look
        /// The longest time the process may leave the file unchanged, counted from when prx saw it change.
        var timeout: Duration

        /// How often the file is looked at: a change is seen at most this long after it was made, so a process
        /// is stopped after between one timeout and one and a quarter of silence.
        var lookInterval: Duration { timeout / 4 }
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
        /// Says when to stop reading the output, and when to read again (``MonitorLoop``), or `nil` to read on.
        var outputBacklog: OutputBacklog?
        /// When the process was started.
        var start: ContinuousClock.Instant

        /// The first of the time limit and the first look at the heartbeat file, or `nil` for neither.
        var firstDeadline: ContinuousClock.Instant? {
            // Compared one by one: an array of the two, and the one `compactMap` made of it, were two allocations a
            // task.
            let lookInterval = heartbeat?.lookInterval
            guard let timeout else { return lookInterval.map { start + $0 } }
            return start + (lookInterval.map { min($0, timeout) } ?? timeout)
        }
    }

    /// How a watched process ended.
    struct Report: Sendable {
        /// How the process (the group's leader) ended, or `nil` when it could not be watched or reaped.
        var exit: ProcessID.Exit?
        /// Why the process could not be watched or reaped, when it could not.
        var failure: Errno?
        /// Why prx stopped it, when it did: `nil` when its leader had exited by itself when the stop came, though what
        /// it left in its group was stopped.
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
        /// The process's pidfd, registered in the loop's epoll set with the process's pipes; the error instead
        /// when registering it failed (the loop then stops and reaps the process).
        var registration: Result<FileDescriptor, Errno>
        /// Resumed with the report.
        var continuation: CheckedContinuation<Report, Never>
    }

    private struct Inbox {
        var wakeup: EventCounter?
        var epoll: Epoll?
        var nextID: UInt64 = 1
        var arrivals: [Arrival] = []
        var stopRequests: [UInt64] = []
        /// The processes whose output the loop may read again: their backlog has drained.
        var readingResumed: [UInt64] = []
        var wakeupPending = false
        /// Whether the loop is between wake-ups, sure to take the inbox before it sleeps again.
        var loopAwake = true
        /// When the sleeping loop wakes by itself (its first deadline), or `nil` for only on an event.
        var sleepingUntil: ContinuousClock.Instant?
        /// Whether this monitor holds the process's adoption of orphans (``OrphanAdoption``): it started a process
        /// since ``releaseAdoption()``.
        var holdsAdoption = false
    }

    /// How processes are stopped and how much output is kept.
    let settings: Settings
    /// Told, on the loop's thread, that the orphan guard has ended (``OrphanGuardLoss``).
    let warn: @Sendable (String) -> Void
    private let inbox = Mutex(Inbox())

    /// Creates a monitor; its thread starts with ``start()``. `warn` is told if the orphan guard ends while prx runs.
    init(settings: Settings, warn: @escaping @Sendable (String) -> Void = { _ in }) {
        self.settings = settings
        self.warn = warn
    }

    /// Starts the monitor's thread, unless it runs already; with process groups, also the orphan guard, and with
    /// ``Settings/adoptsOrphans``, holds prx as the subreaper of what its tasks leave behind (``StrayProcesses``)
    /// until ``releaseAdoption()``. Called before each process is started: once the monitor holds that, this takes
    /// only the inbox's lock.
    func start() throws(Errno) {
        try inbox.withLock { (inbox) throws(Errno) in
            if settings.adoptsOrphans && !inbox.holdsAdoption {
                OrphanAdoption.hold()
                inbox.holdsAdoption = true
            }
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
            // Watched whether this monitor uses the guard or not, so that a guard that ends is reaped (and no more a
            // zombie) all the same.
            if let guardEnd = LocalProcessExecutor.orphanGuard?.endDescriptor {
                try? epoll.add(guardEnd, events: .readable, tag: MonitorLoop.guardEndTag)
            }
            // Without a guard prx still stops every task it outlives; only a killed prx would leave them running.
            let orphanGuard = settings.useProcessGroups ? LocalProcessExecutor.orphanGuard : nil
            orphanGuard?.lengthenGrace(to: settings.terminationGrace)
            do throws(DetachedThread.Refusal) {
                try DetachedThread.start(name: "prx monitor") { [self] in
                    MonitorLoop(monitor: self, epoll: epoll, wakeup: wakeup, orphanGuard: orphanGuard).run()
                }
            } catch {
                // Not recorded in the inbox: the next start tries again.
                wakeup.descriptor.close()
                epoll.descriptor.close()
                throw Errno(error.code)
            }
            // The loop takes the inbox only once this returns and unlocks it.
            inbox.wakeup = wakeup
            inbox.epoll = epoll
        }
    }

    /// Lets go of prx's adoption of its tasks' orphans, which ``start()`` took (``OrphanAdoption/release()``):
    /// called at the end of a run, once its processes are over. Returns whether prx is no subreaper any more, this
    /// monitor being the last to hold it: the strays adopted until now are still prx's children, and no more come.
    func releaseAdoption() -> Bool {
        let held = inbox.withLock { inbox in
            defer { inbox.holdsAdoption = false }
            return inbox.holdsAdoption
        }
        return held && OrphanAdoption.release()
    }

    /// Watches a started process until it and its process group are gone and returns how it ended.
    ///
    /// A cancellation recorded in `latch`, before or during the wait, stops the process (`SIGTERM` to its
    /// group, `SIGKILL` after the grace). Call ``start()`` first.
    func watch(_ request: Request, latch: CancellationLatch) async -> Report {
        await withCheckedContinuation { continuation in
            latch.connect { alreadyCancelled in
                let id = hand(request, stopRequested: alreadyCancelled, continuation: continuation)
                return { self.requestStop(id) }
            }
        }
    }

    /// What the loop takes from the inbox at once.
    struct Delivery {
        var arrivals: [Arrival] = []
        var stopRequests: [UInt64] = []
        var readingResumed: [UInt64] = []

        /// Empties the delivery, its arrays keeping their room for the next one. An empty array is left alone: emptying
        /// it costs some 300 instructions.
        mutating func removeAll() {
            if !arrivals.isEmpty { arrivals.removeAll(keepingCapacity: true) }
            if !stopRequests.isEmpty { stopRequests.removeAll(keepingCapacity: true) }
            if !readingResumed.isEmpty { readingResumed.removeAll(keepingCapacity: true) }
        }
    }

    /// Takes everything handed over since the last call into `delivery`, an empty one whose arrays the inbox keeps in
    /// exchange: an inbox emptied with new arrays allocated a buffer at the next hand-over, about one a task. Called
    /// by the loop, which is awake until it calls ``prepareToSleep(until:)``.
    func takeInbox(into delivery: inout Delivery) {
        inbox.withLock { inbox in
            swap(&inbox.arrivals, &delivery.arrivals)
            swap(&inbox.stopRequests, &delivery.stopRequests)
            swap(&inbox.readingResumed, &delivery.readingResumed)
            inbox.wakeupPending = false
            inbox.loopAwake = true
        }
    }

    /// Records that the loop is about to sleep until `deadline` (`nil`: until an event), unless something
    /// arrived since it last took the inbox; returns whether it may sleep. Called by the loop.
    func prepareToSleep(until deadline: ContinuousClock.Instant?) -> Bool {
        inbox.withLock { inbox in
            guard inbox.arrivals.isEmpty && inbox.stopRequests.isEmpty && inbox.readingResumed.isEmpty else {
                return false
            }
            inbox.loopAwake = false
            inbox.sleepingUntil = deadline
            return true
        }
    }

    private func hand(
        _ request: Request, stopRequested: Bool, continuation: CheckedContinuation<Report, Never>
    ) -> UInt64 {
        let (id, wakeup) = inbox.withLock { inbox in
            let id = inbox.nextID
            inbox.nextID += 1
            let registration = Self.register(request, id: id, in: inbox.epoll)
            inbox.arrivals.append(Arrival(
                id: id, request: request, stopRequested: stopRequested, registration: registration,
                continuation: continuation))
            let urgent: Bool
            if stopRequested || !inbox.loopAwake && Self.isEarlier(request.firstDeadline, than: inbox.sleepingUntil) {
                urgent = true
            } else if case .failure = registration {
                urgent = true
            } else {
                urgent = false
            }
            return (id, urgent ? Self.claimWakeup(&inbox) : nil)
        }
        wakeup?.signal()
        return id
    }

    /// Registers the process's pidfd and pipes in `epoll` with the loop's tags for process `id`; closes the pidfd
    /// when that fails (the loop then stops and reaps the process by its id).
    private static func register(_ request: Request, id: UInt64, in epoll: Epoll?) -> Result<FileDescriptor, Errno> {
        let pidfd = request.process.descriptor
        guard let epoll else {
            pidfd.close()
            return .failure(Errno(EBADF))
        }
        do throws(Errno) {
            try epoll.add(pidfd, events: .readable, tag: MonitorLoop.tag(id, .leader))
            do throws(Errno) {
                try epoll.add(request.process.stdout, events: .readable, tag: MonitorLoop.tag(id, .stdout))
                try epoll.add(request.process.stderr, events: .readable, tag: MonitorLoop.tag(id, .stderr))
            } catch {
                try? epoll.remove(request.process.stdout)
                try? epoll.remove(pidfd)
                throw error
            }
        } catch {
            pidfd.close()
            return .failure(error)
        }
        return .success(pidfd)
    }

    /// Whether `deadline` falls before `sleepingUntil`, the loop's own wake-up (`nil`: none).
    private static func isEarlier(
        _ deadline: ContinuousClock.Instant?, than sleepingUntil: ContinuousClock.Instant?
    ) -> Bool {
        guard let deadline else { return false }
        guard let sleepingUntil else { return true }
        return deadline < sleepingUntil
    }

    private func requestStop(_ id: UInt64) {
        let wakeup = inbox.withLock { inbox in
            inbox.stopRequests.append(id)
            return Self.claimWakeup(&inbox)
        }
        wakeup?.signal()
    }

    /// Tells the loop that it may read process `id`'s output again, which it stopped reading while the sinks were
    /// behind; wakes it. Called from the run's Swift task as the sinks catch up (``OutputBacklog/whenDrained(_:)``):
    /// it takes only the inbox's lock and writes to the wake-up counter, and never waits for the loop.
    func resumeReading(_ id: UInt64) {
        let wakeup = inbox.withLock { inbox in
            inbox.readingResumed.append(id)
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
