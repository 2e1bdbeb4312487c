import PRXKernel
import PRXTesting
import Testing

private func task(
    _ id: Int, after dependencies: [Int] = [], hasDependents: Bool = false, read: Bool = false,
    anyOutcome: Bool = false
) -> TaskSpec {
    TaskSpec(
        id: TaskID(id), label: "t\(id)", argv: ["true"], dependencies: dependencies.map { TaskID($0) },
        runsAfterFailedDependencies: anyOutcome, hasDependents: hasDependents, resultReadByDependents: read)
}

/// A source that records what `prepare` was given, as a recipe source building commands from dependencies would.
private struct PreparingSource: TaskSource {
    var inner: ArrayTaskSource
    mutating func next() throws -> TaskSpec? { try inner.next() }
    mutating func prepare(_ task: TaskSpec, dependencyResults: [TaskResult]) throws -> TaskSpec {
        var prepared = task
        prepared.argv = ["echo"] + dependencyResults.map { "\($0.task.label)=\($0.status.rawValue)" }
        return prepared
    }
}

/// The starts and ends in `log`, in order: `start 3`, `end 3`, `retry 3` for an attempt that failed and runs again,
/// `halt` for the halt.
private func timeline(of log: EventLog) -> [String] {
    log.events.compactMap { event -> String? in
        switch event {
        case .taskStarted(let start): "start \(start.task.id)"
        case .taskFinished(let result): "end \(result.task.id)"
        case .attemptFailed(let result): "retry \(result.task.id)"
        case .runHalted: "halt"
        default: nil
        }
    }
}

/// Halts, naming the count and the result, when `finished + running + pending` is not `total`, every task.
private struct EveryTaskCounted: StopPolicy {
    let total: Int
    mutating func evaluate(after result: TaskResult, statistics: RunStatistics) -> StopDecision? {
        let counted = statistics.finished + statistics.running + statistics.pending
        let reason = "counted \(counted) after t\(result.task.id)"
        return counted == total ? nil : StopDecision(reason: reason, mode: .finishRunning)
    }
}

/// Halts the run after the first task that fails, letting the running tasks finish.
private struct HaltOnFirstFailure: StopPolicy {
    mutating func evaluate(after result: TaskResult, statistics: RunStatistics) -> StopDecision? {
        result.status == .failed ? StopDecision(reason: "first failure") : nil
    }
}

/// Halts the run at the first result that is not a success.
private struct HaltOnFirstUnsuccessful: StopPolicy {
    mutating func evaluate(after result: TaskResult, statistics: RunStatistics) -> StopDecision? {
        result.status != .success ? StopDecision(reason: "first unsuccessful") : nil
    }
}

/// The black-box hunt's graph: 1 (`fast_fail`) and 2 (`slow`), 3 (`gate`) after both, 4 (`cleanup`) after 3 whatever
/// its end.
private func gateAfterAFailureAndASlowTask() -> [TaskSpec] {
    [
        task(1, hasDependents: true), task(2, hasDependents: true), task(3, after: [1, 2], hasDependents: true),
        task(4, after: [3], anyOutcome: true),
    ]
}

/// Runs `tasks` on `workers` workers, those in `failing` exiting 1 and `slow` taking 0.3 s (the others none); returns
/// what a sink heard and the summary.
private func run(
    _ tasks: [TaskSpec], workers: Int, failing: Set<Int>, slow: Int, stopPolicy: (any StopPolicy)? = nil
) async -> (EventLog, RunSummary) {
    let executor = ScriptedExecutor { task in
        .init(exitCode: failing.contains(task.id.rawValue) ? 1 : 0, seconds: task.id.rawValue == slow ? 0.3 : 0)
    }
    let log = EventLog()
    let scheduler = Scheduler(configuration: SchedulerConfiguration(maxInFlight: workers), executor: executor)
    let summary = await scheduler.run(
        source: ArrayTaskSource(tasks), sinks: [RecordingSink(log: log)], stopPolicy: stopPolicy)
    return (log, summary)
}

