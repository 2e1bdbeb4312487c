#if os(Linux)
import Foundation
import PRXKernel

/// What a run's prx, killed, left running: its orphan guard, while it stops the tasks that were running (`SIGTERM`,
/// then `SIGKILL` after the grace), and the processes that carry the guard's token in their environment (the tasks
/// and what they started, which the guard, itself killed, no longer stops). `--resume` starts the run's tasks again
/// only once none is left, so that no task runs twice at once.
///
/// Both are told by what the journal recorded (``OrphanGuardRecord``) and neither can be another process given the
/// same id: the guard by its start, the others by the guard's random token. The guard is waited for even once no
/// process carries its token (as with tasks given none): while it lives it may still signal the process groups it
/// recorded, and a task started again could be given one of their ids. It ends as soon as nothing it stops is left,
/// so that waiting for it costs no grace the tasks did not need.
public struct KilledRunLeftovers: Sendable {
    /// The run's orphan guard, as its journal recorded it.
    public let orphanGuard: OrphanGuardRecord

    /// The leftovers of the run whose guard `orphanGuard` records.
    public init(orphanGuard: OrphanGuardRecord) {
        self.orphanGuard = orphanGuard
    }

    /// The longest ``waitUntilGone()`` waits: the executor's time to stop a task, within which the guard sends
    /// `SIGKILL`, and 5 s more for the guard's last sweeps and the kernel to take the processes down.
    public var patience: Duration {
        .boundedSeconds(orphanGuard.stopGrace) + .seconds(5)
    }

    /// What is left, each as `pid 4242 (sleep)`, the guard as `its orphan guard (pid 4241)`; empty when nothing is.
    public func stillRunning() -> [String] {
        var left: [String] = []
        let guardID = orphanGuard.processID
        if guardID > 0, let ticks = ProcessStart.ticks(of: guardID), ticks == orphanGuard.processStartTicks {
            left.append("its orphan guard (pid \(guardID))")
        }
        guard !orphanGuard.token.isEmpty else { return left }
        let entry = Array("\(OrphanGuard.environmentVariable)=\(orphanGuard.token)".utf8)
        let names = (try? FileManager.default.contentsOfDirectory(atPath: "/proc")) ?? []
        for name in names {
            guard let pid = Int32(name), pid > 1, pid != getpid(),
                let environment = FileManager.default.contents(atPath: "/proc/\(name)/environ"),
                environment.split(separator: 0, omittingEmptySubsequences: true).contains(where: {
                    $0.elementsEqual(entry)
                })
            else { continue }
            let command = ProcessID(rawValue: pid).commandName.map { " (\($0))" } ?? ""
            left.append("pid \(pid)\(command)")
        }
        return left
    }

    /// Waits, looking every 250 ms (each look reads every process's environment), until nothing is left or
    /// ``patience`` has passed; returns what is left then.
    public func waitUntilGone() async -> [String] {
        let deadline = ContinuousClock.now + patience
        while true {
            let left = stillRunning()
            if left.isEmpty || ContinuousClock.now >= deadline { return left }
            try? await Task.sleep(for: .milliseconds(250))
        }
    }
}
#endif
