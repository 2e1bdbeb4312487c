import PRXKernel
import PRXTesting
import Synchronization
import Testing

/// An executor that mixes its tasks' output up: before running each task as ``ScriptedExecutor`` does (which passes
/// `out LABEL` for it), it passes, through the task's own output handler, a piece for each task id `misnamed` gives,
/// and, when it `passesLate`, through the handler of the attempt before it, one naming that attempt's task, as one
/// that kept a handler past its attempt would.
private final class OutputMisnamingExecutor: Executor {
    let misnamed: @Sendable (TaskSpec) -> [TaskID]
    let passesLate: Bool
    let base: ScriptedExecutor
    private let earlier = Mutex<(task: TaskID, output: (@Sendable (OutputChunk) -> Void)?)?>(nil)

    init(
        passesLate: Bool = false, misnamed: @escaping @Sendable (TaskSpec) -> [TaskID],
        script: @escaping @Sendable (TaskSpec) -> ScriptedExecutor.Outcome = { _ in .init() }
    ) {
        self.misnamed = misnamed
        self.passesLate = passesLate
        base = ScriptedExecutor(script: script)
    }

    func execute(_ task: TaskSpec, context: ExecutionContext) async -> TaskResult {
        for id in misnamed(task) {
            context.output?(OutputChunk(taskID: id, stream: .stdout, bytes: Array("from \(task.label)\n".utf8)))
        }
        let before = earlier.withLock { earlier in
            defer { earlier = (task.id, context.output) }
            return earlier
        }
        if passesLate, let before {
            before.output?(OutputChunk(taskID: before.task, stream: .stdout, bytes: Array("late\n".utf8)))
        }
        return await base.execute(task, context: context)
    }
}

/// An executor whose first attempt of a task fails, keeping its output handler, and whose second passes through that
/// handler a piece naming the task and one naming task 99, as one that kept a handler past its attempt would, before
/// it runs as ``ScriptedExecutor`` does (passing `out LABEL`) and succeeds.
private final class LateAcrossRetryExecutor: Executor {
    private let kept = Mutex<(@Sendable (OutputChunk) -> Void)?>(nil)

    func execute(_ task: TaskSpec, context: ExecutionContext) async -> TaskResult {
        guard context.attempt > 1 else {
            kept.withLock { $0 = context.output }
            return await ScriptedExecutor { _ in .init(exitCode: 1) }.execute(task, context: context)
        }
        let first = kept.withLock { $0 }
        first?(OutputChunk(taskID: task.id, stream: .stdout, bytes: Array("late\n".utf8)))
        first?(OutputChunk(taskID: 99, stream: .stdout, bytes: Array("misnamed\n".utf8)))
        return await ScriptedExecutor().execute(task, context: context)
    }
}

private func run(_ tasks: [TaskSpec], on executor: OutputMisnamingExecutor, workers: Int = 1) async -> OutputLog {
    let log = OutputLog()
    let scheduler = Scheduler(configuration: SchedulerConfiguration(maxInFlight: workers), executor: executor)
    _ = await scheduler.run(source: ArrayTaskSource(tasks), sinks: [OutputRecordingSink(log: log)])
    return log
}

private func results(in log: OutputLog) -> [TaskResult] {
    log.events.compactMap { event in
        if case .taskFinished(let result) = event { return result }
        return nil
    }
}

