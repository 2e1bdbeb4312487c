#if os(Linux)
import Foundation
import PRXKernel

/// The process monitor's thread: one epoll loop over every watched process's pidfd and output pipes, the
/// monitor's wake-up counter, and the deadlines of time limits, heartbeats and kill graces (the first of which,
/// or the next look at the strays, is the epoll timeout). Nothing sleeps, and nothing polls but the probes of a
/// group being stopped (below), of a leader whose end its tracer holds (``leaderPidfdReadable(_:)``) and, once a
/// second, the strays (``StrayProcesses``).
///
/// A process's heartbeat file is looked at every quarter of its heartbeat timeout (``ProcessMonitor/Heartbeat``):
/// a look that finds it changed (its inode, size, modification or status-change time, or that it is there or missing
/// where the look before found otherwise) restarts the count, and a process whose file stayed unchanged (or missing)
/// for a timeout, counted on prx's monotonic clock from the last change the loop saw, is stopped as a time limit would
/// stop it. The file's times are never read as times: on a network file system they are the server's, whose clock may
/// lag or lead prx's.
///
/// A process is finished when its leader has been reaped and its process group is empty, or has been sent `SIGKILL`
/// (and, when prx adopts its tasks' orphans, its members have ended, for a second at most); members that outlive the
/// leader are sent `SIGTERM` (``leavingWait`` after its end, or later while one may be leaving the group, when it
/// exited by itself: ``hasMembersStillLeaving(_:)``), then `SIGKILL` after the grace, so nothing a task started is left
/// running. Without process groups, a process is finished when its leader has been
/// reaped and its pipes have been read to their end (what the leader started may hold them), or at its time limit or a
/// stop once the leader is gone. An emptied group sends no event, so while a reaped leader's group is being stopped the
/// loop probes it, 10 ms after the `SIGTERM` and then at doubling intervals up to 250 ms (a second once the `SIGKILL`
/// is a second old): a group whose members end at the `SIGTERM` is done at the next probe, not at the end of the
/// grace. When prx is the subreaper of
/// its tasks' orphans, members whose parent has exited are prx's children, and the probe reaps those that have exited
/// rather than wait for init to (about a second under the development VM's init). A stopped process's session is looked
/// through for its other groups (``SessionGroups``) at the `SIGTERM`, on each probe (also while the leader runs, during
/// the grace and after the `SIGKILL`, when the last look found any) and at the `SIGKILL`; the looks of one round of the
/// loop share one ``SessionListing``, and a look that finds nothing left of a stopped process is confirmed with a
/// second one, shared too, before the process is finished. A process whose pidfd or pipes could not be registered
/// (`ENOMEM`, `ENOSPC` past `max_user_watches`) is killed at once and probed the same way until it can be reaped: never
/// waited for, since one that does not end at `SIGKILL` (stuck in `chdir` on a hung mount) would hold the loop.
///
/// While the sinks that watch output are behind (the request's ``OutputBacklog`` is full after a piece was handed
/// over), the process's pipes are watched for nothing but a hang-up, reported once and ignored: the loop stops reading
/// them, and the process blocks on a full pipe, while its time limit, heartbeat, end and every other process are
/// watched as before. The loop never waits for the sinks: the backlog tells the monitor, from the run's task, when
/// they have caught up (``ProcessMonitor/resumeReading(_:)``), and the wake-up counter wakes the loop to watch the
/// pipes for reading again. A process that ends meanwhile has its pipes read to the end all the same (``finish(_:)``).
/// Everything here runs on the loop's thread and is touched by nothing else.
final class MonitorLoop {
    /// The epoll tag of the wake-up counter; a process's tags are never 0.
    static let wakeupTag: UInt64 = 0
    /// The epoll tag of the orphan guard's process descriptor (``OrphanGuard/endDescriptor``): no process's tag, whose
    /// channel bits are never 0.
    static let guardEndTag: UInt64 = 1 << 2

    /// At most this many bytes are read from a pipe when a process finishes: all that the task wrote is in the
    /// pipe by then (at most `/proc/sys/fs/pipe-max-size`, 1 MiB by default), and more could only come from a
    /// process outside the task still holding it.
    private static let drainLimit = 1 << 20

    /// What an epoll tag refers to: `id << 2 | channel`.
    enum Channel: UInt64 {
        case leader = 1
        case stdout = 2
        case stderr = 3
    }

    private enum DeadlineAction {
        case timeout
        case heartbeat
        case kill
        /// Look again whether the group of a reaped leader is empty, or whether a process that could not be
        /// watched has ended.
        case probe
    }

    /// How often, while processes are watched or strays run, the loop reaps the strays, and the orphans adopted
    /// from running tasks' groups, that have exited, and records the groups of the other strays with the orphan
    /// guard (``StrayProcesses/reapExited(guarding:)``):
    /// often enough that exited ones cannot pile up as zombies and that a prx killed a second after a daemon
    /// started leaves it to the guard, seldom enough that listing prx's children costs nothing.
    private static let strayScanInterval = Duration.seconds(1)

    /// The first wait before probing a group being stopped, and the longest, which the waits double up to.
    private static let probeDelays = (first: Duration.milliseconds(10), longest: Duration.milliseconds(250))