@Suite struct DependencyTests {
    @Test func aTaskStartsOnlyAfterItsDependenciesSucceed() async {
        let executor = ScriptedExecutor { task in .init(seconds: task.id == 1 ? 0.05 : 0) }
        let log = EventLog()
        let scheduler = Scheduler(configuration: SchedulerConfiguration(maxInFlight: 4), executor: executor)
        let source = PreparingSource(inner: ArrayTaskSource([
            task(1, hasDependents: true, read: true), task(2, hasDependents: true, read: true), task(3, after: [1, 2]),
            task(4),
        ]))
        let summary = await scheduler.run(source: source, sinks: [RecordingSink(log: log)])
        #expect(summary.statistics.succeeded == 4)
        let order = timeline(of: log)
        let startOf3 = order.firstIndex(of: "start 3")!
        #expect(order.firstIndex(of: "end 1")! < startOf3)
        #expect(order.firstIndex(of: "end 2")! < startOf3)
        #expect(order.firstIndex(of: "start 4")! < order.firstIndex(of: "end 1")!)
        let prepared = log.starts.first { $0.task.id == 3 }?.task.argv
        #expect(prepared == ["echo", "t1=SUCCESS", "t2=SUCCESS"])
        #expect(SinkConformance.violations(in: log.events).isEmpty)
    }

    @Test func dependentsOfAFailureAreSkippedTransitively() async {
        let executor = ScriptedExecutor { task in .init(exitCode: task.id == 1 ? 2 : 0) }
        let log = EventLog()
        let scheduler = Scheduler(configuration: SchedulerConfiguration(maxInFlight: 2), executor: executor)
        let source = ArrayTaskSource([
            task(1, hasDependents: true), task(2, after: [1], hasDependents: true), task(3, after: [2]),
            task(4, after: [1], anyOutcome: true), task(5),
        ])
        let summary = await scheduler.run(source: source, sinks: [RecordingSink(log: log)])
        let statuses = Dictionary(uniqueKeysWithValues: log.results.map { ($0.task.id.rawValue, $0.status) })
        #expect(statuses == [1: .failed, 2: .skipped, 3: .skipped, 4: .success, 5: .success])
        #expect(summary.statistics.skipped == 2)
        #expect(log.results.first { $0.task.id == 2 }?.message == "dependency t1 ended FAILED")
        #expect(executor.executedCount == 3)
        #expect(SinkConformance.violations(in: log.events).isEmpty)
    }

    /// A stop policy asked about a failure, or about a task it skips, sees the tasks still to be skipped as pending:
    /// they were counted nowhere, so `finished + running + pending` fell short of the tasks.
    @Test func theTasksAboutToBeSkippedArePending() async {
        // 5 runs while 1 fails, so that 2, 3 and 4 have been pulled from the source and wait for 1.
        let executor = ScriptedExecutor { task in
            .init(exitCode: task.id == 1 ? 2 : 0, seconds: task.id == 5 ? 0.2 : 0)
        }
        let scheduler = Scheduler(configuration: SchedulerConfiguration(maxInFlight: 2), executor: executor)
        let source = ArrayTaskSource([
            task(1, hasDependents: true), task(2, after: [1], hasDependents: true), task(3, after: [2]),
            task(4, after: [1]), task(5),
        ])
        let summary = await scheduler.run(source: source, sinks: [], stopPolicy: EveryTaskCounted(total: 5))
        #expect(summary.haltReason == nil)
        #expect(summary.statistics.skipped == 3)
    }

    /// Skipping follows the graph breadth first (every task waiting for the failure before their own dependents),
    /// without recursion: a failure at the head of a long chain used to overflow the stack.
    @Test func aFailureAtTheHeadOfALongChainSkipsItAllBreadthFirst() async {
        let length = 20_000
        let executor = ScriptedExecutor { task in .init(exitCode: task.id == 1 ? 1 : 0) }
        let log = EventLog()
        let scheduler = Scheduler(configuration: SchedulerConfiguration(maxInFlight: 2), executor: executor)
        var tasks = [task(1, hasDependents: true), task(2, after: [1], hasDependents: true), task(3, after: [2])]
        tasks.append(task(4, after: [1], hasDependents: true))
        tasks += (5...length).map { task($0, after: [$0 - 1], hasDependents: $0 < length) }
        let summary = await scheduler.run(source: ArrayTaskSource(tasks), sinks: [RecordingSink(log: log)])
        #expect(summary.statistics.skipped == length - 1)
        #expect(executor.executedCount == 1)
        #expect(log.results.prefix(5).map(\.task.id) == [1, 2, 4, 3, 5])
        #expect(log.results.last?.message == "dependency t\(length - 1) ended SKIPPED")
        #expect(SinkConformance.violations(in: log.events).isEmpty)
    }

