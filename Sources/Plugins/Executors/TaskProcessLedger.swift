#if os(Linux)
import Dispatch
import Synchronization

/// The task processes alive in prx, across all its local executors, so that a child of prx that is none of them
/// can be known for a process a task left behind (a stray, see ``StrayProcesses``).
///
/// A spawn is counted from before the `clone` until its leader is entered (and so is the orphan guard's `fork` until
/// the guard is entered), so a child found while no spawn is under way is either an entered leader, the orphan guard,
/// or a stray: ``whileSettled(_:)`` runs its body only then, holding the ledger, so that no spawn begins meanwhile.
/// Costs three uncontended locks per task.
///
/// A spawn that the process limit refused waits here for a leader to end
/// (``waitForALeaderToEnd(atMost:unlessEndedSince:)``).
final class TaskProcessLedger: Sendable {
    /// The ledger of this process.
    static let shared = TaskProcessLedger()

    private struct State {
        var leaders: Set<ProcessID> = []
        var orphanGuards: Set<ProcessID> = []
        var spawnsUnderWay = 0
        /// The waits for a leader to end, by their number, which is their order.
        var endWaiters: [Int: CheckedContinuation<Void, Never>] = [:]
        var lastEndWaiter = 0
        /// How many leaders have ended.
        var leaderEnds = 0
        /// Whether a refused spawn gave up with no leader entered, and none has been entered since.
        var gaveUpAlone = false
    }

    private let state = Mutex(State())

    /// Counts a spawn as under way; end it with ``endSpawn(leader:)``.
    func beginSpawn() {
        state.withLock { $0.spawnsUnderWay += 1 }
    }

    /// Ends a spawn begun with ``beginSpawn()``, entering the leader it started, if it started one.
    func endSpawn(leader: ProcessID?) {
        state.withLock { state in
            state.spawnsUnderWay -= 1
            if let leader {
                state.leaders.insert(leader)
                state.gaveUpAlone = false
            }
        }
    }

    /// Removes a leader that has been reaped, or that prx no longer watches, and wakes the longest wait for one to
    /// end: one process given back lets one refused spawn try again, where waking every wait had each of them
    /// make its pipes and `clone` in vain.
    func leaderEnded(_ leader: ProcessID) {
        let waiter = state.withLock { state -> CheckedContinuation<Void, Never>? in
            state.leaders.remove(leader)
            state.leaderEnds &+= 1
            guard !state.endWaiters.isEmpty, let first = state.endWaiters.keys.min() else { return nil }
            return state.endWaiters.removeValue(forKey: first)
        }
        waiter?.resume()
    }

    /// How many spawns wait for a leader to end: for the tests, which start a second wait only once the first waits,
    /// to see that a leader's end wakes the longest wait first.
    var waitCount: Int {
        state.withLock { $0.endWaiters.count }
    }

    /// Whether a spawn refused by the process limit gave up while no leader was entered (``giveUpAlone()``), and
    /// no leader has been entered since: a spawn refused now, with none entered, has nothing to wait for either.
    var gaveUpAlone: Bool {
        state.withLock { $0.gaveUpAlone && $0.leaders.isEmpty }
    }

    /// Records that a refused spawn gave up while no leader was entered.
    func giveUpAlone() {
        state.withLock { $0.gaveUpAlone = true }
    }

    /// How many leaders have ended so far, for ``waitForALeaderToEnd(atMost:unlessEndedSince:)``.
    var leaderEndCount: Int {
        state.withLock { $0.leaderEnds }
    }

    /// Whether a leader is entered: a task's process is running, or has not been reaped.
    var hasLeaders: Bool {
        state.withLock { !$0.leaders.isEmpty }
    }

    /// Returns when a leader ends (``leaderEnded(_:)``) and this is the longest wait, once `limit` has passed, or
    /// when the calling task is cancelled, whichever comes first; at once when leaders have ended since
    /// ``leaderEndCount`` was `endsSeen`, so that an end between a refused spawn and this wait is not missed.
    func waitForALeaderToEnd(atMost limit: Duration, unlessEndedSince endsSeen: Int) async {
        let number = state.withLock { state in
            state.lastEndWaiter += 1
            return state.lastEndWaiter
        }
        await withTaskCancellationHandler {
            await withCheckedContinuation { (waiter: CheckedContinuation<Void, Never>) in
                // Checked under the lock that the cancellation handler takes: one of the two resumes the wait.
                let resumeNow = state.withLock { state in
                    if Task.isCancelled || state.leaderEnds != endsSeen { return true }
                    state.endWaiters[number] = waiter
                    return false
                }
                if resumeNow {
                    waiter.resume()
                    return
                }
                let (seconds, attoseconds) = limit.components
                DispatchQueue.global().asyncAfter(deadline: .now() + Double(seconds) + Double(attoseconds) * 1e-18) {
                    self.endWait(number)
                }
            }
        } onCancel: {
            endWait(number)
        }
    }

    /// Resumes the wait `number`, unless a leader's end, its time or a cancellation has resumed it already.
    private func endWait(_ number: Int) {
        state.withLock { $0.endWaiters.removeValue(forKey: number) }?.resume()
    }

    /// Enters the orphan guard (``OrphanGuard``), a child of prx's that is no task.
    func enterOrphanGuard(_ orphanGuard: ProcessID) {
        state.withLock { _ = $0.orphanGuards.insert(orphanGuard) }
    }

    /// Reaps the orphan guard `orphanGuard` if it has exited, and forgets it, holding the ledger: its id may be given
    /// to any process once it is reaped, and a stray given it must not be taken for the guard by a look at prx's
    /// children (``whileSettled(_:)``). Returns how it ended; `nil` when it has not exited (or cannot be reaped yet: a
    /// tracer holds its end), or is no orphan guard entered here, or was reaped before.
    ///
    /// The corresponding C function is `wait4`.
    func reapOrphanGuard(_ orphanGuard: ProcessID) -> ProcessID.Exit? {
        state.withLock { state in
            guard state.orphanGuards.contains(orphanGuard), let exit = try? orphanGuard.wait(blocking: false)
            else { return nil }
            state.orphanGuards.remove(orphanGuard)
            return exit
        }
    }

    /// Runs `body` with a test of whether a process is a leader or the orphan guard, holding the ledger, unless a
    /// spawn is under way: then returns `nil` without running it.
    func whileSettled<Value>(_ body: (_ isKnown: (ProcessID) -> Bool) -> Value) -> Value? {
        state.withLock { state -> Value? in
            guard state.spawnsUnderWay == 0 else { return nil }
            return body { state.leaders.contains($0) || state.orphanGuards.contains($0) }
        }
    }
}
#endif
