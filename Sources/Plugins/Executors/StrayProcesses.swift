#if os(Linux)
import PRXKernel
import Synchronization

/// Processes that tasks left running outside their process groups: a daemon that made a session of its own, a
/// child that moved to a group of its own. A task's group is stopped when the task ends, but these are in no
/// task's group any more. prx is their subreaper while it runs tasks (``OrphanAdoption``), so when their parent
/// exits they become prx's children, which is how they are found: a child of prx's, in a session other than
/// prx's, that the ``TaskProcessLedger`` does not know.
///
/// The monitor loop reaps the strays that have exited every second, so that they do not pile up as zombies (and the
/// exited orphans prx adopted from the groups of running tasks, which are no strays but would pile up just the same
/// until their task ended), and records the process groups of the other strays with the orphan guard, which stops them
/// if prx is killed: a daemon that cleared its environment has no `PRX_ORPHAN_GUARD` for the guard's own sweep to find
/// it by. At the end of the run, the executor stops the rest (``stopAll(grace:guarding:)``), which records them
/// itself meanwhile, the monitor's looks then recording nothing.
enum StrayProcesses {
    /// The groups of running strays recorded with the orphan guard, each with its slot in the guard's table.
    private static let guardedGroups = Mutex<[ProcessID: OrphanGuard.Slot]>([:])

    /// Whether ``stopAll(grace:guarding:)`` runs: it alone reaps strays then, since it signals each by its
    /// pid after it has looked, and a stray another caller reaped meanwhile could have given its pid to another
    /// process. Read holding the ledger.
    private static let stopping = Atomic(false)

    /// The ledger of prx's task processes, which tells strays from the tasks' leaders and the orphan guard.
    private static var ledger: TaskProcessLedger { .shared }

    /// Reaps the strays that have exited, and the exited children of prx's in the groups of running tasks (never a
    /// task's leader, which the monitor reaps), and records the groups of the strays still running with
    /// `orphanGuard`, releasing those of strays gone; returns how many strays run, or `nil` when a spawn under way,
    /// or the stopping of the strays, kept it from looking.
    static func reapExited(guarding orphanGuard: OrphanGuard?) -> Int? {
        ledger.whileSettled { isKnown in
            stopping.load(ordering: .relaxed) ? nil : reapAndGuard(isKnown: isKnown, orphanGuard: orphanGuard).count
        } ?? nil
    }

    /// The body of ``reapExited(guarding:)``, and the looks of ``stopAll(grace:guarding:)``, run holding
    /// the ledger: returns the strays still running.
    private static func reapAndGuard(
        isKnown: (ProcessID) -> Bool, orphanGuard: OrphanGuard?
    ) -> [(pid: ProcessID, group: ProcessID?)] {
        let children = find(isKnown: isKnown)
        for member in children.taskMembers {
            _ = hasEnded(member)
        }
        let running = children.strays.filter { !hasEnded($0.pid) }
        if let orphanGuard {
            record(Set(running.map { $0.group ?? $0.pid }), with: orphanGuard)
        }
        return running
    }

    /// Makes `groups` the groups recorded with `orphanGuard`: records the new ones and releases the others.
    private static func record(_ groups: Set<ProcessID>, with orphanGuard: OrphanGuard) {
        guardedGroups.withLock { guarded in
            for (group, slot) in guarded where !groups.contains(group) {
                orphanGuard.release(slot)
            }
            guarded = guarded.filter { groups.contains($0.key) }
            for group in groups where guarded[group] == nil {
                guarded[group] = orphanGuard.watch(group: group)
            }
        }
    }

    /// Reaps the strays that have exited and stops the others: `SIGTERM` to each one's process group (once, however
    /// many of its strays the rounds find), then, after `grace`, `SIGKILL` to those still running and their groups,
    /// each reaped as it ends. A stray's children in other sessions
    /// become strays as it ends, so this goes on until a round finds none: a chain of daemons, each started by the
    /// one before in a session of its own, takes a round a link. After ``politeRounds`` rounds, strays get
    /// `SIGKILL` at once, so that one that starts another as it is terminated cannot keep the rounds going; after
    /// ``rounds`` the rest are left (to the orphan guard's sweep as prx exits). Returns each stopped stray as
    /// `pid 1234 (sleep)`; nothing when prx is no subreaper, or spawns kept the ledger busy for a second.
    static func stopAll(grace: Duration, guarding orphanGuard: OrphanGuard?) async -> [String] {
        var stopped: [String] = []
        // The groups sent SIGTERM, over the rounds: a stray's child in its group that outlives it (its clean-up)
        // is found again in the next round, and a second SIGTERM could cut that clean-up short.
        var terminated = Set<ProcessID>()
        stopping.store(true, ordering: .relaxed)
        defer { stopping.store(false, ordering: .relaxed) }
        // Taking the ledger once: a look the monitor began before the flag is over, and every later one sees it.
        _ = ledger.whileSettled { _ in }
        for round in 0..<rounds {
            let found = await stopRound(
                grace: round < politeRounds ? grace : nil, guarding: orphanGuard, terminated: &terminated)
            // The guard's record of the groups this round ended goes at once: their ids may be given again.
            _ = ledger.whileSettled { isKnown in reapAndGuard(isKnown: isKnown, orphanGuard: orphanGuard) }
            if found.isEmpty { break }
            stopped += found
        }
        return stopped
    }

    /// The rounds of ``stopAll(grace:guarding:)`` whose strays get `SIGTERM` and the grace.
    static let politeRounds = 3
    /// The most rounds of ``stopAll(grace:guarding:)``.
    static let rounds = 64

