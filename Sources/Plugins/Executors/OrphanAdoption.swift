#if os(Linux)
import Synchronization

/// The process as the subreaper of its tasks' orphans (``ChildProcesses/becomeSubreaper()``), held by the executors
/// that adopt them (``LocalProcessExecutor/Configuration/adoptsOrphans``) while they run: from the first task of an
/// executor's run to that run's end (``LocalProcessExecutor/endRun()``). The first holder makes the process a
/// subreaper, and the last to let go makes it none again.
///
/// A subreaper adopts the orphans of every child of the process, not only of its tasks. prx exits after its run,
/// but a program that embeds the executor and outlives it (a test process) would go on adopting the orphans of each
/// child it runs next (the orphan guard of a `prx` it ran, which outlives that `prx` a moment), and nobody would
/// reap them: they stayed its zombies for good. The orphans adopted while an executor runs are handled as strays
/// (``StrayProcesses``), but for those in the program's own session, which cannot be told from the program's own
/// children and are left for it to reap.
enum OrphanAdoption {
    /// The holders, and what the first one found.
    private struct State {
        /// The executors that started a task since their run last ended.
        var holders = 0
        /// Whether the first holder made the process a subreaper: it was none before, and the kernel could make it
        /// one. The last holder then makes it none again; a process that was one already stays one.
        var madeSubreaper = false
    }

    private static let state = Mutex(State())

    /// Counts one holder more; the first makes the process a subreaper, unless it is one already. A kernel that
    /// cannot (before Linux 3.4), or does not list the process's children to find the strays by
    /// (``ChildProcesses/areListed``), leaves what tasks start outside their groups to init.
    static func hold() {
        state.withLock { state in
            state.holders += 1
            guard state.holders == 1, ChildProcesses.areListed, (try? ChildProcesses.isSubreaper()) != true else {
                return
            }
            state.madeSubreaper = (try? ChildProcesses.becomeSubreaper()) != nil
        }
    }

    /// Counts one holder less; the last makes the process no subreaper again, if the first made it one. Returns
    /// whether it did: the orphans adopted until then are still the process's children, to be stopped and reaped, and
    /// no more come.
    static func release() -> Bool {
        state.withLock { state in
            state.holders -= 1
            guard state.holders == 0, state.madeSubreaper, (try? ChildProcesses.stopBeingSubreaper()) != nil else {
                return false
            }
            state.madeSubreaper = false
            return true
        }
    }
}
#endif
