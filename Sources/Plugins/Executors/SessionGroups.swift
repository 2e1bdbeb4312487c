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
/// Each group's id is read from a process found in it moments before, so a group signalled is the task's: its id
/// cannot be given to another group while that process lives. The children of prx's are reaped here only when they
/// have exited, and never the leader, which the monitor reaps.
struct SessionGroups {
    /// The most processes one look goes through, should the lists it reads keep changing under it.
    private static let lookLimit = 100_000

    /// The groups that have been sent `SIGTERM`, each once.
    private var terminated: Set<ProcessID> = []
    /// The groups found by the last look, each with its slot with the orphan guard (`nil` without a guard, or when
    /// its table is full).
    private var lastFound: [ProcessID: OrphanGuard.Slot?] = [:]

    /// Looks through the session of the task whose leader is `leader` in `listing`, records the groups found with
    /// `orphanGuard` (releasing those of groups no more found), and sends each `signal`, `SIGTERM` only to those not
    /// sent it before; returns whether there were any.
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
            if signal != .terminate || terminated.insert(group).inserted {
                try? group.sendToGroup(signal)
            }
        }
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
        let listed = listing.processes(inSession: leader)
        guard !listing.listsEveryProcess else {
            // A zombie has ended: its parent, init once its own parent exited, reaps it when it gets to it (init
            // may take a second or more), and its group needs no signal.
            return Set(listed.filter { !$0.hasEnded }.compactMap { process in
                process.groupID.flatMap { $0 == leader ? nil : $0 }
            })
        }
        var pending = listed.filter { child in child == leader || (try? child.wait(blocking: false)) == nil }
        var groups = Set<ProcessID>()
        var looked = 0
        while let process = pending.popLast(), looked < lookLimit {
            looked += 1
            if let group = process.groupID, group != leader {
                groups.insert(group)
            }
            // Each process's session is read once, as it is listed.
            pending += ChildProcesses.list(of: process).filter { $0.sessionID == leader }
        }
        return groups
    }
}
#endif
