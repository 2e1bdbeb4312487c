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

    /// What an earlier run says of its tasks, by key: built once from its record, so that the resumed run need
    /// not keep the record (a few hundred bytes a task) while it runs.
    public struct Verdicts: Sendable {
        fileprivate var byKey: [String: Verdict] = [:]
        /// Whether a task the earlier run never had runs: yes for `--resume`, no for `--resume-failed`.
        fileprivate let runsUnknownTasks: Bool

        /// `--resume`: every task but those that succeeded in `record`'s run (GNU parallel's `--resume`).
        public static func resume(after record: RunRecord) -> Verdicts {
            Verdicts(record, runsAgain: { $0 != "SUCCESS" }, runsUnknownTasks: true)
        }

        /// `--resume-failed`: only the tasks of `record`'s run that failed, timed out, could not start, or started
        /// and never finished.
        public static func resumeFailed(after record: RunRecord) -> Verdicts {
            Verdicts(
                record, runsAgain: { ["FAILED", "TIMEOUT", "ERROR", "RUNNING"].contains($0) },
                runsUnknownTasks: false)
        }

        /// Runs again the tasks of `record` for which `runsAgain` says so by their final status, and tasks `record`
        /// does not have when `runsUnknownTasks`.
        private init(_ record: RunRecord, runsAgain: (String) -> Bool, runsUnknownTasks: Bool) {
            self.runsUnknownTasks = runsUnknownTasks
            let tasks = record.tasks
            byKey.reserveCapacity(tasks.count)
            let inIDOrder = zip(tasks, tasks.dropFirst()).allSatisfy { $0.id < $1.id }
            let order = inIDOrder ? Array(tasks.indices) : tasks.indices.sorted { tasks[$0].id < tasks[$1].id }
            for position in order {
                let task = tasks[position]
                let again = runsAgain(task.status)
                if byKey[task.key] == nil {
                    byKey[task.key] = .one(runsAgain: again)
                } else {
                    byKey[task.key]?.append(again)
                }
            }
        }
    }

    private var base: any TaskSource
    private let verdicts: Verdicts
    /// For each key several earlier tasks share, how many tasks with it this run has seen.
    private var seen: [String: Int] = [:]
    private var leftOut: Set<TaskID> = []

    /// Wraps `base`, leaving out the tasks `verdicts` says do not run again.
    public init(_ base: any TaskSource, verdicts: Verdicts) {
        self.base = base
        self.verdicts = verdicts
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
