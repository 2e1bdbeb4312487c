#if os(Linux)
import PRXKernel

/// The process groups that a task started in its session besides its own group: `timeout(1)` puts itself and
/// its command in a group of their own, and so does a shell with job control (`set -m`) for each job. Signals to the
/// task's group do not reach them, so a task that prx stops (its time limit, a cancellation, no heartbeat) has its
/// session looked through for them, and they are stopped with it.
///
/// A task's session is the one its leader made: its id is the leader's, and so is that of the task's own group.
/// The processes in it are found from prx's children in it (the leader, until it is reaped, and what prx adopted
/// from it as their parents exited) down through their descendants in it, by the kernel's lists of each process's
/// children: a look costs a few reads for each of the task's processes and nothing for the machine's others, which
/// reading all of `/proc` would. What prx cannot see is left out: a process whose parent exited when prx adopts no
/// orphans (init is its parent then), and the descendants of a process that left the session (they did too, unless
/// they were started before it left).
///
/// Each group's id is read from a process found in it moments before, so a group signalled is the task's: its id
/// cannot be given to another group while that process lives. The children of prx's are reaped here only when they
/// have exited, and never the leader, which the monitor reaps.
enum SessionGroups {
    /// The most processes one look goes through, should the lists it reads keep changing under it.
    private static let lookLimit = 100_000

    /// The groups, other than the leader's own, of the processes in the session of the task whose leader is
    /// `leader`; reaps the exited children of prx's in the session other than the leader, which are in no group
    /// that matters any more.
    static func others(ofLeader leader: ProcessID) -> Set<ProcessID> {
        var pending = ChildProcesses.list().filter { child in
            guard child.sessionID == leader else { return false }
            return child == leader || (try? child.wait(blocking: false)) == nil
        }
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