/// A piece of output an executor passes naming another task than its attempt's is given to no sink, and the attempt
/// is its task's `ERROR`, naming the executor's mistake, as a result naming another task is
/// (``ExecutorNamingAnotherTaskTests``); a piece passed after its attempt returned is given to no sink. They were
/// given to the sinks that watch output as the named task's: of a task that never ran, of one that had ended, or of
/// another that ran beside it.
@Suite struct ExecutorOutputNamingAnotherTaskTests {
    @Test func aPieceNamingATaskNotRunningIsTheAttemptsError() async {
        let tasks = (1...3).map { TaskSpec(id: TaskID($0), label: "t\($0)", argv: ["true"]) }
        let log = await run(tasks, on: OutputMisnamingExecutor { $0.id == 2 ? [102] : [] })
        #expect(log.output(of: 102).isEmpty)
        #expect(SinkConformance.outputViolations(in: log.entries) == [])
        let results = results(in: log)
        #expect(results.map(\.task.id) == [1, 2, 3])
        #expect(results.map(\.status) == [.success, .error, .success])
        #expect(results[1].message == "the executor reported output of task 102 for task 2")
        #expect(results[1].exitCode == nil)
        #expect(results[1].stdoutTail == "out t2\n")
        #expect(String(decoding: log.output(of: 2), as: UTF8.self) == "out t2\n")
        #expect(SinkConformance.violations(in: log.events).isEmpty)
    }

    /// Task 2 names task 1, which runs beside it: task 1's output is its own alone, and task 1 succeeds.
    @Test func aPieceNamingAnotherRunningTaskIsNotThatTasksOutput() async {
        let tasks = (1...2).map { TaskSpec(id: TaskID($0), label: "t\($0)", argv: ["true"]) }
        let executor = OutputMisnamingExecutor(misnamed: { $0.id == 2 ? [1] : [] }) { task in
            .init(seconds: task.id == 1 ? 0.5 : 0)
        }
        let log = await run(tasks, on: executor, workers: 2)
        #expect(String(decoding: log.output(of: 1), as: UTF8.self) == "out t1\n")
        let results = results(in: log).sorted { $0.task.id < $1.task.id }
        #expect(results.map(\.status) == [.success, .error])
        #expect(results[1].message == "the executor reported output of task 1 for task 2")
        #expect(SinkConformance.outputViolations(in: log.entries) == [])
    }

    /// Each task's attempt passes a piece of the attempt before it through that attempt's handler once it returned:
    /// none reaches the sinks, and no task is the worse for it.
    @Test func aPiecePassedAfterItsAttemptReturnedIsDropped() async {
        let tasks = (1...3).map { TaskSpec(id: TaskID($0), label: "t\($0)", argv: ["true"]) }
        let log = await run(tasks, on: OutputMisnamingExecutor(passesLate: true) { _ in [] })
        #expect(SinkConformance.outputViolations(in: log.entries) == [])
        #expect(results(in: log).map(\.status) == [.success, .success, .success])
        for id in 1...3 {
            #expect(String(decoding: log.output(of: TaskID(id)), as: UTF8.self) == "out t\(id)\n")
        }
    }

    /// A task's first attempt fails and its task is retried; the second passes pieces through the first's handler, one
    /// naming the task and one naming another: neither reaches the sinks (the first is not the second attempt's
    /// output) and the second attempt succeeds. The relay knew the task running, not which attempt of it, so the
    /// first piece was given to the sinks as the second attempt's output and the second made that attempt an `ERROR`.
    @Test func aPiecePassedAfterItsAttemptReturnedIsDroppedWhileTheTaskIsRetried() async {
        let task = TaskSpec(id: 1, label: "t1", argv: ["true"], retry: RetryPolicy(maxRetries: 1))
        let log = OutputLog()
        let scheduler = Scheduler(
            configuration: SchedulerConfiguration(maxInFlight: 1), executor: LateAcrossRetryExecutor())
        _ = await scheduler.run(source: ArrayTaskSource([task]), sinks: [OutputRecordingSink(log: log)])
        #expect(String(decoding: log.output(of: 1), as: UTF8.self) == "out t1\nout t1\n")
        #expect(log.output(of: 99).isEmpty)
        #expect(SinkConformance.outputViolations(in: log.entries) == [])
        let results = results(in: log)
        #expect(results.map(\.status) == [.success])
        #expect(results.first?.attempts == 2)
        #expect(results.first?.message == nil)
    }
}
