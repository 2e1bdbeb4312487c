import PRXKernel

/// A source that leaves out the tasks earlier runs already settled, for `--resume` and `--resume-failed`.
///
/// Tasks are matched by ``TaskIdentity``, so that a task is known again after lines were added or moved. Tasks
/// that share a key (identical lines) are told apart by their order: the n-th task with a key gets what the
/// earlier run's n-th task with that key (by id) earned, and a task past the earlier run's last with its key is
/// one the earlier run never had. A run that was itself a resumption is read with the runs it took up
/// (`resumed_from` in its journal), so that a task that succeeded in any of them is left out: a run killed twice
/// and resumed twice runs nothing twice. A dependency on a task left out counts as met, since that task succeeded
/// in an earlier run (or, for `--resume-failed`, was never part of this run).
public struct ResumedTaskSource: TaskSource {
    /// Whether each task with one key succeeded in the earlier runs, in the order they came from the source, and
    /// how many of them this run has matched so far.
    fileprivate enum Verdict: Sendable {
        /// The earlier runs had one task with this key, not matched yet.
        case one(succeeded: Bool)
        /// The earlier runs had several; `matched` of them have been matched.
        case several(succeeded: [Bool], matched: Int)
        /// Every earlier task with this key has been matched.
        case used

        init(_ succeeded: [Bool]) {
            self = succeeded.count == 1 ? .one(succeeded: succeeded[0]) : .several(succeeded: succeeded, matched: 0)
        }

        /// Adds the outcome of the next earlier task with this key.
        mutating func append(_ next: Bool) {
            switch self {
            case .one(let first): self = .several(succeeded: [first, next], matched: 0)
            case .several(var list, _):
                self = .used  // lets go of the list, so that appending to it does not copy it
                list.append(next)
                self = .several(succeeded: list, matched: 0)
            case .used: self = .one(succeeded: next)
            }
        }

        /// Whether each earlier task with this key succeeded, in order.
        var succeeded: [Bool] {
            switch self {
            case .one(let succeeded): [succeeded]
            case .several(let succeeded, _): succeeded
            case .used: []
            }
        }

        /// What a run that took up `earlier` and then ran its own tasks with this key says of them: a task that
        /// succeeded in the earlier run was left out of the later one, so the later run's tasks, in order, stand
        /// for the earlier run's others and then for tasks the earlier run never had.
        static func combining(earlier: [Bool], later: [Bool]) -> [Bool] {
            var combined: [Bool] = []
            combined.reserveCapacity(max(earlier.count, later.count))
            var next = later.startIndex
            for succeeded in earlier {
                if succeeded {
                    combined.append(true)
                } else if next < later.endIndex {
                    combined.append(later[next])
                    next += 1
                } else {
                    combined.append(false)
                }
            }
            combined += later[next...]
            return combined
        }
    }

    /// What earlier runs say of their tasks, by key (``TaskIdentity/hash(for:)``): read from their journals line
    /// by line, keeping a final outcome per task and then one per key (a few tens of bytes a task) rather than the
    /// runs' records.
    public struct Verdicts: Sendable {
        fileprivate var byKey: [UInt64: Verdict]
        /// Whether a task the earlier runs never had runs: yes for `--resume`; for `--resume-failed`, only when no
        /// run of the chain finished, since then the runs were killed before they reached every task.
        fileprivate let runsUnknownTasks: Bool

        /// `--resume`: every task but those that succeeded in run `runID` or a run it resumed (GNU parallel's
        /// `--resume`), tasks the run never had included; also how that run was started.
        public static func resume(_ runID: String, in history: RunHistory) throws(RunHistory.HistoryError)
            -> (RunInvocation, Verdicts)
        {
            let (invocation, byKey, _) = try outcomes(of: runID, in: history)
            return (invocation, Verdicts(byKey: byKey, runsUnknownTasks: true))
        }

        /// `--resume-failed`: only the tasks of run `runID` that did not succeed there nor in a run it resumed:
        /// those that failed, timed out, could not start, were cancelled or skipped, or started and never
        /// finished, and, when no run of the chain finished (each was killed, with `SIGKILL` or with the machine,
        /// and wrote nothing of the tasks it had not reached yet), the tasks none of them started; also how that run
        /// was started.
        public static func resumeFailed(_ runID: String, in history: RunHistory) throws(RunHistory.HistoryError)
            -> (RunInvocation, Verdicts)
        {
            let (invocation, byKey, complete) = try outcomes(of: runID, in: history)
            return (invocation, Verdicts(byKey: byKey, runsUnknownTasks: !complete))
        }

        /// Whether each task of run `runID` succeeded, by key, its tasks with one key in id order, combined with
        /// the runs it resumed (`earlierRuns` are those already read, which a damaged chain must not read again);
        /// and whether these runs' journals list every task they had (`complete`: one of them finished).
        private static func outcomes(
            of runID: String, in history: RunHistory, earlierRuns: Set<String> = []
        ) throws(RunHistory.HistoryError) -> (RunInvocation, [UInt64: Verdict], complete: Bool) {
            var final: [Int: (key: UInt64, succeeded: Bool)] = [:]
            let (invocation, finished) = try history.readOutcomes(of: runID) { id, key, status in
                final[id] = (TaskIdentity.hash(ofKey: key) ?? 0, status == TaskStatus.success.rawValue)
            }
            var byKey: [UInt64: Verdict] = [:]
            byKey.reserveCapacity(final.count)
            for id in final.keys.sorted() {
                guard let task = final[id] else { continue }
                if let index = byKey.index(forKey: task.key) {
                    byKey.values[index].append(task.succeeded)
                } else {
                    byKey[task.key] = .one(succeeded: task.succeeded)
                }
            }
            final = [:]
            var visited = earlierRuns
            visited.insert(runID)
            guard let earlierID = invocation.configuration["resumed_from"], !visited.contains(earlierID),
                let (_, earlierCombined, earlierComplete) = try? outcomes(
                    of: earlierID, in: history, earlierRuns: visited)
            else { return (invocation, byKey, finished) }
            var combined = earlierCombined
            for (key, later) in byKey {
                combined[key] = combined[key].map {
                    Verdict(Verdict.combining(earlier: $0.succeeded, later: later.succeeded))
                } ?? later
            }
            return (invocation, combined, finished || earlierComplete)
        }
    }

    private var base: any TaskSource

    public var inputWait: (any InputWait)? { base.inputWait }

    /// Ends the reading of the wrapped source's input.
    public mutating func stopReadingInput() {
        base.stopReadingInput()
    }
    private var verdicts: Verdicts
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

    /// Whether the next task with `key` runs: it does unless its match in the earlier runs succeeded.
    private mutating func runs(key: UInt64) -> Bool {
        guard let index = verdicts.byKey.index(forKey: key) else { return verdicts.runsUnknownTasks }
        switch verdicts.byKey.values[index] {
        case .one(let succeeded):
            verdicts.byKey.values[index] = .used
            return !succeeded
        case .several(let succeeded, let matched):
            verdicts.byKey.values[index] =
                matched + 1 < succeeded.count ? .several(succeeded: succeeded, matched: matched + 1) : .used
            return !succeeded[matched]
        case .used:
            return verdicts.runsUnknownTasks
        }
    }
}