    /// One round of ``stopAll(grace:guarding:)``: the strays there are now, recorded with `orphanGuard` and
    /// then stopped with `SIGTERM` and, after `grace`, `SIGKILL`; with no grace, `SIGKILL` at once. The strays are
    /// recorded before they are signalled, and those adopted during the grace (a stray's children in sessions of
    /// their own, as it ends) at each look at those signalled, so that a prx killed meanwhile leaves them all to the
    /// guard: while this runs, the monitor records none (``reapExited(guarding:)``).
    private static func stopRound(
        grace: Duration?, guarding orphanGuard: OrphanGuard?, terminated: inout Set<ProcessID>
    ) async -> [String] {
        var strays: [(pid: ProcessID, group: ProcessID?, name: String)]?
        for _ in 0..<100 {
            strays = ledger.whileSettled { isKnown in
                reapAndGuard(isKnown: isKnown, orphanGuard: orphanGuard).map { stray in
                    let name = stray.pid.commandName ?? "?"
                    guard grace != nil else {
                        sendKill(to: stray.pid)
                        return (stray.pid, stray.group, name)
                    }
                    terminate(stray.pid, once: &terminated, guarding: orphanGuard)
                    return (stray.pid, stray.group, name)
                }
            }
            if strays != nil { break }
            await pause(.milliseconds(10))
        }
        guard let strays, !strays.isEmpty else { return [] }
        var running = strays
        let clock = ContinuousClock()
        let killAt = clock.now + (grace ?? .zero)
        var delay = Duration.milliseconds(10)
        while true {
            running.removeAll { hasEnded($0.pid) }
            _ = ledger.whileSettled { isKnown in reapAndGuard(isKnown: isKnown, orphanGuard: orphanGuard) }
            if running.isEmpty || clock.now >= killAt { break }
            await pause(min(delay, killAt - clock.now))
            delay = min(delay * 2, .milliseconds(250))
        }
        for stray in running {
            sendKill(to: stray.pid)
            _ = try? stray.pid.wait(blocking: true)
        }
        return strays.map { "pid \($0.pid.rawValue) (\($0.name))" }
    }

    /// Waits `duration`, also in a cancelled task (the clean-up of an interrupted run), where `Task.sleep` returns at
    /// once and the rounds' polling would spin on a core for the whole grace.
    private static func pause(_ duration: Duration) async {
        await Task.detached { try? await Task.sleep(for: duration) }.value
    }

    /// Reaps `child` if it has exited; returns whether it is gone (reaped now, or no child of prx's any more).
    private static func hasEnded(_ child: ProcessID) -> Bool {
        do {
            return try child.wait(blocking: false) != nil
        } catch {
            return true
        }
    }

    /// The children of prx's, alive or not, in a session other than prx's, that `isKnown` does not know: the
    /// strays, with their groups, and apart from them the members of the groups of known leaders, which belong to
    /// tasks still watched, whose groups are stopped with them.
    private static func find(
        isKnown: (ProcessID) -> Bool
    ) -> (strays: [(pid: ProcessID, group: ProcessID?)], taskMembers: [ProcessID]) {
        var strays: [(pid: ProcessID, group: ProcessID?)] = []
        var taskMembers: [ProcessID] = []
        guard let ownSession = ProcessID.own.sessionID else { return (strays, taskMembers) }
        for child in ChildProcesses.list() {
            guard !isKnown(child), let session = child.sessionID, session != ownSession else { continue }
            let group = child.groupID
            if let group, isKnown(group) {
                taskMembers.append(child)
            } else {
                strays.append((child, group))
            }
        }
        return (strays, taskMembers)
    }

    /// Sends the stray `SIGTERM` through its process group, read now (the stray, an unreaped child, keeps its id),
    /// unless `terminated` holds the group, sent it before, and alone when its group cannot be signalled: each process
    /// gets one, since a second could cut short the clean-up the first started. The group is recorded with
    /// `orphanGuard` before it is signalled, and its slot (or, for a stray signalled alone, that of a group of its id)
    /// marked as sent `SIGTERM` after (``OrphanGuard/recordTerminated(_:)``), all under one hold of the record: a
    /// stray may have moved to another group (`setpgid`) since the look that recorded the one it had, and unmarked,
    /// that group would get a second `SIGTERM` from the guard of a prx killed during the grace.
    private static func terminate(
        _ stray: ProcessID, once terminated: inout Set<ProcessID>, guarding orphanGuard: OrphanGuard?
    ) {
        guardedGroups.withLock { guarded in
            var signalled: ProcessID?
            if let group = stray.groupID {
                if let orphanGuard, guarded[group] == nil { guarded[group] = orphanGuard.watch(group: group) }
                if terminated.contains(group) || (try? group.sendToGroup(.terminate)) != nil {
                    terminated.insert(group)
                    signalled = group
                }
            }
            if signalled == nil { try? stray.send(.terminate) }
            if let orphanGuard, let slot = guarded[signalled ?? stray] { orphanGuard.recordTerminated(slot) }
        }
    }

    /// Sends `SIGKILL` to the stray and to its process group, read now: a stray that left the group it had (a
    /// session of its own made during the grace) must get it all the same, or waiting for it would never end.
    private static func sendKill(to stray: ProcessID) {
        try? stray.send(.kill)
        if let group = stray.groupID {
            try? group.sendToGroup(.kill)
        }
    }
}
#endif
