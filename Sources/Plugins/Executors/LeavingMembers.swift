#if os(Linux)
import PRXKernel

/// The members that a task's leader left in its process group as it exited by itself which may still be on their way
/// out of the group: a daemon the task started as it ended (`setsid server &` as its last command, or setsid(1) as its
/// program, which forks and exits) is in the group until its `setsid`, a few milliseconds of its own work after its
/// parent's fork, and a `SIGTERM` to the group before then ends it there.
///
/// The monitor gives them a wait of the wall clock after the leader's end; on a loaded machine a process just forked
/// may wait longer than that for a CPU, and then has done none of that work. A member that waits for nothing but the
/// machine (``ProcessStat/isRunnable``: it runs, waits for a CPU, or for the disk) and has had less CPU time than the
/// wait may be such a daemon, and is given more. One that sleeps waiting for something else (`sleep 100 &`, a server
/// in `accept`), or has had that CPU time (a busy loop), is what the task left behind.
enum LeavingMembers {
    /// Whether the group of `leader`, which has been reaped, has a member among the processes `listing` has in the
    /// leader's session that is runnable and has had less than `cpuTime` of CPU time, as `/proc` counts it (in clock
    /// ticks, ``ProcessStat/ticksPerSecond``). Each listed process is read again, its state, group, session and CPU
    /// time at once.
    static func anyStarting(inGroupOf leader: ProcessID, listing: SessionListing, cpuTime: Duration) -> Bool {
        listing.processes(inSession: leader).contains { id in
            guard let stat = ProcessStat(of: id.rawValue), stat.groupID == leader.rawValue,
                stat.sessionID == leader.rawValue, stat.isRunnable, let ticks = stat.cpuTicks
            else { return false }
            return Duration.milliseconds(Int64(ticks * 1000 / ProcessStat.ticksPerSecond)) < cpuTime
        }
    }
}
#endif
