#if os(Linux)
import PRXKernel

/// The process groups that a task started in its session besides its own group: `timeout(1)` puts itself and
/// its command in a group of their own, and so does a shell with job control (`set -m`) for each job. Signals to the
/// task's group do not reach them, so a task that prx stops (its time limit, a cancellation, no heartbeat) has its
/// session looked through for them, and they are stopped with it; while it is stopped, they are recorded with the
/// orphan guard, which stops them if prx dies meanwhile.
///
/// A task's session is the one its leader made: its id is the leader's, and so is that of the task's own group.
/// The processes in it are found from a ``SessionListing``: when prx adopts its tasks' orphans, from prx's children in
/// it (the leader, until it is reaped, and what prx adopted from it as their parents exited) down through their
/// descendants in it, by the kernel's lists of each process's children, which costs a few reads for each of the
/// task's processes; when it adopts none, what the listing of every process has in the session (a process whose
/// parent exited is init's then, and no walk from prx's children finds it). What a walk cannot see is left out: the
/// descendants of a process that left the session (they did too, unless they were started before it left).
///
/// Each group's id is read from a process found in it moments before, in one read of its `/proc/PID/stat` with its
/// session, so a group signalled is the task's: its id cannot be given to another group while that process lives,
/// and a process given a listed id since the listing (its `getsid`) is in another session, or the task's. The children
/// of prx's are reaped here only when they have exited, and never the leader, which the monitor reaps.
struct SessionGroups {
    /// A process of the session, with its group and session as one read of its `/proc/PID/stat` gave them
    /// (``ProcessStat``): they are one process's, where a group read after the session could be that of a process
    /// given the id in between, in no group of the task's.
    private struct Member {
        /// The process's id.
        let id: ProcessID
        /// Its group's id.
        let group: ProcessID
        /// Its session's id.
        let session: ProcessID
        /// Whether it has ended and only its parent's `wait` is missing (``ProcessStat/hasEnded``).
        let hasEnded: Bool

        /// Reads process `id`; `nil` when it has gone.
        init?(reading id: ProcessID) {
            guard let stat = ProcessStat(of: id.rawValue), let group = stat.groupID, let session = stat.sessionID
            else { return nil }
            self.id = id
            self.group = ProcessID(rawValue: group)
            self.session = ProcessID(rawValue: session)
            hasEnded = stat.hasEnded
        }
    }

    /// The most processes one look goes through, should the lists it reads keep changing under it.
    private static let lookLimit = 100_000

    /// Whether a look has sent `SIGTERM`: the first look alone sends it. A group first found by a later look was made
    /// during the grace (by a process forked after the `SIGTERM`, or one that moved out of a group sent it: a job's
    /// process that makes a group of its own at the signal), and a second `SIGTERM` can cut short the clean-up the
    /// first began; it gets the `SIGKILL` after the grace.
    private var terminatedGroups = false
    /// The groups found by the last look, each with its slot with the orphan guard (`nil` without a guard, or when
    /// its table is full).
    private var lastFound: [ProcessID: OrphanGuard.Slot?] = [:]

    /// Looks through the session of the task whose leader is `leader` in `listing`, records the groups found with
    /// `orphanGuard` (releasing those of groups no more found), and sends each `signal`; `SIGTERM` only at the first
    /// look that sends it (``terminatedGroups``). Once it has, the slot of every group found is marked as sent
    /// `SIGTERM`, which tells the guard that the group is in prx's grace: should prx die, the guard sends it none of
    /// its own, only its `SIGKILL` after its grace. Returns whether there were any.
    mutating func signal(
        _ signal: Signal, leader: ProcessID, listing: SessionListing, orphanGuard: OrphanGuard?
    ) -> Bool {
        let groups = Self.others(ofLeader: leader, in: listing)
        for (group, slot) in lastFound where !groups.contains(group) {
            if let slot { orphanGuard?.release(slot) }
            lastFound[group] = nil
        }
        for group in groups {
            if lastFound[group] == nil {
                lastFound[group] = .some(orphanGuard?.watch(group: group))
            }
            if signal != .terminate || !terminatedGroups {
                try? group.sendToGroup(signal)
            }
            if signal == .terminate, let slot = lastFound[group] ?? nil {
                orphanGuard?.recordTerminated(slot)
            }
        }
        if signal == .terminate { terminatedGroups = true }
        return !groups.isEmpty
    }

    /// Whether the last look found any groups.
    var foundAny: Bool { !lastFound.isEmpty }

    /// Releases the slots of the groups recorded with `orphanGuard`: the task is finished.
    mutating func release(from orphanGuard: OrphanGuard?) {
        for case let slot? in lastFound.values {
            orphanGuard?.release(slot)
        }
        lastFound = [:]
    }

    /// The groups, other than the leader's own, of the processes in the session of the task whose leader is
    /// `leader`; reaps the exited children of prx's in the session other than the leader, which are in no group
    /// that matters any more.
    private static func others(ofLeader leader: ProcessID, in listing: SessionListing) -> Set<ProcessID> {
        // Each listed process is read again, its state, group and session at once: one given a listed id since
        // the listing is in another session, and is left out.
        let listed = listing.processes(inSession: leader).compactMap(Member.init(reading:))
            .filter { $0.session == leader }
        guard !listing.listsEveryProcess else {
            // A zombie has ended: its parent, init once its own parent exited, reaps it when it gets to it (init
            // may take a second or more), and its group needs no signal.
            return Set(listed.filter { !$0.hasEnded && $0.group != leader }.map(\.group))
        }
        var pending = listed.filter { child in
            child.id == leader || (try? child.id.wait(blocking: false)) == nil
        }
        var groups = Set<ProcessID>()
        var looked = 0
        while let process = pending.popLast(), looked < lookLimit {
            looked += 1
            if process.group != leader {
                groups.insert(process.group)
            }
            pending += ChildProcesses.list(of: process.id).compactMap(Member.init(reading:))
                .filter { $0.session == leader }
        }
        return groups
    }
}
#endif