    /// How long the members a task's leader left in its group as it exited by itself may take to leave the group
    /// before they are sent `SIGTERM` (``settle(_:left:)``): a process that makes a session of its own does so within
    /// a few milliseconds of its own CPU time after its parent's fork. It is also the CPU time a member that is still
    /// runnable once the wait is over is given, a loaded machine having given it less (``LeavingMembers``).
    private static let leavingWait = Duration.milliseconds(25)

    /// How long after the leader's end, at most, a member still runnable that has had less than ``leavingWait`` of CPU
    /// time holds the `SIGTERM` of its group: a machine that gives a process a few milliseconds of a CPU in no more
    /// than a second, or a member stuck in uninterruptible sleep (a hung mount), which may last for ever.
    private static let leavingPatience = Duration.seconds(1)

    /// How long, when prx adopts its tasks' orphans, a process waits after `SIGKILL` for the members of its group
    /// to end: a process killed ends within moments unless it is in uninterruptible sleep (a hung mount), which may
    /// last for ever.
    private static let killedMembersPatience = Duration.seconds(1)

    private struct Deadline {
        var processID: UInt64
        var action: DeadlineAction
    }

    /// One watched process and what is known of it so far.
    private final class WatchedProcess {
        let id: UInt64
        let request: ProcessMonitor.Request
        let continuation: CheckedContinuation<ProcessMonitor.Report, Never>
        /// The process's group in the orphan guard's table (taken by the spawner), or `nil` when unguarded.
        let guardSlot: OrphanGuard.Slot?
        /// Open until the process is finished. It holds the kernel's record of the leader, not its id: the id (the
        /// group's and the session's too) is kept from other processes by the leader until it is reaped, and then
        /// only by the group's or the session's members, alive or zombies.
        var pidfd: FileDescriptor?
        var pidfdWatched = false
        var stdout: FileDescriptor?
        var stderr: FileDescriptor?
        var stdoutTail: OutputTail
        var stderrTail: OutputTail
        var exit: ProcessID.Exit?
        var leaderEnd: ContinuousClock.Instant?
        var stopCause: ProcessMonitor.StopCause?
        /// The leader had exited by itself when prx came to stop the process: the task keeps its own end, and the stop
        /// reached only what it left behind (``stop(_:because:)``).
        var endedBeforeStop = false
        /// What the loop saw when it last looked at the heartbeat file: `nil` when the file was missing (or could
        /// not be looked at), which is a state of the file like any other, not a silence.
        var lastHeartbeat: FeedbackFile.Look?
        /// When the loop last saw the heartbeat file change (or the process start).
        var lastHeartbeatSeen: ContinuousClock.Instant?
        /// `SIGTERM` has been sent.
        var terminating = false
        /// Until when the members its leader left in its group as it exited by itself may leave the group before
        /// they are sent `SIGTERM` (``settle(_:left:)``).
        var membersMayLeaveUntil: ContinuousClock.Instant?
        /// When `SIGKILL` was sent, if it has been.
        var killedAt: ContinuousClock.Instant?
        /// The groups of the process's session other than its own, once it was stopped.
        var sessionGroups = SessionGroups()
        /// A probe of the group is due.
        var probePending = false
        /// The process is to be settled once this round's events are handled (``settleOnceEventsAreHandled(_:)``).
        var settlePending = false
        /// The wait before the last probe, which the next one doubles.
        var probeDelay: Duration?
        /// Why the process's pidfd or pipes could not be registered, when they could not: it is killed and reaped
        /// by probes.
        var unwatchedBecause: Errno?
        /// Its pipes are not read until the sinks catch up (``pauseReadingWhileSinksAreBehind(_:)``).
        var readingPaused = false

        /// The signal the process's group was sent last, once it is being stopped: `SIGKILL` once sent, or `SIGTERM`.
        var lastSignal: Signal { killedAt == nil ? .terminate : .kill }

        init(_ arrival: ProcessMonitor.Arrival, outputLimit: Int) {
            id = arrival.id
            request = arrival.request
            continuation = arrival.continuation
            guardSlot = arrival.request.process.guardSlot
            stdout = arrival.request.process.stdout
            stderr = arrival.request.process.stderr
            stdoutTail = OutputTail(limit: outputLimit)
            stderrTail = OutputTail(limit: outputLimit)
        }

        var pid: ProcessID { request.process.pid }
    }

    private let monitor: ProcessMonitor
    private let settings: ProcessMonitor.Settings
    private let epoll: Epoll
    private let wakeup: EventCounter
    private let orphanGuard: OrphanGuard?
    private let clock = ContinuousClock()
    private var processes: [UInt64: WatchedProcess] = [:]
    private var deadlines = DeadlineQueue<Deadline>()
    private let events = EpollEventBuffer(capacity: 64)
    private let readBuffer = UnsafeMutableRawBufferPointer.allocate(byteCount: 64 * 1024, alignment: 16)
    /// When the loop next looks at the strays; `nil` while it does not (no process watched, no stray running).
    private var nextStrayScan: ContinuousClock.Instant?
    /// The listing that this round's looks at stopped processes' sessions share, made by the first of them.
    private var sessionListing: SessionListing?
    /// The listing that this round's second looks share (``sessionHasGroupsMissed(_:)``), made by the first of them.
    private var secondSessionListing: SessionListing?
    /// Empty arrays, with room, that the next take from the inbox gives it in exchange for what it holds.
    private var spareDelivery = ProcessMonitor.Delivery()
    /// The stopped processes whose leader was reaped in this round's events, settled once the events are handled.
    private var settlesAfterEvents: [WatchedProcess] = []

