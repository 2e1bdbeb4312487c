#if os(Linux)
import PRXKernel

/// The processes that the looks at stopped tasks' sessions (``SessionGroups``) start from, each with its session,
/// listed once a round of the monitor loop for all the stopped tasks it looks at (and once more for the looks that
/// confirm finding nothing), so that each process's session is read once a round, not once per task.
///
/// When prx adopts its tasks' orphans, they are prx's children: a process whose parent exited is prx's then, and
/// the look goes down from them through their descendants. When it adopts none, such a process is init's, and no
/// walk from prx's children finds it: the listing is then every process of the machine's (`/proc`), each with its
/// session, and a task's session is what it lists in it. Reading all of `/proc` costs a `getsid` for each of the
/// machine's processes, so it is done only for tasks prx stops, and once a round for all of them.
struct SessionListing {
    /// The listed processes, by the id of their session.
    private var bySession: [ProcessID: [ProcessID]] = [:]
    /// Whether every process of the machine's is listed, not only prx's children.
    let listsEveryProcess: Bool

    /// Lists prx's children or, with `everyProcess`, every process of the machine's, each under its session; a
    /// process that ended meanwhile is left out.
    init(everyProcess: Bool) {
        listsEveryProcess = everyProcess
        let processes = everyProcess ? Self.everyProcess() : ChildProcesses.list()
        for process in processes {
            if let session = process.sessionID {
                bySession[session, default: []].append(process)
            }
        }
    }

    /// The listed processes in session `session`.
    func processes(inSession session: ProcessID) -> [ProcessID] {
        bySession[session] ?? []
    }

    /// The processes of `/proc`, prx itself aside.
    private static func everyProcess() -> [ProcessID] {
        let own = ProcessID.own
        return ProcessID.listEveryProcess().filter { $0 != own }
    }
}
#endif
