import PRXKernel

/// A source that leaves out the tasks an earlier run already settled, for `--resume` and `--resume-failed`.
///
/// Tasks are matched by ``TaskIdentity``. A dependency on a task left out counts as met, since that task
/// succeeded in the earlier run (or, with ``Selection/onlyUnsettled(_:)``, was never part of this run).
public struct ResumedTaskSource: TaskSource {
    /// Which tasks run again.
    public enum Selection: Sendable {
        /// Every task except these keys (the earlier run's successes): GNU parallel's `--resume`.
        case allExcept(Set<String>)
        /// Only these keys (the earlier run's failures and unfinished tasks): `--resume-failed`.
        case only(Set<String>)
    }

    private var base: any TaskSource
    private let selection: Selection
    private var leftOut: Set<TaskID> = []

    /// Wraps `base`, keeping the tasks `selection` picks.
    public init(_ base: any TaskSource, selection: Selection) {
        self.base = base
        self.selection = selection
    }

    /// The keys `--resume` leaves out of `record`'s run: its tasks that succeeded.
    public static func resume(_ base: any TaskSource, after record: RunRecord) -> ResumedTaskSource {
        let succeeded = record.tasks.filter { $0.status == "SUCCESS" }.map(\.key)
        return ResumedTaskSource(base, selection: .allExcept(Set(succeeded)))
    }

    /// The keys `--resume-failed` runs again from `record`'s run: those that failed, timed out, could not start,
    /// or started and never finished.
    public static func resumeFailed(_ base: any TaskSource, after record: RunRecord) -> ResumedTaskSource {
        let unsettled = record.tasks.filter { ["FAILED", "TIMEOUT", "ERROR", "RUNNING"].contains($0.status) }
        return ResumedTaskSource(base, selection: .only(Set(unsettled.map(\.key))))
    }

    public mutating func next() throws -> TaskSpec? {
        while var task = try base.next() {
            let key = TaskIdentity.key(for: task)
            let keep: Bool
            switch selection {
            case .allExcept(let keys): keep = !keys.contains(key)
            case .only(let keys): keep = keys.contains(key)
            }
            guard keep else {
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
}
