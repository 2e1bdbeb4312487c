import PRXKernel

/// A source that leaves out the tasks an earlier run already settled, for `--resume` and `--resume-failed`.
///
/// Tasks are matched by ``TaskIdentity``, so that a task is known again after lines were added or moved. Tasks
/// that share a key (identical lines) are told apart by their order: the n-th task with a key gets what the
/// earlier run's n-th task with that key (by id) earned. A dependency on a task left out counts as met, since that
/// task succeeded in the earlier run (or, for `--resume-failed`, was never part of this run).
public struct ResumedTaskSource: TaskSource {
    /// What the earlier run says of the tasks with one key: whether each runs again, in id order.
    fileprivate enum Verdict: Sendable {
        case one(runsAgain: Bool)
        case several(runAgain: [Bool])

        /// Adds the verdict on the next task with the same key.
        mutating func append(_ runsAgain: Bool) {
            switch self {
            case .one(let first): self = .several(runAgain: [first, runsAgain])
            case .several(var list):
                self = .one(runsAgain: false)  // lets go of the list, so that appending to it does not copy it
                list.append(runsAgain)
                self = .several(runAgain: list)
            }
        }
    }

    /// What an earlier run says of its tasks, by key (``TaskIdentity/hash(for:)``): read from its journal line by
    /// line, keeping a final verdict per task and then one per key (a few tens of bytes a task) rather than the
    /// run's record.
    public struct Verdicts: Sendable {
        fileprivate var byKey: [UInt64: Verdict] = [:]
        /// Whether a task the earlier run never had runs: yes for `--resume`, no for `--resume-failed`.
        fileprivate let runsUnknownTasks: Bool

        /// `--resume`: every task but those that succeeded in run `runID` (GNU parallel's `--resume`); also how
        /// that run was started.
        public static func resume(_ runID: String, in history: RunHistory) throws(RunHistory.HistoryError)
            -> (RunInvocation, Verdicts)
        {
            try read(runID, in: history, runsAgain: { $0 != "SUCCESS" }, runsUnknownTasks: true)
        }

        /// `--resume-failed`: only the tasks of run `runID` that failed, timed out, could not start, or started and
        /// never finished; also how that run was started.
        public static func resumeFailed(_ runID: String, in history: RunHistory) throws(RunHistory.HistoryError)
            -> (RunInvocation, Verdicts)
        {
            try read(
                runID, in: history, runsAgain: { RunRecord.failureStatuses.contains($0) || $0 == "RUNNING" },
                runsUnknownTasks: false)
        }

        /// Runs again the tasks of run `runID` for which `runsAgain` says so by their final status, and tasks the
        /// run does not have when `runsUnknownTasks`; the tasks sharing a key take their verdicts in id order.
        private static func read(
            _ runID: String, in history: RunHistory, runsAgain: (String) -> Bool, runsUnknownTasks: Bool
        ) throws(RunHistory.HistoryError) -> (RunInvocation, Verdicts) {
            var final: [Int: (key: UInt64, runsAgain: Bool)] = [:]
            let invocation = try history.readOutcomes(of: runID) { id, key, status in
                final[id] = (TaskIdentity.hash(ofKey: key) ?? 0, runsAgain(status))
            }
            var verdicts = Verdicts(runsUnknownTasks: runsUnknownTasks)
            verdicts.byKey.reserveCapacity(final.count)
            for id in final.keys.sorted() {
                guard let task = final[id] else { continue }
                if verdicts.byKey[task.key] == nil {
                    verdicts.byKey[task.key] = .one(runsAgain: task.runsAgain)
                } else {
                    verdicts.byKey[task.key]?.append(task.runsAgain)
                }
            }
            return (invocation, verdicts)
        }
    }

    private var base: any TaskSource
    private let verdicts: Verdicts
    /// For each key several earlier tasks share, how many tasks with it this run has seen.
    private var seen: [UInt64: Int] = [:]
    private var leftOut: Set<TaskID> = []

    /// Wraps `base`, leaving out the tasks `verdicts` says do not run again.
    public init(_ base: any TaskSource, verdicts: Verdicts) {
        self.base = base
        self.verdicts = verdicts
    }

    public mutating func next() throws -> TaskSpec? {
        while var task = try base.next() {
            guard runs(key: TaskIdentity.hash(for: task)) else {
                leftOut.insert(task.id)
                continue
            }
            if !leftOut.isEmpty {
                task.dependencies.removeAll(where: leftOut.contains)
            }
            return task
        }
        return nil
    }

    public mutating func prepare(_ task: TaskSpec, dependencyResults: [TaskResult]) throws -> TaskSpec {
        try base.prepare(task, dependencyResults: dependencyResults)
    }

    /// Whether the next task with `key` runs.
    private mutating func runs(key: UInt64) -> Bool {
        switch verdicts.byKey[key] {
        case nil:
            return verdicts.runsUnknownTasks
        case .one(let runsAgain):
            return runsAgain
        case .several(let runAgain):
            let occurrence = seen[key, default: 0]
            seen[key] = occurrence + 1
            return occurrence < runAgain.count ? runAgain[occurrence] : verdicts.runsUnknownTasks
        }
    }
}
