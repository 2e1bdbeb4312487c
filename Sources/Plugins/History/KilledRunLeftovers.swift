#if os(Linux)
import Foundation
import PRXKernel

/// What a run's prx, killed, left running: its orphan guard, while it stops the tasks that were running (`SIGTERM`,
/// then `SIGKILL` after the grace), the processes that carry the guard's token in their environment (the tasks
/// and what they started, which the guard, itself killed, no longer stops), and those that carry the ``TaskToken``
/// of a task the run had not finished (given the tasks of an executor that adopts no orphans or has no process
/// groups, which the guard does not stop by their environment: without process groups it stops none of them). A task
/// had not finished unless the journal has its `task_finished` line: one started just before prx was killed may have
/// no line at all.
/// `--resume` starts the run's tasks again only once none is left, so that no task runs twice at once. What a task
/// the run finished left running on purpose (a daemon, which prx adopting no orphans leaves running) is none of
/// them; what a task it had not finished started outside its group is, as the task started again would start it
/// again beside it.
///
/// All are told by what the journal recorded (``OrphanGuardRecord``) and none can be another process given the
/// same id: the guard by its start, the others by the guard's random token. The guard is waited for even once no
/// process carries its token (as with tasks given none): while it lives it may still signal the process groups it
/// recorded, and a task started again could be given one of their ids. It ends as soon as nothing it stops is left,
/// so that waiting for it costs no grace the tasks did not need.
public struct KilledRunLeftovers: Sendable {
    /// The run's orphan guard, as its journal recorded it.
    public let orphanGuard: OrphanGuardRecord
    /// The run.
    public let runID: String
    /// The history that holds the run's journal.
    public let history: RunHistory

    /// The leftovers of run `runID` of `history`, whose guard `orphanGuard` records.
    public init(orphanGuard: OrphanGuardRecord, runID: String, history: RunHistory) {
        self.orphanGuard = orphanGuard
        self.runID = runID
        self.history = history
    }

    /// The longest ``waitUntilGone()`` waits: the executor's time to stop a task, within which the guard sends
    /// `SIGKILL`, and 5 s more for the guard's last sweeps and the kernel to take the processes down.
    public var patience: Duration {
        .boundedSeconds(orphanGuard.stopGrace) + .seconds(5)
    }

    /// What is left, each as `pid 4242 (sleep)`, the guard as `its orphan guard (pid 4241)`; empty when nothing is.
    /// `finished` says, of each task whose ``TaskToken`` a process was found with, whether the run finished it: it is
    /// read from the journal (``RunHistory/finishedTasks(of:among:)``) for the tasks it does not name yet.
    public func stillRunning(finished: inout [Int: Bool]) -> [String] {
        var left: [String] = []
        let guardID = orphanGuard.processID
        if guardID > 0, let ticks = ProcessStart.ticks(of: guardID), ticks == orphanGuard.processStartTicks {
            left.append("its orphan guard (pid \(guardID))")
        }
        guard !orphanGuard.token.isEmpty else { return left }
        let entry = Array("\(OrphanGuard.environmentVariable)=\(orphanGuard.token)".utf8)
        let taskEntryPrefix = TaskToken.entryPrefix(token: orphanGuard.token)
        var taskProcesses: [(pid: Int32, taskID: Int)] = []
        let names = (try? FileManager.default.contentsOfDirectory(atPath: "/proc")) ?? []
        for name in names {
            guard let pid = Int32(name), pid > 1, pid != ProcessID.own.rawValue,
                let environment = FileManager.default.contents(atPath: "/proc/\(name)/environ")
            else { continue }
            let entries = environment.split(separator: 0, omittingEmptySubsequences: true)
            if entries.contains(where: { $0.elementsEqual(entry) }) {
                left.append(Self.described(pid))
            } else if let taskID = entries.lazy.compactMap({ TaskToken.taskID(in: $0, prefix: taskEntryPrefix) })
                .first
            {
                taskProcesses.append((pid, taskID))
            }
        }
        let unknown = Set(taskProcesses.map(\.taskID)).subtracting(finished.keys)
        if !unknown.isEmpty {
            let done = history.finishedTasks(of: runID, among: unknown)
            for taskID in unknown {
                finished[taskID] = done.contains(taskID)
            }
        }
        left += taskProcesses.filter { finished[$0.taskID] == false }.map { Self.described($0.pid) }
        return left
    }

    /// Process `pid` as ``stillRunning(finished:)`` names it: `pid 4242 (sleep)`.
    private static func described(_ pid: Int32) -> String {
        let command = ProcessID(rawValue: pid).commandName.map { " (\($0))" } ?? ""
        return "pid \(pid)\(command)"
    }

    /// Waits, looking every 250 ms (each look reads every process's environment), until nothing is left or
    /// ``patience`` has passed; returns what is left then.
    public func waitUntilGone() async -> [String] {
        let deadline = ContinuousClock.now + patience
        var finished: [Int: Bool] = [:]
        while true {
            let left = stillRunning(finished: &finished)
            if left.isEmpty || ContinuousClock.now >= deadline { return left }
            try? await Task.sleep(for: .milliseconds(250))
        }
    }
}
#endif