    /// Creates the loop over `epoll`, in which `wakeup` is registered with ``wakeupTag``; each finished process's
    /// group is reported gone to `orphanGuard`.
    init(monitor: ProcessMonitor, epoll: Epoll, wakeup: EventCounter, orphanGuard: OrphanGuard?) {
        self.monitor = monitor
        self.settings = monitor.settings
        self.epoll = epoll
        self.wakeup = wakeup
        self.orphanGuard = orphanGuard
    }

    deinit { readBuffer.deallocate() }

    /// Runs the loop, forever.
    func run() -> Never {
        while true {
            let wake = nextWake
            let timeout = monitor.prepareToSleep(until: wake) ? milliseconds(to: wake) : 0
            let count: Int
            do {
                count = try epoll.wait(into: events, timeoutMilliseconds: timeout)
            } catch {
                fatalError("prx process monitor: epoll_wait failed: \(error)")
            }
            var woken = false
            for index in 0..<count {
                let tag = events[index].tag
                if tag == Self.wakeupTag {
                    woken = true
                    continue
                }
                if tag == Self.guardEndTag {
                    orphanGuardEnded()
                    continue
                }
                guard let channel = Channel(rawValue: tag & 3) else { continue }
                // A process registered since the last look at the inbox is known once the inbox is taken.
                if processes[tag >> 2] == nil {
                    takeInbox()
                }
                guard let process = processes[tag >> 2] else { continue }
                switch channel {
                case .leader: leaderPidfdReadable(process)
                case .stdout, .stderr: read(process, channel)
                }
            }
            settleStoppedAfterEvents()
            let now = runDueDeadlines()
            // Leaders that probes reaped (``leaderPidfdReadable(_:)``).
            settleStoppedAfterEvents()
            if let scan = nextStrayScan, scan <= now {
                scanStrays()
            }
            if woken {
                wakeup.reset()
            }
            takeInbox()
            forgetSessionListings()
        }
    }

    /// The orphan guard has ended while prx runs: its descriptor leaves the epoll set (readable for good, it would wake
    /// the loop at once, for ever), the guard is reaped, and, when this loop's tasks have the guard stop them, the
    /// warning of ``OrphanGuardLoss`` is given.
    private func orphanGuardEnded() {
        guard let ended = LocalProcessExecutor.orphanGuard, let descriptor = ended.endDescriptor else { return }
        try? epoll.remove(descriptor)
        if let warning = OrphanGuardLoss.reap(ended), orphanGuard != nil {
            monitor.warn(warning)
        }
    }

    /// The epoll tag of `channel` of process `id`.
    static func tag(_ id: UInt64, _ channel: Channel) -> UInt64 {
        id << 2 | channel.rawValue
    }

    // MARK: Events

    private func takeInbox() {
        // The spare delivery's arrays go to the inbox, and come back emptied after the handling below, which holds
        // them in a variable of its own.
        var delivery = ProcessMonitor.Delivery()
        swap(&delivery, &spareDelivery)
        monitor.takeInbox(into: &delivery)
        if !delivery.arrivals.isEmpty {
            // A listing made before lacks the new leaders.
            forgetSessionListings()
        }
        for arrival in delivery.arrivals {
            register(arrival)
        }
        for id in delivery.stopRequests {
            if let process = processes[id] {
                stop(process, because: .cancelled)
            }
        }
        for id in delivery.readingResumed {
            if let process = processes[id] {
                resumeReading(process)
            }
        }
        delivery.removeAll()
        spareDelivery = delivery
    }

    private func register(_ arrival: ProcessMonitor.Arrival) {
        let process = WatchedProcess(arrival, outputLimit: settings.outputLimit)
        processes[process.id] = process
        switch arrival.registration {
        case .success(let pidfd):
            process.pidfd = pidfd
            process.pidfdWatched = true
        case .failure(let error):
            // A process that cannot be watched is killed now rather than left running unseen, and reaped once it
            // has ended (``reapUnwatched(_:)``): waiting for it here would hold every other process's deadlines and
            // output until it ends, which a child stuck in `chdir` on a hung mount does when the mount answers.
            process.unwatchedBecause = error
            process.terminating = true
            process.killedAt = clock.now
            signal(process, .kill)
            reapUnwatched(process)
            return
        }
        if settings.adoptsOrphans && nextStrayScan == nil {
            nextStrayScan = clock.now + Self.strayScanInterval
        }
        if let timeout = arrival.request.timeout {
            deadlines.insert(Deadline(processID: process.id, action: .timeout), at: arrival.request.start + timeout)
        }
        if let heartbeat = arrival.request.heartbeat {
            process.lastHeartbeat = heartbeat.initialLook
            process.lastHeartbeatSeen = arrival.request.start
            deadlines.insert(
                Deadline(processID: process.id, action: .heartbeat), at: arrival.request.start + heartbeat.lookInterval)
        }
        if arrival.stopRequested {
            stop(process, because: .cancelled)
        }
    }

