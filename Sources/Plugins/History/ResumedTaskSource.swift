import PRXKernel

/// A source that leaves out the tasks an earlier run already settled, for `--resume` and `--resume-failed`.
///
/// Tasks are matched by ``TaskIdentity``, so that a task is known again after lines were added or moved. Tasks
/// that share a key (identical lines) are told apart by their order: the n-th task with a key gets what the
/// earlier run's n-th task with that key (by id) earned. A dependency on a task left out counts as met, since that
/// task succeeded in the earlier run (or, for `--resume-failed`, was never part of this run).
public struct ResumedTaskSource: TaskSource {
    /// What the earlier run says of the tasks with one key: whether each runs again, in id order.
    private enum Verdict {
        case one(runsAgain: Bool)
        case several(runAgain: [Bool])
    }

    private var base: any TaskSource
    private let verdicts: [String: Verdict]
    /// Whether a task the earlier run never had runs: yes for `--resume`, no for `--resume-failed`.
    private let runsUnknownTasks: Bool
    /// For each key several earlier tasks share, how many tasks with it this run has seen.
    private var seen: [String: Int] = [:]
    private var leftOut: Set<TaskID> = []

    /// Wraps `base`, running again the tasks of `record` for which `runsAgain` says so by their final status,
    /// and tasks `record` does not have when `runsUnknownTasks`.
    private init(
        _ base: any TaskSource, record: RunRecord, runsAgain: (String) -> Bool, runsUnknownTasks: Bool
    ) {
        self.base = base
        self.runsUnknownTasks = runsUnknownTasks
        var byKey: [String: [Bool]] = [:]
        for task in record.tasks.sorted(by: { $0.id < $1.id }) {
            byKey[task.key, default: []].append(runsAgain(task.status))
        }
        verdicts = byKey.mapValues { $0.count == 1 ? .one(runsAgain: $0[0]) : .several(runAgain: $0) }
    }

    /// `--resume`: every task but those that succeeded in `record`'s run (GNU parallel's `--resume`).
    public static func resume(_ base: any TaskSource, after record: RunRecord) -> ResumedTaskSource {
        ResumedTaskSource(base, record: record, runsAgain: { $0 != "SUCCESS" }, runsUnknownTasks: true)
    }

    /// `--resume-failed`: only the tasks of `record`'s run that failed, timed out, could not start, or started
    /// and never finished.
    public static func resumeFailed(_ base: any TaskSource, after record: RunRecord) -> ResumedTaskSource {
        ResumedTaskSource(
            base, record: record, runsAgain: { ["FAILED", "TIMEOUT", "ERROR", "RUNNING"].contains($0) },
            runsUnknownTasks: false)
    }

    public mutating func next() throws -> TaskSpec? {
        while var task = try base.next() {
            guard runs(key: TaskIdentity.key(for: task)) else {
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
    private mutating func runs(key: String) -> Bool {
        switch verdicts[key] {
        case nil:
            return runsUnknownTasks
        case .one(let runsAgain):
            return runsAgain
        case .several(let runAgain):
            let occurrence = seen[key, default: 0]
            seen[key] = occurrence + 1
            return occurrence < runAgain.count ? runAgain[occurrence] : runsUnknownTasks
        }
    }
}
