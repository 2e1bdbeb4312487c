#if os(Linux)
/// What a task's start lacked when it was refused for a cause that the end of a running task may lift, so that the
/// task waits for one to end (``SpawnBackOff``) rather than failing at once.
enum SpawnShortage: Sendable, Hashable {
    /// The process limit refused the task's process, or a thread prx needs for it (`EAGAIN`: `ulimit -u`, the
    /// cgroup's `pids.max`): a running task's end gives a process back, and so may a process outside prx.
    case processLimit
    /// Memory ran short (`ENOMEM`: `ulimit -v`, strict overcommit, the kernel's own): a running task's end gives back
    /// its spawn area, which the next start reuses, and the kernel's memory its process held. Nothing else gives
    /// prx's address space back, so with no task of prx's running there is nothing to wait for.
    case memory
    /// prx's limit on open files refused a descriptor the start needs, a pipe's, the pidfd's, the feedback file's
    /// or the child's `/dev/null` (`EMFILE`: `ulimit -n`): a running task's end gives back the three it holds. prx
    /// counts its workers to fit the limit (the command's descriptor budget), so this is a file prx did not count, a
    /// plugin's or a hook's; nothing outside prx gives prx's descriptors back, so with no task of prx's running there
    /// is nothing to wait for.
    case openFiles

    /// The shortage that `error` reports, or `nil` for an error that no task's end lifts.
    init?(_ error: Errno) {
        switch error {
        case .processLimitReached: self = .processLimit
        case .outOfMemory: self = .memory
        case .tooManyOpenFiles: self = .openFiles
        default: return nil
        }
    }

    /// The shortage that a child's failed start reports: its set-up's, whose descriptors and memory are the ones the
    /// spawn itself takes (the child, sharing prx's table of descriptors as it was, opens `/dev/null` for its
    /// standard input, and `EMFILE` there is prx's full table), or `nil` for a later step's error, the task's own
    /// working directory's or program's.
    init?(_ failure: SpawnArea.Failure) {
        guard failure.step == .setUp else { return nil }
        self.init(failure.error)
    }
}
#endif