    /// The leader's pidfd is readable: the leader has exited, and is reaped. One that cannot be reaped yet is traced
    /// by another process (`strace -p`, a debugger), to which its end is reported first, and to prx only once the
    /// tracer has waited for it or let it go, with no event: its pidfd, readable from now on, is no more watched (the
    /// loop would wake for it at once, for ever), and the leader is reaped by probes
    /// (``probeWhileLeaderIsUnreaped(_:)``).
    private func leaderPidfdReadable(_ process: WatchedProcess) {
        leaderExited(process)
        guard process.exit == nil, process.pidfdWatched, let pidfd = process.pidfd, processes[process.id] === process
        else { return }
        try? epoll.remove(pidfd)
        process.pidfdWatched = false
        scheduleProbe(process)
    }

    private func leaderExited(_ process: WatchedProcess) {
        guard process.exit == nil else { return }
        let exit: ProcessID.Exit?
        do {
            exit = try process.pid.wait(blocking: false)
        } catch {
            process.leaderEnd = clock.now
            finish(process, failure: error)
            return
        }
        guard let exit else { return }
        process.exit = exit
        process.leaderEnd = clock.now
        // The probes of the group left start again from the first wait.
        process.probeDelay = nil
        if let pidfd = process.pidfd {
            // A reaped process's pidfd stays readable; the descriptor itself stays open until the end.
            try? epoll.remove(pidfd)
            process.pidfdWatched = false
        }
        settleOnceEventsAreHandled(process)
    }

    private func read(_ process: WatchedProcess, _ channel: Channel) {
        // A paused pipe's only event is its hang-up, reported once: it is read once reading resumes.
        guard !process.readingPaused, let fd = descriptor(process, channel) else { return }
        do {
            let count = try fd.read(into: readBuffer)
            if count > 0 {
                deliver(UnsafeRawBufferPointer(rebasing: readBuffer[..<count]), from: process, channel)
                pauseReadingWhileSinksAreBehind(process)
                return
            }
        } catch {
            if error == .wouldBlock { return }
        }
        close(process, channel)
        if process.stdout == nil && process.stderr == nil {
            if process.exit == nil {
                // A process closes its pipes as it exits, just before it becomes a zombie: reaping it now, rather
                // than at its pidfd's event, usually saves the loop a wake-up per task.
                leaderExited(process)
            } else {
                settleOnceEventsAreHandled(process)
            }
        }
    }

    /// Runs the deadlines that are due; returns the instant it took as now.
    private func runDueDeadlines() -> ContinuousClock.Instant {
        let now = clock.now
        while let first = deadlines.first, first.instant <= now {
            let deadline = deadlines.removeFirst().payload
            guard let process = processes[deadline.processID] else { continue }
            switch deadline.action {
            case .timeout:
                stop(process, because: .timeout)
            case .heartbeat:
                // A task whose leader exited while a job it left holds its output (without process groups) is not
                // over: its heartbeat is watched until it is, as its time limit is.
                if (process.exit == nil || isOutputOfExitedLeaderOpen(process)) && process.stopCause == nil {
                    checkHeartbeat(process)
                }
            case .kill:
                if process.killedAt == nil {
                    kill(process)
                }
            case .probe:
                process.probePending = false
                if process.unwatchedBecause != nil {
                    reapUnwatched(process)
                } else if process.exit == nil {
                    probeWhileLeaderIsUnreaped(process)
                } else {
                    settle(process)
                }
            }
        }
        return now
    }

    /// Whether the process, run without a process group of its own, has its leader reaped and its output still open:
    /// a background job it left holds its standard output or error, which the loop reads to the end
    /// (``settle(_:left:)``).
    private func isOutputOfExitedLeaderOpen(_ process: WatchedProcess) -> Bool {
        !settings.useProcessGroups && process.exit != nil && processes[process.id] === process
            && (process.stdout != nil || process.stderr != nil)
    }

    /// Looks at the process's heartbeat file: stops the process when the loop has seen it unchanged for the
    /// heartbeat timeout, and otherwise sets the next look. A file that has gone, or come back, has changed: a task
    /// may replace its file by removing it and writing a new one, which a look between the two finds missing, and a
    /// missing file is no proof of silence; one that stays missing is stopped a timeout after the look that found it
    /// gone.
    private func checkHeartbeat(_ process: WatchedProcess) {
        guard let heartbeat = process.request.heartbeat else { return }
        let look = try? heartbeat.file.look()
        let now = clock.now
        if look != process.lastHeartbeat {
            process.lastHeartbeat = look
            process.lastHeartbeatSeen = now
        }
        let silenceEnds = (process.lastHeartbeatSeen ?? now) + heartbeat.timeout
        guard silenceEnds > now else {
            stop(process, because: .noHeartbeat)
            return
        }
        deadlines.insert(
            Deadline(processID: process.id, action: .heartbeat), at: min(silenceEnds, now + heartbeat.lookInterval))
    }

