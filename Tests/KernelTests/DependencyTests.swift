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
        let order = log.events.compactMap { event -> String? in
            switch event {
            case .taskStarted(let start): "start \(start.task.id)"
            case .taskFinished(let result): "end \(result.task.id)"
            default: nil
            }
        }
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

    /// A count can run out before its task ends (here its one dependent is skipped for another dependency's
    /// failure): the result is then not kept at all, and a dependent beyond the count runs without it.
    @Test func aCountThatRunsOutEarlyKeepsNothing() async {
        let executor = ScriptedExecutor { task in
            .init(exitCode: task.id == 2 ? 1 : 0, seconds: task.id == 1 ? 0.1 : 0)
        }
        let log = EventLog()
        let scheduler = Scheduler(configuration: SchedulerConfiguration(maxInFlight: 2), executor: executor)
        var slow = task(1, hasDependents: true, read: true)
        slow.dependentCount = 1
        var failing = task(2, hasDependents: true, read: true)
        failing.dependentCount = 1
        let tasks = [slow, failing, task(3, after: [1, 2]), task(4, after: [1])]
        let source = PreparingSource(inner: ArrayTaskSource(tasks))
        _ = await scheduler.run(source: source, sinks: [RecordingSink(log: log)])
        let statuses = Dictionary(uniqueKeysWithValues: log.results.map { ($0.task.id.rawValue, $0.status) })
        #expect(statuses == [1: .success, 2: .failed, 3: .skipped, 4: .success])
        #expect(log.starts.first { $0.task.id == 4 }?.task.argv == ["echo"])
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
        _ = await scheduler.run(source: ArrayTaskSource([task(1), task(2, after: [9])]), sinks: [RecordingSink(log: log)])
        let result = log.results.first { $0.task.id == 2 }
        #expect(result?.status == .error)
        #expect(result?.message?.contains("depends on task 9") == true)
    }

    @Test func haltingCancelsTasksStillWaitingForDependencies() async {
        struct HaltOnFirstFailure: StopPolicy {
            mutating func evaluate(after result: TaskResult, statistics: RunStatistics) -> StopDecision? {
                result.status == .failed ? StopDecision(reason: "first failure") : nil
            }
        }
        let executor = ScriptedExecutor { task in .init(exitCode: task.id == 2 ? 1 : 0, seconds: task.id == 1 ? 0.05 : 0) }
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
}
