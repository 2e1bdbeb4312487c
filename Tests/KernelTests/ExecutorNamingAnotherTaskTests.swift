import PRXKernel
import PRXTesting
import Testing

/// An executor that mixes its tasks up: its result for the task numbered `misreported` names task `misreported + 100`
/// (a task the run never had), and each other result the task it ran, as ``ScriptedExecutor`` makes them.
private struct MisreportingExecutor: Executor {
    let misreported: TaskID
    let base = ScriptedExecutor()

    func execute(_ task: TaskSpec, context: ExecutionContext) async -> TaskResult {
        var result = await base.execute(task, context: context)
        if task.id == misreported { result.task.id = TaskID(task.id.rawValue + 100) }
        return result
    }
}

private func run(
    _ tasks: [TaskSpec], misreporting misreported: TaskID, workers: Int = 1
) async -> (RunSummary, EventLog) {
    let log = EventLog()
    let scheduler = Scheduler(
        configuration: SchedulerConfiguration(maxInFlight: workers),
        executor: MisreportingExecutor(misreported: misreported))
    let summary = await scheduler.run(source: ArrayTaskSource(tasks), sinks: [RecordingSink(log: log)])
    return (summary, log)
}

/// A result an executor returns naming another task than the one it was given is that task's `ERROR`, naming the
/// executor's mistake. It was taken as it came: the sinks were told of task 102, which never started, task 2 started
/// and never ended, and the tasks depending on it were never released (cancelled as the run ended).
@Suite struct ExecutorNamingAnotherTaskTests {
    @Test func theResultIsTheGivenTasksErrorNamingTheMistake() async {
        let tasks = (1...3).map { TaskSpec(id: TaskID($0), label: "t\($0)", argv: ["true"]) }
        let (summary, log) = await run(tasks, misreporting: 2)
        #expect(log.results.map(\.task.id) == [1, 2, 3])
        #expect(log.results.map(\.status) == [.success, .error, .success])
        #expect(log.results[1].task == tasks[1])
        #expect(log.results[1].message == "the executor reported task 102 for task 2")
        #expect(log.results[1].exitCode == nil)
        #expect(log.results[1].stdoutTail == "out t2\n")
        #expect(summary.statistics.errored == 1)
        #expect(SinkConformance.violations(in: log.events).isEmpty)
    }

    /// The task's dependents are released as after any error (skipped, or run when they run after failures), and the
    /// task is not retried: an executor that mixed it up once would again.
    @Test func itsDependentsAreReleasedAndItIsNotRetried() async {
        var first = TaskSpec(id: 1, label: "t1", argv: ["true"], hasDependents: true)
        first.retry = RetryPolicy(maxRetries: 2)
        let tasks = [
            first,
            TaskSpec(id: 2, label: "t2", argv: ["true"], dependencies: [1]),
            TaskSpec(id: 3, label: "t3", argv: ["true"], dependencies: [1], runsAfterFailedDependencies: true),
        ]
        let (summary, log) = await run(tasks, misreporting: 1, workers: 2)
        #expect(log.starts.map(\.task.id) == [1, 3])
        #expect(log.results.map(\.task.id) == [1, 2, 3])
        #expect(log.results.map(\.status) == [.error, .skipped, .success])
        #expect(log.results[1].message == "dependency t1 ended ERROR")
        #expect(summary.statistics.running == 0)
        #expect(SinkConformance.violations(in: log.events).isEmpty)
    }
}