    /// Reaps the strays that have exited and guards the others; looks again a ``strayScanInterval`` later while
    /// processes are watched or strays run (or a spawn under way kept the look from being taken).
    private func scanStrays() {
        let strays = StrayProcesses.reapExited(guarding: orphanGuard)
        nextStrayScan = processes.isEmpty && strays == 0 ? nil : clock.now + Self.strayScanInterval
    }

    /// The first deadline or stray scan, when the loop must wake with no event. Read once a round: some 400
    /// instructions (the generic `min` compared the two through `Comparable`'s witness).
    private var nextWake: ContinuousClock.Instant? {
        guard let scan = nextStrayScan else { return deadlines.first?.instant }
        guard let first = deadlines.first?.instant else { return scan }
        return first < scan ? first : scan
    }

    /// The wait until `wake` (none: `nil`, -1), in milliseconds, as epoll takes it.
    private func milliseconds(to wake: ContinuousClock.Instant?) -> Int32 {
        guard let wake else { return -1 }
        let remaining = wake - clock.now
        guard remaining > .zero else { return 0 }
        let (seconds, attoseconds) = remaining.components
        let attosecondsPerMillisecond: Int64 = 1_000_000_000_000_000
        // Rounded up, so that the loop never wakes before the deadline and spins.
        let milliseconds = seconds * 1000 + (attoseconds + attosecondsPerMillisecond - 1) / attosecondsPerMillisecond
        return Int32(clamping: milliseconds)
    }

    // MARK: Stopping

    /// Settles the process, whose leader has been reaped (``settle(_:left:)``), now, or, when prx stopped it and so
    /// looks through its session, once this round's events are handled (once, though its pidfd and its pipes may both
    /// have said it ended): that look shares the round's ``SessionListing``, made then, after every leader that the
    /// events reaped, whose orphans prx adopted as it exited.
    private func settleOnceEventsAreHandled(_ process: WatchedProcess) {
        if process.stopCause != nil && settings.useProcessGroups {
            if !process.settlePending {
                process.settlePending = true
                settlesAfterEvents.append(process)
            }
        } else {
            settle(process)
        }
    }

    /// Settles the stopped processes whose leaders this round's events reaped, with a listing made now.
    private func settleStoppedAfterEvents() {
        guard !settlesAfterEvents.isEmpty else { return }
        forgetSessionListings()
        let stopped = settlesAfterEvents
        settlesAfterEvents = []
        for process in stopped {
            process.settlePending = false
            if processes[process.id] === process { settle(process) }
        }
    }

    /// Settles a process whose leader has been reaped: finishes it if nothing is left of it, or if it was killed and
    /// waiting for its members is over; otherwise terminates the members left and probes again. `left` says whether
    /// the group or, once prx stopped the process, its session's other groups had processes left, when the caller has
    /// just looked; `nil` looks now.
    private func settle(_ process: WatchedProcess, left: Bool? = nil) {
        guard settings.useProcessGroups else {
            // A task's background jobs outlive it here, as in parallelr, which reads a task's output to its end: the
            // pipes a job holds are read until it closes them (``read(_:_:)`` settles the process then), rather than
            // closed under it, which would end it with SIGPIPE at its next write. Its time limit or a stop ends the
            // wait.
            if process.stopCause == nil && (process.stdout != nil || process.stderr != nil) { return }
            finish(process)
            return
        }
        guard (left ?? hasProcessesLeft(process)) || sessionHasGroupsMissed(process) else {
            finish(process)
            return
        }
        if let killedAt = process.killedAt {
            // Members sent SIGKILL are still in the group until they have ended, moments later. When prx adopts its
            // tasks' orphans, it waits for them (and reaps them): a task finished before then left them to be taken
            // for processes it started outside its group at the end of the run. One that SIGKILL does not end at
            // once (in uninterruptible sleep) is left running after ``killedMembersPatience``.
            guard settings.adoptsOrphans, clock.now - killedAt < Self.killedMembersPatience else {
                finish(process)
                return
            }
        } else if !process.terminating {
            // What a leader that exited by itself left in its group is sent SIGTERM only after ``leavingWait``, or
            // once a member still runnable has had that much CPU time (``hasMembersStillLeaving(_:)``): a member on
            // its way to a session of its own, a daemon the task started as it ended (`setsid server &`, or setsid(1)
            // as its program, which forks and exits), is still in the group for the exec before its setsid, and a
            // SIGTERM sent as the leader was reaped, or on a loaded machine 25 ms later, ended it there.
            if process.stopCause == nil {
                let until = process.membersMayLeaveUntil ?? clock.now + Self.leavingWait
                process.membersMayLeaveUntil = until
                if clock.now < until || hasMembersStillLeaving(process) {
                    scheduleProbe(process)
                    return
                }
                // The probes of the group being stopped start again from the first wait.
                process.probeDelay = nil
            }
            terminate(process)
        }
        scheduleProbe(process)
    }