    /// A task with a failed dependency is skipped once its last dependency has ended, not as the failure ends: it was
    /// skipped at once, and `cleanup` after it, which runs after failures, started beside `slow`, which it follows
    /// through `gate`. Whether `gate` was pulled before the failure (four workers) or after it, the failure's result
    /// then kept (two), it waits for `slow`, counted as pending meanwhile.
    @Test(arguments: [2, 4])
    func aTaskWithAFailedDependencyIsSkippedOnceItsLastDependencyHasEnded(workers: Int) async {
        let (log, summary) = await run(
            gateAfterAFailureAndASlowTask(), workers: workers, failing: [1], slow: 2,
            stopPolicy: EveryTaskCounted(total: 4))
        #expect(summary.haltReason == nil)
        #expect(timeline(of: log) == ["start 1", "start 2", "end 1", "end 2", "end 3", "start 4", "end 4"])
        let gate = log.results.first { $0.task.id == 3 }
        #expect(gate?.status == .skipped)
        #expect(gate?.message == "dependency t1 ended FAILED")
        #expect(log.results.first { $0.task.id == 4 }?.status == .success)
        #expect(SinkConformance.violations(in: log.events).isEmpty)
    }

    /// In a diamond whose one side fails and the other is slow, the task joining them is skipped once the slow side
    /// has ended, and the task after it that runs after failures starts after that.
    @Test func theJoinOfADiamondIsSkippedOnceBothSidesHaveEnded() async {
        // 1 root, 2 and 3 after it, 4 after both, 5 after 4 whatever its end.
        let tasks = [
            task(1, hasDependents: true), task(2, after: [1], hasDependents: true),
            task(3, after: [1], hasDependents: true), task(4, after: [2, 3], hasDependents: true),
            task(5, after: [4], anyOutcome: true),
        ]
        let (log, _) = await run(tasks, workers: 4, failing: [2], slow: 3)
        #expect(timeline(of: log) == [
            "start 1", "end 1", "start 2", "start 3", "end 2", "end 3", "end 4", "start 5", "end 5",
        ])
        let statuses = Dictionary(uniqueKeysWithValues: log.results.map { ($0.task.id.rawValue, $0.status) })
        #expect(statuses == [1: .success, 2: .failed, 3: .success, 4: .skipped, 5: .success])
        #expect(SinkConformance.violations(in: log.events).isEmpty)
    }

    /// A dependency waiting to run again has not ended: the task after it and a failure is skipped once its last
    /// attempt has ended, still naming the first dependency that failed.
    @Test func aDependencyBetweenAttemptsHasNotEnded() async {
        var tasks = gateAfterAFailureAndASlowTask()
        tasks[1].retry = RetryPolicy(maxRetries: 1, delay: 0.1)
        let (log, _) = await run(tasks, workers: 4, failing: [1, 2], slow: 2)
        #expect(timeline(of: log) == [
            "start 1", "start 2", "end 1", "retry 2", "start 2", "end 2", "end 3", "start 4", "end 4",
        ])
        #expect(log.results.first { $0.task.id == 3 }?.message == "dependency t1 ended FAILED")
        #expect(SinkConformance.violations(in: log.events).isEmpty)
    }

    /// A task that cannot run at all (a preflight error) is reported `ERROR` once its dependencies have ended, not as it
    /// is pulled: the task after it that runs after failures started beside its slow dependency.
    @Test(arguments: [2, 4])
    func aTaskThatCannotRunIsReportedOnceItsDependenciesHaveEnded(workers: Int) async {
        var tasks = [
            task(1, hasDependents: true), task(2, after: [1], hasDependents: true), task(3, after: [2], anyOutcome: true),
        ]
        tasks[1].preflightError = "an argument is too long"
        let (log, _) = await run(tasks, workers: workers, failing: [], slow: 1)
        #expect(timeline(of: log) == ["start 1", "end 1", "end 2", "start 3", "end 3"])
        #expect(log.results.first { $0.task.id == 2 }?.status == .error)
        #expect(log.results.first { $0.task.id == 3 }?.status == .success)
        #expect(SinkConformance.violations(in: log.events).isEmpty)
    }

    /// A task that cannot run, reported `ERROR` as its dependency ends, halting the run, halts it before the next task
    /// ready with it starts: that one is cancelled, not started after the halt.
    @Test func aHaltByATaskThatCannotRunStartsNoTaskReadyBesideIt() async {
        var tasks = [task(1, hasDependents: true), task(2, after: [1]), task(3, after: [1])]
        tasks[1].preflightError = "an argument is too long"
        let (log, summary) = await run(tasks, workers: 4, failing: [], slow: 1, stopPolicy: HaltOnFirstUnsuccessful())
        #expect(summary.haltReason == "first unsuccessful")
        #expect(timeline(of: log) == ["start 1", "end 1", "end 2", "halt", "end 3"])
        #expect(log.results.first { $0.task.id == 3 }?.status == .cancelled)
        #expect(SinkConformance.violations(in: log.events).isEmpty)
    }

    /// A task whose only dependency failed is skipped at once, and so is a chain after it, while an unrelated task
    /// still runs: only a task with another dependency still to end waits.
    @Test func aChainAfterAFailureIsSkippedAtOnce() async {
        let tasks = [
            task(1, hasDependents: true), task(2, after: [1], hasDependents: true), task(3, after: [2]), task(4),
        ]
        let (log, _) = await run(tasks, workers: 4, failing: [1], slow: 4)
        #expect(timeline(of: log) == ["start 1", "start 4", "end 1", "end 2", "end 3", "end 4"])
        #expect(SinkConformance.violations(in: log.events).isEmpty)
    }

    /// A halt cancels at once a task that a failure dooms but that still waits for another dependency, as it cancels
    /// every task not started: it is not held until that dependency ends, nor reported skipped.
    @Test func aHaltCancelsATaskWaitingAfterAFailureAtOnce() async {
        let (log, _) = await run(
            gateAfterAFailureAndASlowTask(), workers: 4, failing: [1], slow: 2, stopPolicy: HaltOnFirstFailure())
        #expect(timeline(of: log) == ["start 1", "start 2", "end 1", "halt", "end 3", "end 4", "end 2"])
        let statuses = Dictionary(uniqueKeysWithValues: log.results.map { ($0.task.id.rawValue, $0.status) })
        #expect(statuses == [1: .failed, 2: .success, 3: .cancelled, 4: .cancelled])
        #expect(log.results.first { $0.task.id == 3 }?.message == "run halted: first failure")
        #expect(SinkConformance.violations(in: log.events).isEmpty)
    }

    /// A result its source counted the dependents of is kept until that many have finished, then forgotten: a
    /// dependent beyond the count, pulled later, finds no such task. Without a count it stays to the run's end.
    @Test(arguments: [(1, TaskStatus.error), (2, .success), (nil, .success)] as [(Int?, TaskStatus)])
    func aCountedResultIsForgottenOnceItsDependentsHaveFinished(count: Int?, third: TaskStatus) async {
        let log = EventLog()
        let scheduler = Scheduler(configuration: SchedulerConfiguration(maxInFlight: 1), executor: ScriptedExecutor())
        var first = task(1, hasDependents: true, read: true)
        first.dependentCount = count
        let source = PreparingSource(inner: ArrayTaskSource([first, task(2, after: [1]), task(3, after: [1])]))
        _ = await scheduler.run(source: source, sinks: [RecordingSink(log: log)])
        #expect(log.starts.first { $0.task.id == 2 }?.task.argv == ["echo", "t1=SUCCESS"])
        let result = log.results.first { $0.task.id == 3 }
        #expect(result?.status == third)
        if third == .error {
            #expect(result?.message?.contains("depends on task 1") == true)
        } else {
            #expect(log.starts.first { $0.task.id == 3 }?.task.argv == ["echo", "t1=SUCCESS"])
        }
        #expect(SinkConformance.violations(in: log.events).isEmpty)
    }

    /// A count can run out before its task ends (here its one dependent names a task the source never yields, an error
    /// reported as the source yields it, before the task ends): the result is then not kept at all, and a dependent
    /// beyond the count runs without it. A dependent that cannot run or is skipped no longer does this: it waits for
    /// the task.
    @Test func aCountThatRunsOutEarlyKeepsNothing() async {
        let executor = ScriptedExecutor { task in .init(seconds: task.id == 1 ? 0.1 : 0) }
        let log = EventLog()
        let scheduler = Scheduler(configuration: SchedulerConfiguration(maxInFlight: 2), executor: executor)
        var slow = task(1, hasDependents: true, read: true)
        slow.dependentCount = 1
        let source = PreparingSource(inner: ArrayTaskSource([slow, task(2, after: [1, 99]), task(3, after: [1])]))
        _ = await scheduler.run(source: source, sinks: [RecordingSink(log: log)])
        let statuses = Dictionary(uniqueKeysWithValues: log.results.map { ($0.task.id.rawValue, $0.status) })
        #expect(statuses == [1: .success, 2: .error, 3: .success])
        #expect(log.starts.first { $0.task.id == 3 }?.task.argv == ["echo"])
        #expect(SinkConformance.violations(in: log.events).isEmpty)
    }

    /// Of a dependency whose result no dependent reads, the scheduler keeps the outcome alone: `prepare` is not
    /// given its result, and a dependent pulled after it failed is still skipped, naming it.
    @Test func aResultNoDependentReadsIsKeptAsItsOutcomeAlone() async {
        let executor = ScriptedExecutor { task in .init(exitCode: task.id == 2 ? 1 : 0) }
        let log = EventLog()
        let scheduler = Scheduler(configuration: SchedulerConfiguration(maxInFlight: 1), executor: executor)
        let source = PreparingSource(inner: ArrayTaskSource([
            task(1, hasDependents: true, read: true), task(2, hasDependents: true),
            task(3, after: [1, 2], anyOutcome: true), task(4, after: [2]),
        ]))
        _ = await scheduler.run(source: source, sinks: [RecordingSink(log: log)])
        #expect(log.starts.first { $0.task.id == 3 }?.task.argv == ["echo", "t1=SUCCESS"])
        let skipped = log.results.first { $0.task.id == 4 }
        #expect(skipped?.status == .skipped)
        #expect(skipped?.message == "dependency t2 ended FAILED")
        #expect(SinkConformance.violations(in: log.events).isEmpty)
    }

    @Test func aDependencyOnAnUnknownTaskIsAnError() async {
        let log = EventLog()
        let scheduler = Scheduler(configuration: SchedulerConfiguration(maxInFlight: 2), executor: ScriptedExecutor())
        _ = await scheduler.run(
            source: ArrayTaskSource([task(1), task(2, after: [9])]), sinks: [RecordingSink(log: log)])
        let result = log.results.first { $0.task.id == 2 }
        #expect(result?.status == .error)
        #expect(result?.message?.contains("depends on task 9") == true)
    }

    @Test func haltingCancelsTasksStillWaitingForDependencies() async {
        let executor = ScriptedExecutor { task in
            .init(exitCode: task.id == 2 ? 1 : 0, seconds: task.id == 1 ? 0.05 : 0)
        }
        let log = EventLog()
        let scheduler = Scheduler(configuration: SchedulerConfiguration(maxInFlight: 2), executor: executor)
        let source = ArrayTaskSource([task(1, hasDependents: true), task(2), task(3, after: [1]), task(4)])
        let summary = await scheduler.run(
            source: source, sinks: [RecordingSink(log: log)], stopPolicy: HaltOnFirstFailure())
        let statuses = Dictionary(uniqueKeysWithValues: log.results.map { ($0.task.id.rawValue, $0.status) })
        #expect(statuses == [1: .success, 2: .failed, 3: .cancelled, 4: .cancelled])
        #expect(summary.haltReason == "first failure")
        #expect(SinkConformance.violations(in: log.events).isEmpty)
    }

    /// After a halt, a task whose dependency then fails is cancelled like every task that had not started, whether
    /// the scheduler had pulled it from the source (three workers) or not yet (two): it was skipped in the first
    /// case ("dependency t2 ended FAILED") and cancelled in the second.
    @Test(arguments: [2, 3])
    func afterAHaltADependentIsCancelledWhateverItsDependencysEnd(workers: Int) async {
        let executor = ScriptedExecutor { task in .init(exitCode: 1, seconds: task.id == 2 ? 0.05 : 0) }
        let log = EventLog()
        let scheduler = Scheduler(configuration: SchedulerConfiguration(maxInFlight: workers), executor: executor)
        let source = ArrayTaskSource([task(1), task(2, hasDependents: true), task(3, after: [2])])
        _ = await scheduler.run(source: source, sinks: [RecordingSink(log: log)], stopPolicy: HaltOnFirstFailure())
        let third = log.results.first { $0.task.id == 3 }
        #expect(third?.status == .cancelled)
        #expect(third?.message == "run halted: first failure")
        #expect(SinkConformance.violations(in: log.events).isEmpty)
    }

    /// A halt decided on a failure cancels the tasks after that failure, whether the scheduler had pulled them from
    /// the source before the failure (task 2 defined before the slow task 3) or not yet (after it, the two workers
    /// busy with 1 and 3): the pulled one was skipped ("dependency t1 ended FAILED"), and so was a chain after it
    /// as far as the halt let it go, where the one not pulled was cancelled.
    @Test(arguments: [[1, 2, 4, 3, 5], [1, 3, 2, 4, 5]])
    func aHaltOnAFailureCancelsItsDependentsWhereverTheyAreInTheSource(order: [Int]) async {
        let byID = [
            1: task(1, hasDependents: true), 2: task(2, after: [1], hasDependents: true), 3: task(3),
            4: task(4, after: [2], hasDependents: true), 5: task(5, after: [4]),
        ]
        let (log, summary) = await run(
            order.map { byID[$0]! }, workers: 2, failing: [1], slow: 3, stopPolicy: HaltOnFirstFailure())
        #expect(summary.haltReason == "first failure")
        let statuses = Dictionary(uniqueKeysWithValues: log.results.map { ($0.task.id.rawValue, $0.status) })
        #expect(statuses == [1: .failed, 2: .cancelled, 3: .success, 4: .cancelled, 5: .cancelled])
        #expect(log.results.first { $0.task.id == 2 }?.message == "run halted: first failure")
        #expect(SinkConformance.violations(in: log.events).isEmpty)
    }

    /// A halt that a skipped task decides, amid the skipping of the tasks after one failure, cancels the rest of
    /// them: they are not skipped after the halt for having been pulled before it (2 and 3 after 1, the policy
    /// halting at the first skip).
    @Test func aHaltOnASkippedTaskCancelsTheTasksLeftToSkip() async {
        struct HaltOnFirstSkip: StopPolicy {
            mutating func evaluate(after result: TaskResult, statistics: RunStatistics) -> StopDecision? {
                result.status == .skipped ? StopDecision(reason: "first skip") : nil
            }
        }
        let tasks = [task(1, hasDependents: true), task(2, after: [1]), task(3, after: [1])]
        let (log, _) = await run(tasks, workers: 4, failing: [1], slow: 0, stopPolicy: HaltOnFirstSkip())
        let statuses = log.results.map { "\($0.task.id.rawValue) \($0.status.rawValue)" }
        #expect(statuses == ["1 FAILED", "2 SKIPPED", "3 CANCELLED"])
        #expect(log.results.last?.message == "run halted: first skip")
        #expect(SinkConformance.violations(in: log.events).isEmpty)
    }

    /// A task that asks for it (`preparedAtStart`) is prepared as it starts, though it has no dependencies; the
    /// tasks a halt cancels before they start are not prepared at all.
    @Test func aTaskPreparedAtStartIsPreparedOnlyWhenItStarts() async {
        final class Prepared: @unchecked Sendable { var ids: [Int] = [] }
        struct CountingSource: TaskSource {
            var inner: ArrayTaskSource
            let prepared: Prepared
            mutating func next() throws -> TaskSpec? { try inner.next() }
            mutating func prepare(_ task: TaskSpec, dependencyResults: [TaskResult]) throws -> TaskSpec {
                prepared.ids.append(task.id.rawValue)
                var task = task
                task.argv = ["echo", "prepared"]
                return task
            }
        }
        struct HaltAtOnce: StopPolicy {
            mutating func evaluate(after result: TaskResult, statistics: RunStatistics) -> StopDecision? {
                StopDecision(reason: "enough")
            }
        }
        let prepared = Prepared()
        let tasks = (1...3).map { id in
            var spec = task(id)
            spec.preparedAtStart = true
            return spec
        }
        let log = EventLog()
        let scheduler = Scheduler(configuration: SchedulerConfiguration(maxInFlight: 1), executor: ScriptedExecutor())
        _ = await scheduler.run(
            source: CountingSource(inner: ArrayTaskSource(tasks), prepared: prepared),
            sinks: [RecordingSink(log: log)], stopPolicy: HaltAtOnce())
        #expect(prepared.ids == [1])
        #expect(log.starts.map(\.task.argv) == [["echo", "prepared"]])
        #expect(log.results.map(\.status) == [.success, .cancelled, .cancelled])
    }
}

