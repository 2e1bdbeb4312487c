#if os(Linux)
import Glibc

/// prx's own child processes, and prx as the reaper of its descendants' orphans.
enum ChildProcesses {
    /// Makes prx the reaper of the orphans of its descendants (`PR_SET_CHILD_SUBREAPER`, Linux 3.4): a process
    /// whose parent exits becomes a child of prx rather than of init, so that prx can find it, stop it and reap
    /// it, even when it left its task's session.
    ///
    /// The corresponding C function is `prctl`.
    static func becomeSubreaper() throws(Errno) {
        _ = try retryingInterrupts { GNULibC.setChildSubreaper(true) }
    }

    /// Makes prx the reaper of its descendants' orphans no more: those orphaned from now on go to the nearest
    /// subreaper among prx's ancestors, or to init. Those it adopted before stay its children, for it to reap.
    ///
    /// The corresponding C function is `prctl`.
    static func stopBeingSubreaper() throws(Errno) {
        _ = try retryingInterrupts { GNULibC.setChildSubreaper(false) }
    }

    /// Whether prx is the reaper of its descendants' orphans (``becomeSubreaper()``), as something before it may
    /// have made it (the flag outlives `exec`).
    ///
    /// The corresponding C function is `prctl`.
    static func isSubreaper() throws(Errno) -> Bool {
        var isSubreaper: Int32 = 0
        _ = try retryingInterrupts { GNULibC.getChildSubreaper(&isSubreaper) }
        return isSubreaper != 0
    }

    /// Whether the kernel lists a thread's children (`/proc/thread-self/children`, `CONFIG_PROC_CHILDREN`), which
    /// ``list()`` reads.
    static var areListed: Bool {
        (try? SourceFileSystem.status("/proc/thread-self/children")) != nil
    }

    /// The ids of prx's children, those of every thread, zombies included (`/proc/self/task/*/children`); empty
    /// where the kernel does not list them.
    ///
    /// Read with prx's own readers (``SourceFileSystem``, ``LineStream``), which use the C library alone: the
    /// monitor calls it every second for the whole run, and Foundation's directory listing and file
    /// reading left about 14 KB behind per call (60 MB over a million tasks, measured).
    static func list() -> [ProcessID] {
        children(listedUnder: "/proc/self/task")
    }

    /// The ids of the children of `parent`, another process, those of every thread, zombies included; empty when it
    /// has gone or the kernel does not list them. The lists are read one thread at a time: a child started or
    /// ended meanwhile may be missed or named.
    static func list(of parent: ProcessID) -> [ProcessID] {
        children(listedUnder: "/proc/\(parent.rawValue)/task")
    }

    /// The children in the `children` files of the threads in `taskDirectory` (`/proc/PID/task`).
    private static func children(listedUnder taskDirectory: String) -> [ProcessID] {
        let threads = (try? SourceFileSystem.entries(ofDirectory: taskDirectory).names) ?? []
        return threads.flatMap { thread in
            guard let file = try? LineStream(path: "\(taskDirectory)/\(thread)/children"),
                let line = try? file.nextLine()
            else { return [ProcessID]() }
            return line.text.split(whereSeparator: \.isWhitespace).compactMap { pid_t($0) }
                .map(ProcessID.init(rawValue:))
        }
    }

    /// Reaps one exited child of prx's in the process group `group`; returns whether there was one.
    ///
    /// The corresponding C function is `waitpid`.
    static func reapExited(inGroup group: ProcessID) -> Bool {
        var status: Int32 = 0
        let reaped = try? retryingInterrupts { waitpid(-group.rawValue, &status, WNOHANG) }
        return (reaped ?? 0) > 0
    }
}
#endif