    /// Whether the group of a process whose leader exited by itself, its ``leavingWait`` over, still has a member that
    /// may be on its way out of the group (``LeavingMembers``): runnable, and given less than ``leavingWait`` of CPU
    /// time by a loaded machine. Such a member is waited for until it has had it, ``leavingPatience`` after the
    /// leader's end at most; the group is looked through at each probe meanwhile, the round's ``SessionListing``
    /// shared. Nothing is looked through for a group whose members all left within the wait.
    private func hasMembersStillLeaving(_ process: WatchedProcess) -> Bool {
        guard let end = process.leaderEnd, clock.now - end < Self.leavingPatience else { return false }
        return LeavingMembers.anyStarting(
            inGroupOf: process.pid, listing: roundListing(second: false), cpuTime: Self.leavingWait)
    }

    /// Looks through the session of a stopped process whose leader has not been reaped, and so holds its group: during
    /// the grace, and after the `SIGKILL`, which a leader in uninterruptible sleep (a hung mount) may outlive for ever.
    /// Groups found since the last look are sent the `SIGKILL` once it was sent (and no `SIGTERM`: only the first look
    /// sends it, ``SessionGroups``), and the orphan guard's slots of those that have ended are released: once a group
    /// has ended, its id may be given to another group, which the guard would signal should prx die. Probes again while
    /// the look found any. A leader whose end its tracer holds (its pidfd no more
    /// watched, ``leaderPidfdReadable(_:)``) is reaped if it can be, and probed until then.
    private func probeWhileLeaderIsUnreaped(_ process: WatchedProcess) {
        if !process.pidfdWatched {
            leaderExited(process)
            // Reaped, or finished as no child of prx's any more.
            guard process.exit == nil, processes[process.id] === process else { return }
            scheduleProbe(process)
        }
        if signalTheSessionsOtherGroups(process, process.lastSignal) {
            scheduleProbe(process)
        }
    }

    /// Looks at the process again after the next of the probes' waits, unless a look is due already.
    private func scheduleProbe(_ process: WatchedProcess) {
        guard !process.probePending else { return }
        let delay = nextProbeDelay(process)
        process.probePending = true
        process.probeDelay = delay
        deadlines.insert(Deadline(processID: process.id, action: .probe), at: clock.now + delay)
    }

    /// The wait before the next probe of the process: the last one doubled, from the first of ``probeDelays`` up to
    /// the longest, or a ``strayScanInterval`` once a ``killedMembersPatience`` has passed since the `SIGKILL`. What
    /// is left then (a leader in uninterruptible sleep on a hung mount, or whose end its tracer holds, and the groups
    /// that outlive it) may stay for ever, and without orphans adopted each look at its session lists every process
    /// of `/proc`; a group that ends still has its slot with the orphan guard released at the next look.
    private func nextProbeDelay(_ process: WatchedProcess) -> Duration {
        if let killedAt = process.killedAt, clock.now - killedAt >= Self.killedMembersPatience {
            return Self.strayScanInterval
        }
        return process.probeDelay.map { min($0 * 2, Self.probeDelays.longest) } ?? Self.probeDelays.first
    }

    /// Reaps a process that could not be watched (``WatchedProcess/unwatchedBecause``), killed already, and
    /// finishes it once it has ended; until then, probes again.
    private func reapUnwatched(_ process: WatchedProcess) {
        do {
            guard let exit = try process.pid.wait(blocking: false) else {
                scheduleProbe(process)
                return
            }
            process.exit = exit
        } catch {
            // No child of prx's any more: nothing to wait for.
        }
        process.leaderEnd = clock.now
        finish(process, failure: process.unwatchedBecause)
    }

    /// Stops what is left of the process for `cause` (the first cause stands), once an exit of its leader that the
    /// loop has not taken in yet is: a deadline due, or a stop request in the inbox, is no proof that the leader
    /// outlived it. Its pidfd's event may not have been read: prx itself was stopped (`SIGSTOP`, `^Z`) while the
    /// leader exited, and the wait the loop woke from with `SIGCONT` returned no event, or more processes ended at once
    /// than one wait returns, or the leader exited after the wait returned, while the loop handled other events (the
    /// run's interruption coming meanwhile). A leader found exited here is reaped and settled as its event would have
    /// had it, and one that had exited before the stop came keeps its own end (``WatchedProcess/endedBeforeStop``):
    /// the stop then reaches only what it left in its group and its session, if anything (not so a leader run without
    /// a process group whose output a job it left still holds open: the task is not over, and the stop ends it). One
    /// that exits between this look and the signal exited after the stop came: it is stopped, as its status says. A
    /// process that could not be watched was killed as it came, and is reaped by probes alone (``reapUnwatched(_:)``).
    private func stop(_ process: WatchedProcess, because cause: ProcessMonitor.StopCause) {
        if process.stopCause == nil && process.unwatchedBecause == nil {
            leaderExited(process)
            // Finished: nothing of it was left to stop.
            guard processes[process.id] === process else { return }
            // Without a process group, a task whose leader exited is not over while a job it left holds its output
            // open (``settle(_:left:)``): the stop ends that wait, as the task's time limit or stop.
            process.endedBeforeStop = process.exit != nil && !isOutputOfExitedLeaderOpen(process)
        }
        if process.stopCause == nil {
            process.stopCause = cause
        }
        if isOutputOfExitedLeaderOpen(process) {
            // Without a process group there is nothing left to signal: only the wait for the output ends.
            finish(process)
            return
        }
        if !process.terminating {
            terminate(process)
        }
    }