/// A source that makes its tasks again when asked, labelled `tN (remade)` so that a test sees which copy the
/// scheduler used, and cannot make again those in `lost`.
private struct RemakingSource: TaskSource {
    var inner: ArrayTaskSource
    let tasks: [TaskSpec]
    let lost: Set<Int>
    let remade = RemadeIDs()

    init(_ tasks: [TaskSpec], lost: Set<Int> = []) {
        inner = ArrayTaskSource(tasks)
        self.tasks = tasks
        self.lost = lost
    }

    mutating func next() throws -> TaskSpec? { try inner.next() }

    var remakesTasks: Bool { true }

    func remake(_ id: TaskID) -> TaskSpec? {
        remade.ids.append(id.rawValue)
        guard !lost.contains(id.rawValue), var task = tasks.first(where: { $0.id == id }) else { return nil }
        task.label += " (remade)"
        return task
    }
}

/// The ids a ``RemakingSource`` was asked to make again.
private final class RemadeIDs {
    var ids: [Int] = []
}

@Suite struct RemadeTaskTests {
    /// A source that makes its tasks again has the scheduler hold its waiting tasks by id alone: the tasks that start
    /// after their dependencies, and those skipped because one failed, are the source's new copies; tasks without
    /// dependencies are never held, nor made again.
    @Test func waitingTasksAreMadeAgainWhenTheyStartOrAreSkipped() async {
        // All five are pulled in the run's first turn, before any result: 2, 3 and 5 are held.
        let executor = ScriptedExecutor { task in .init(exitCode: task.id == 4 ? 1 : 0) }
        let log = EventLog()
        let scheduler = Scheduler(configuration: SchedulerConfiguration(maxInFlight: 3), executor: executor)
        let source = RemakingSource([
            task(1, hasDependents: true), task(4, hasDependents: true), task(2, after: [1]), task(3, after: [1]),
            task(5, after: [4]),
        ])
        let summary = await scheduler.run(source: source, sinks: [RecordingSink(log: log)])
        #expect(summary.statistics.succeeded == 3)
        #expect(summary.statistics.skipped == 1)
        #expect(Set(log.starts.map(\.task.label)) == ["t1", "t2 (remade)", "t3 (remade)", "t4"])
        #expect(log.results.first { $0.task.id == 5 }?.task.label == "t5 (remade)")
        #expect(source.remade.ids.sorted() == [2, 3, 5])
        #expect(SinkConformance.violations(in: log.events).isEmpty)
    }

    /// A waiting task the source cannot make again when it could start is an error, named by its id; the rest of
    /// the run goes on.
    @Test func aTaskTheSourceCannotMakeAgainIsAnError() async {
        let log = EventLog()
        let scheduler = Scheduler(configuration: SchedulerConfiguration(maxInFlight: 2), executor: ScriptedExecutor())
        let source = RemakingSource([task(1, hasDependents: true), task(2, after: [1]), task(3, after: [1])], lost: [3])
        let summary = await scheduler.run(source: source, sinks: [RecordingSink(log: log)])
        #expect(summary.statistics.succeeded == 2)
        let lost = log.results.first { $0.task.id == 3 }
        #expect(lost?.status == .error)
        #expect(lost?.task.label == "task 3")
        #expect(lost?.message == "the source could not make task 3 again when it could start")
        #expect(SinkConformance.violations(in: log.events).isEmpty)
    }
}
