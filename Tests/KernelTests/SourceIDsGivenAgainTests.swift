import PRXKernel
import PRXTesting
import Testing

private func task(_ id: Int, after dependencies: [TaskID] = [], hasDependents: Bool = false) -> TaskSpec {
    TaskSpec(
        id: TaskID(id), label: "t\(id)", argv: ["true"], dependencies: dependencies, hasDependents: hasDependents)
}

private func run(
    _ source: some TaskSource, executor: ScriptedExecutor = ScriptedExecutor(), workers: Int = 1,
    stopPolicy: (any StopPolicy)? = nil
) async -> (RunSummary, EventLog) {
    let log = EventLog()
    let scheduler = Scheduler(configuration: SchedulerConfiguration(maxInFlight: workers), executor: executor)
    let summary = await scheduler.run(source: source, sinks: [RecordingSink(log: log)], stopPolicy: stopPolicy)
    return (summary, log)
}

/// Halts after the first failure.
private struct HaltOnFailure: StopPolicy {
    mutating func evaluate(after result: TaskResult, statistics: RunStatistics) -> StopDecision? {
        result.status == .failed ? StopDecision(reason: "a failure") : nil
    }
}

/// A source that does not promise unique ids (``TaskSource/promisesUniqueIDs``) and gives an id again ends the pulling
/// there, as at an error it throws: the task given again is neither run nor reported, since its id is the earlier
/// task's, and the run's source error names the id. It ran, and was reported under the id again: the sinks were told
/// of the id's end twice, and the journal, the history and the tasks depending on that id took the one for the other.
@Suite struct SourceIDsGivenAgainTests {
    /// Ids in several orders, the last given again; each id is run once, then the run stops at the last.
    @Test(arguments: [
        [1, 2, 3, 2], [1, 3, 2, 3], [5, 1, 5], [2, 1, 1], [1, 2, 3, 1], [4, 8, 6, 2, 6],
        [Int.max, Int.min, 0, Int.max], [Int.min, Int.max, Int.min],
    ])
    func theRunStopsAtAnIDGivenAgain(ids: [Int]) async {
        let executor = ScriptedExecutor()
        let (summary, log) = await run(ArrayTaskSource((ids + [7]).map { task($0) }), executor: executor)
        let given = Array(ids.dropLast())
        #expect(log.results.map(\.task.id.rawValue) == given)
        #expect(executor.executedCount == given.count)
        #expect(summary.sourceError == "task id \(ids.last!) was already given by the source")
        #expect(summary.statistics.finished == given.count)
        #expect(SinkConformance.violations(in: log.events).isEmpty)
    }

    /// Ids each given once, in any order, with gaps and at the ends of the range, run to the end.
    @Test(arguments: [
        [1, 2, 3], [3, 1, 2, 5, 4], [10, 20, 15, 30, 11, 19], [Int.max, Int.min, 0, -1, 1],
        [Int.min, Int.min + 1, Int.max - 1, Int.max],
    ])
    func idsGivenOnceRunToTheEnd(ids: [Int]) async {
        let (summary, log) = await run(ArrayTaskSource(ids.map { task($0) }))
        #expect(log.results.map(\.task.id.rawValue) == ids)
        #expect(summary.sourceError == nil)
        #expect(summary.allSucceeded)
    }

    /// A task given again while the task of its id is running and another waits for it: the waiting one is cancelled
    /// as the run stops, released by neither.
    @Test func aTaskWaitingForTheIDIsCancelled() async {
        let executor = ScriptedExecutor { _ in .init(seconds: 0.2) }
        let source = ArrayTaskSource([task(1, hasDependents: true), task(2, after: [1]), task(1)])
        let (summary, log) = await run(source, executor: executor, workers: 2)
        #expect(executor.executedCount == 1)
        #expect(log.results.map(\.task.id) == [2, 1])
        #expect(log.results.map(\.status) == [.cancelled, .success])
        #expect(log.results[0].message == "run stopped by its source: task id 1 was already given by the source")
        #expect(summary.sourceError == "task id 1 was already given by the source")
        #expect(SinkConformance.violations(in: log.events).isEmpty)
    }

    /// An id given again among the tasks a halted run pulls to report cancelled ends that pulling, with the source's
    /// error.
    @Test func anIDGivenAgainAfterAHaltEndsThePulling() async {
        let executor = ScriptedExecutor { task in .init(exitCode: task.id == 1 ? 1 : 0) }
        let source = ArrayTaskSource([task(1), task(2), task(2), task(3)])
        let (summary, log) = await run(source, executor: executor, stopPolicy: HaltOnFailure())
        #expect(log.results.map(\.task.id) == [1, 2])
        #expect(log.results.map(\.status) == [.failed, .cancelled])
        #expect(summary.haltReason == "a failure")
        #expect(summary.sourceError == "task id 2 was already given by the source")
        #expect(SinkConformance.violations(in: log.events).isEmpty)
    }

    /// The stand-in of an item the source cannot read, under an id given before, is not reported either.
    @Test func anUnreadableItemsStandInUnderAnIDGivenBeforeIsNotReported() async {
        let unreadable = UnreadableTaskError(standIn: TaskSpec(id: 1, label: "args.txt:2", argv: []), reason: "too long")
        let source = ArrayTaskSource([task(1), task(2)], failing: (position: 1, error: unreadable))
        let (summary, log) = await run(source)
        #expect(log.results.map(\.task.id) == [1])
        #expect(log.results.map(\.status) == [.success])
        #expect(summary.sourceError == "task id 1 was already given by the source")
        #expect(SinkConformance.violations(in: log.events).isEmpty)
    }
}
