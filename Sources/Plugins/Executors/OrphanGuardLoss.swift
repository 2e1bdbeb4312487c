#if os(Linux)
import PRXKernel
import Synchronization

/// The orphan guard's end while prx runs, which takes away the stopping of prx's tasks should prx be killed with
/// `SIGKILL` (``OrphanGuard``). The guard ignores every other signal that would end it and ends by itself only after
/// prx, so an end before is its own `SIGKILL` (a `kill -9` of its PID, `pkill -9 prx`, whose pattern names it too,
/// the kernel's out-of-memory killer) or a fault.
///
/// Every monitor loop watches the guard's ``OrphanGuard/endDescriptor``; the first to see it readable reaps the guard,
/// which would otherwise stay a zombie child of prx's for the rest of the run, and warns when it uses the guard (its
/// tasks run in process groups, the only ones the guard stops): once for the process, as a run has one executor.
enum OrphanGuardLoss {
    /// Whether a loop has seen the guard's end.
    private static let seen = Atomic(false)

    /// Reaps `orphanGuard`, which has ended, through the shared ``TaskProcessLedger``, which forgets it; returns the
    /// warning to give, or `nil` when another loop saw the end first.
    static func reap(_ orphanGuard: OrphanGuard) -> String? {
        guard !seen.exchange(true, ordering: .relaxed) else { return nil }
        let ending: String
        switch TaskProcessLedger.shared.reapOrphanGuard(orphanGuard.processID)?.status {
        case .signaled(let signal): ending = "was killed by \(Signal(rawValue: signal).name)"
        case .exited(let code): ending = "exited with status \(code)"
        case nil: ending = "ended"
        }
        return "orphan guard (pid \(orphanGuard.processID.rawValue)) \(ending): should prx be killed (kill -9) from "
            + "now on, its running tasks and what they started are left running"
    }
}
#endif
