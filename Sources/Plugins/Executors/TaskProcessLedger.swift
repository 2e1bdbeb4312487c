#if os(Linux)
import Synchronization

/// The task processes alive in prx, across all its local executors, so that a child of prx that is none of them
/// can be known for a process a task left behind (a stray, see ``StrayProcesses``).
///
/// A spawn is counted from before the `clone` (and the orphan guard's `fork`, made with the first spawn) until its
/// leader is entered, so a child found while no spawn is under way is either an entered leader, a helper (the
/// orphan guard), or a stray: ``whileSettled(_:)`` runs its body only then, holding the ledger, so that no spawn
/// begins meanwhile. Costs three uncontended locks per task.
final class TaskProcessLedger: Sendable {
    /// The ledger of this process.
    static let shared = TaskProcessLedger()

    private struct State {
        var leaders: Set<ProcessID> = []
        var helpers: Set<ProcessID> = []
        var spawnsUnderWay = 0
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
            if let leader { state.leaders.insert(leader) }
        }
    }

    /// Removes a leader that has been reaped, or that prx no longer watches.
    func leaderEnded(_ leader: ProcessID) {
        state.withLock { _ = $0.leaders.remove(leader) }
    }

    /// Enters a child of prx's that is no task (the orphan guard).
    func enterHelper(_ helper: ProcessID) {
        state.withLock { _ = $0.helpers.insert(helper) }
    }

    /// Runs `body` with a test of whether a process is a leader or a helper, holding the ledger, unless a spawn
    /// is under way: then returns `nil` without running it.
    func whileSettled<Value>(_ body: (_ isKnown: (ProcessID) -> Bool) -> Value) -> Value? {
        state.withLock { state -> Value? in
            guard state.spawnsUnderWay == 0 else { return nil }
            return body { state.leaders.contains($0) || state.helpers.contains($0) }
        }
    }
}
#endif