    private func terminate(_ process: WatchedProcess) {
        process.terminating = true
        signal(process, .terminate)
        if settings.terminationGrace > .zero {
            deadlines.insert(Deadline(processID: process.id, action: .kill), at: clock.now + settings.terminationGrace)
            if process.exit == nil && process.sessionGroups.foundAny {
                scheduleProbe(process)
            }
        } else {
            kill(process)
        }
    }

    /// Sends `SIGKILL` and settles the process with what the signal's look found left, rather than look again; while
    /// its leader is not reaped, probes its session's other groups, if the look found any
    /// (``probeWhileLeaderIsUnreaped(_:)``).
    private func kill(_ process: WatchedProcess) {
        process.killedAt = clock.now
        let left = signal(process, .kill)
        guard process.exit != nil else {
            if process.sessionGroups.foundAny {
                scheduleProbe(process)
            }
            return
        }
        settle(process, left: left)
    }

    /// Sends `signal`, once prx stopped the process, to its session's other groups (``SessionGroups``), then to
    /// its group; returns whether any of them had processes: with process groups, the group has while its leader is
    /// not reaped. The other groups come first, recorded with the orphan guard before the task's own group is
    /// signalled: a task whose shell ends at the `SIGTERM` while its job runs on in a group of its own has the job
    /// guarded by then, should prx be killed at that moment. A `SIGTERM` sent is marked in the group's slot with the
    /// guard, which then sends it none of its own should prx die during the grace.
    @discardableResult
    private func signal(_ process: WatchedProcess, _ signal: Signal) -> Bool {
        guard settings.useProcessGroups else {
            if process.exit == nil { try? process.pid.send(signal) }
            return process.exit == nil
        }
        let othersLeft = signalTheSessionsOtherGroups(process, signal)
        // Once the leader is reaped, only the group's members keep its id from other groups, and the last probe
        // may be 250 ms old: the group is looked at first, and an empty one is sent nothing.
        let groupLeft = process.exit == nil || groupHasMembers(process)
        if groupLeft {
            do throws(Errno) {
                try process.pid.sendToGroup(signal)
            } catch {
                // A leader not yet reaped that leads no group has not made its session yet (the spawn does not
                // wait for the child's set-up): the signal, blocked in the child until then, waits for it.
                if error == .noSuchProcess && process.exit == nil { try? process.pid.send(signal) }
            }
            if signal == .terminate, let slot = process.guardSlot {
                orphanGuard?.recordTerminated(slot)
            }
        }
        return groupLeft || othersLeft
    }

    /// Whether the group of `process` has members left or, once prx stopped it, its session has other groups left;
    /// those found since the last look are sent the signal its own group was sent last (`SIGTERM` only by the
    /// session's first look, ``SessionGroups``). Both are looked at: a stop that came while the group was being
    /// terminated reaches the session's other groups.
    private func hasProcessesLeft(_ process: WatchedProcess) -> Bool {
        let groupLeft = groupHasMembers(process)
        let othersLeft = signalTheSessionsOtherGroups(process, process.lastSignal)
        return groupLeft || othersLeft
    }

    /// Whether a second look through the session of a process prx stopped, about to be finished as the first found
    /// nothing left, finds groups: a process forked after the first look's listing, whose parent ended before the
    /// look, was in no list that the look read. The second look uses the round's second listing, made after the first
    /// look of the round that found nothing; what it finds is sent the signal last sent (as by
    /// ``hasProcessesLeft(_:)``).
    private func sessionHasGroupsMissed(_ process: WatchedProcess) -> Bool {
        signalTheSessionsOtherGroups(process, process.lastSignal, secondLook: true)
    }

    /// Sends `signal` to the groups of the process's session other than its own, once prx stopped it (`SIGTERM` to
    /// those the first look finds alone, ``SessionGroups``), and records them with the orphan guard; returns whether
    /// there were any. The look uses this round's ``SessionListing`` or, for a `secondLook`, its second one, each made
    /// by the first look that needs it.
    private func signalTheSessionsOtherGroups(
        _ process: WatchedProcess, _ signal: Signal, secondLook: Bool = false
    ) -> Bool {
        guard process.stopCause != nil else { return false }
        return process.sessionGroups.signal(
            signal, leader: process.pid, listing: roundListing(second: secondLook), orphanGuard: orphanGuard)
    }

    /// This round's ``SessionListing``, or its `second` one, made now if it was not.
    private func roundListing(second: Bool) -> SessionListing {
        if let listing = second ? secondSessionListing : sessionListing { return listing }
        let listing = SessionListing(everyProcess: !settings.adoptsOrphans)
        if second {
            secondSessionListing = listing
        } else {
            sessionListing = listing
        }
        return listing
    }

    /// Drops this round's listings: the next look makes its own.
    private func forgetSessionListings() {
        sessionListing = nil
        secondSessionListing = nil
    }

    /// Whether the group of `process` has members left. Members that have exited and are prx's children (prx is
    /// their subreaper) are reaped first: a zombie still counts as a member.
    private func groupHasMembers(_ process: WatchedProcess) -> Bool {
        do {
            try process.pid.sendToGroup(.probe)
            guard ChildProcesses.reapExited(inGroup: process.pid) else { return true }
            while ChildProcesses.reapExited(inGroup: process.pid) {}
            try process.pid.sendToGroup(.probe)
            return true
        } catch {
            return error != .noSuchProcess
        }
    }

    // MARK: Output and the end

    private func descriptor(_ process: WatchedProcess, _ channel: Channel) -> FileDescriptor? {
        channel == .stdout ? process.stdout : process.stderr
    }

    private func deliver(_ bytes: UnsafeRawBufferPointer, from process: WatchedProcess, _ channel: Channel) {
        let stream: OutputChunk.Stream
        if channel == .stdout {
            process.stdoutTail.append(bytes)
            stream = .stdout
        } else {
            process.stderrTail.append(bytes)
            stream = .stderr
        }
        process.request.output?(OutputChunk(taskID: process.request.taskID, stream: stream, bytes: Array(bytes)))
    }

    /// Stops reading the process's pipes when the sinks are behind (its backlog is full), until the backlog says they
    /// have caught up: each pipe is watched for nothing but its hang-up, once (edge-triggered: a pipe whose writers
    /// have all gone would otherwise be reported at every wait). Pipes that cannot be watched so are read on.
    private func pauseReadingWhileSinksAreBehind(_ process: WatchedProcess) {
        guard let backlog = process.request.outputBacklog, backlog.isFull else { return }
        do throws(Errno) {
            try watchPipes(of: process, for: .edgeTriggered)
        } catch {
            try? watchPipes(of: process, for: .readable)
            return
        }
        process.readingPaused = true
        resumeReadingOnceDrained(process, backlog)
    }

    /// Reads the process's pipes again, now that the sinks have caught up, unless they have fallen behind again since:
    /// then it waits for them again.
    private func resumeReading(_ process: WatchedProcess) {
        guard process.readingPaused, let backlog = process.request.outputBacklog else { return }
        guard !backlog.isFull else {
            resumeReadingOnceDrained(process, backlog)
            return
        }
        process.readingPaused = false
        try? watchPipes(of: process, for: .readable)
    }

    /// Has `backlog` tell the monitor, from the run's task, once the sinks have caught up, to resume reading the
    /// process's pipes (``resumeReading(_:)``, on this thread, as the loop next takes its inbox).
    private func resumeReadingOnceDrained(_ process: WatchedProcess, _ backlog: OutputBacklog) {
        let id = process.id
        backlog.whenDrained { [monitor] in monitor.resumeReading(id) }
    }

    /// Watches the process's open pipes for `events`.
    private func watchPipes(of process: WatchedProcess, for events: Epoll.Events) throws(Errno) {
        for channel in [Channel.stdout, .stderr] {
            if let fd = descriptor(process, channel) {
                try epoll.modify(fd, events: events, tag: Self.tag(process.id, channel))
            }
        }
    }

    private func close(_ process: WatchedProcess, _ channel: Channel) {
        guard let fd = descriptor(process, channel) else { return }
        try? epoll.remove(fd)
        fd.close()
        if channel == .stdout {
            process.stdout = nil
        } else {
            process.stderr = nil
        }
    }

    /// Reads what is left in a pipe, up to ``drainLimit`` bytes, then closes it.
    private func drain(_ process: WatchedProcess, _ channel: Channel) {
        var drained = 0
        while drained < Self.drainLimit, let fd = descriptor(process, channel) {
            guard let count = try? fd.read(into: readBuffer), count > 0 else { break }
            deliver(UnsafeRawBufferPointer(rebasing: readBuffer[..<count]), from: process, channel)
            drained += count
        }
        close(process, channel)
    }

    private func finish(_ process: WatchedProcess, failure: Errno? = nil) {
        drain(process, .stdout)
        drain(process, .stderr)
        if let pidfd = process.pidfd {
            if process.pidfdWatched {
                try? epoll.remove(pidfd)
            }
            pidfd.close()
        }
        processes[process.id] = nil
        if let slot = process.guardSlot {
            orphanGuard?.release(slot)
        }
        process.sessionGroups.release(from: orphanGuard)
        // Deadlines of finished processes are skipped when due; drop them when they pile up.
        if deadlines.count > 64 && deadlines.count > 4 * processes.count {
            deadlines.removeAll { processes[$0.payload.processID] == nil }
        }
        let end = clock.now
        process.continuation.resume(returning: ProcessMonitor.Report(
            exit: process.exit,
            failure: failure,
            stopCause: process.endedBeforeStop ? nil : process.stopCause,
            leaderEnd: process.leaderEnd ?? end,
            end: end,
            stdoutTail: process.stdoutTail.text,
            stderrTail: process.stderrTail.text
        ))
    }

}
#endif
