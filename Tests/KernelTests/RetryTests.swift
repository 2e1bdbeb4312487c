import Foundation
import PRXKernel
import PRXTesting
import Synchronization
import Testing

/// Fails a task's first `failures` attempts with `exitCode`, then succeeds.
private func flaky(failures: Int, exitCode: Int32 = 1) -> ScriptedExecutor {
    let attempts = Mutex<[TaskID: Int]>([:])
    return ScriptedExecutor { task in
        let attempt = attempts.withLock { counts -> Int in
            counts[task.id, default: 0] += 1
            return counts[task.id]!
        }
        return .init(exitCode: attempt <= failures ? exitCode : 0)
    }
}

private func run(_ task: TaskSpec, executor: ScriptedExecutor) async -> (RunSummary, EventLog) {
    let log = EventLog()
    let scheduler = Scheduler(configuration: SchedulerConfiguration(maxInFlight: 2), executor: executor)
    let summary = await scheduler.run(source: ArrayTaskSource([task]), sinks: [RecordingSink(log: log)])
    return (summary, log)
}

/// Why a test source could not make a task.
private enum RetryError: Error {
    case noCommand
}

/// Halts the run when the task labelled `y` ends.
private struct HaltOnY: StopPolicy {
    mutating func evaluate(after result: TaskResult, statistics: RunStatistics) -> StopDecision? {
        result.task.label == "y" ? StopDecision(reason: "y failed") : nil
    }
}

/// Runs `x`, failing at once and retried up to 3 times after `retryDelay` seconds, then `y`, failing after `ySeconds`,
/// on `workers` workers, halting when `y` ends.
private func runHaltingOnY(
    retryDelay: Double, ySeconds: Double, workers: Int
) async -> (RunSummary, EventLog, ScriptedExecutor) {
    let x = TaskSpec(id: 1, label: "x", argv: ["x"], retry: RetryPolicy(maxRetries: 3, delay: retryDelay))
    let y = TaskSpec(id: 2, label: "y", argv: ["y"])
    let executor = ScriptedExecutor { task in .init(exitCode: 1, seconds: task.label == "y" ? ySeconds : 0) }
    let log = EventLog()
    let scheduler = Scheduler(configuration: SchedulerConfiguration(maxInFlight: workers), executor: executor)
    let summary = await scheduler.run(
        source: ArrayTaskSource([x, y]), sinks: [RecordingSink(log: log)], stopPolicy: HaltOnY())
    return (summary, log, executor)
}

@Suite struct RetryTests {
    @Test func aFailingTaskRunsAgainUntilItSucceeds() async {
        let task = TaskSpec(id: 1, label: "flaky", argv: ["x"], retry: RetryPolicy(maxRetries: 3, delay: 0.01))
        let executor = flaky(failures: 2)
        let (summary, log) = await run(task, executor: executor)
        #expect(summary.statistics.succeeded == 1)
        #expect(summary.statistics.finished == 1)
        #expect(executor.executedCount == 3)
        #expect(log.starts.map(\.attempt) == [1, 2, 3])
        let failedAttempts = log.events.compactMap { event -> Int? in
            if case .attemptFailed(let result) = event { return result.attempts }
            return nil
        }
        #expect(failedAttempts == [1, 2])
        #expect(log.results.first?.attempts == 3)
        #expect(SinkConformance.violations(in: log.events).isEmpty)
    }

    @Test func retriesStopAtTheLimit() async {
        let task = TaskSpec(id: 1, label: "broken", argv: ["x"], retry: RetryPolicy(maxRetries: 2))
        let executor = flaky(failures: 10)
        let (summary, log) = await run(task, executor: executor)
        #expect(summary.statistics.failed == 1)
        #expect(executor.executedCount == 3)
        #expect(log.results.first?.attempts == 3)
    }

    /// An executor whose failed results say no attempt ran is held to the attempt it was given: the retry limit
    /// counts on, and the task's worker is recorded. The scheduler took its word, so the task was retried for ever
    /// as attempt 1.
    @Test func aFailureSayingNoAttemptRanStillCountsItsAttempt() async {
        struct CountingNone: Executor {
            let inner = ScriptedExecutor { _ in .init(exitCode: 1) }
            func execute(_ task: TaskSpec, context: ExecutionContext) async -> TaskResult {
                var result = await inner.execute(task, context: context)
                result.attempts = 0
                return result
            }
        }
        let task = TaskSpec(id: 1, label: "broken", argv: ["x"], retry: RetryPolicy(maxRetries: 2))
        let executor = CountingNone()
        let log = EventLog()
        let scheduler = Scheduler(configuration: SchedulerConfiguration(maxInFlight: 2), executor: executor)
        let summary = await withTaskGroup(of: RunSummary?.self) { group in
            group.addTask { await scheduler.run(source: ArrayTaskSource([task]), sinks: [RecordingSink(log: log)]) }
            // Without the rule the run never ends: give up after a minute rather than hold the suite.
            group.addTask {
                try? await Task.sleep(for: .seconds(60))
                return nil
            }
            let first = await group.next() ?? nil
            group.cancelAll()
            return first
        }
        #expect(summary?.statistics.failed == 1)
        #expect(executor.inner.executedCount == 3)
        #expect(log.results.first?.attempts == 3)
        #expect(log.results.first?.workerID == 1)
    }

    /// A halt while a task waits out its retry delay starts no attempt: the task ends as its last attempt did.
    /// The attempt started after the delay, the halt notwithstanding; and a halt that lets running tasks finish
    /// waited out the whole delay before the run could end.
    @Test func aHaltDuringARetryDelayStartsNoAttempt() async {
        let (summary, log, executor) = await runHaltingOnY(retryDelay: 300, ySeconds: 0.05, workers: 2)
        #expect(summary.haltReason == "y failed")
        // Short of the delay, which a run that waited it out could not be: the run ends at the halt, 0.05 s in. The
        // margin is for the suite's other tests, which start together with this one and share the pool's threads and
        // the two cores with its steps: under load they have held this run's steps back for over a minute (74 s in a
        // full suite beside two builds, where a bound of 60 s failed).
        #expect(summary.endTime.timeIntervalSince(summary.startTime) < 250)
        #expect(executor.executedCount == 2)
        #expect(log.starts.filter { $0.task.label == "x" }.map(\.attempt) == [1])
        let final = log.results.first { $0.task.label == "x" }
        #expect(final?.status == .failed)
        #expect(final?.attempts == 1)
        #expect(final?.message == "not retried: run halted: y failed")
        #expect(SinkConformance.violations(in: log.events).isEmpty)
    }

    /// A task waiting out its retry delay when the run halts ends at the halt, with the tasks the halt cancels, not
    /// when the tasks still running end: it was recorded only after the last of them.
    @Test func aHaltEndsATaskWaitingOutItsRetryDelayAtOnce() async {
        /// Runs `long` until `x` is recorded (two minutes at most), so that the order of the results says whether `x`
        /// was recorded while `long` ran, however the test runner's threads are busy.
        struct WaitingForX: Executor {
            let log: EventLog
            let inner = ScriptedExecutor { task in .init(exitCode: task.label == "long" ? 0 : 1) }
            func execute(_ task: TaskSpec, context: ExecutionContext) async -> TaskResult {
                let deadline = ContinuousClock.now + .seconds(120)
                while task.label == "long" && !log.results.contains(where: { $0.task.label == "x" })
                    && ContinuousClock.now < deadline
                {
                    try? await Task.sleep(for: .milliseconds(10))
                }
                if task.label == "y" { try? await Task.sleep(for: .milliseconds(50)) }
                return await inner.execute(task, context: context)
            }
        }
        let x = TaskSpec(id: 1, label: "x", argv: ["x"], retry: RetryPolicy(maxRetries: 3, delay: 300))
        let y = TaskSpec(id: 2, label: "y", argv: ["y"])
        let long = TaskSpec(id: 3, label: "long", argv: ["long"])
        let log = EventLog()
        let executor = WaitingForX(log: log)
        let scheduler = Scheduler(configuration: SchedulerConfiguration(maxInFlight: 3), executor: executor)
        let summary = await scheduler.run(
            source: ArrayTaskSource([x, y, long]), sinks: [RecordingSink(log: log)], stopPolicy: HaltOnY())
        #expect(summary.haltReason == "y failed")
        #expect(log.results.map(\.task.label) == ["y", "x", "long"])
        #expect(log.results.first { $0.task.label == "x" }?.status == .failed)
        #expect(log.results.first { $0.task.label == "long" }?.status == .success)
        #expect(SinkConformance.violations(in: log.events).isEmpty)
    }

    /// A halt ends a task waiting out its retry delay before it cancels the tasks held after it: a dependent that
    /// runs after failures was reported cancelled before its dependency's final result, ending before it.
    @Test func aHaltEndsATaskWaitingOutItsRetryDelayBeforeItsDependents() async {
        /// Fails `y` once `x`'s first attempt has failed (two minutes at most): the halt comes during x's delay.
        struct FailingYAfterX: Executor {
            let log: EventLog
            func execute(_ task: TaskSpec, context: ExecutionContext) async -> TaskResult {
                let deadline = ContinuousClock.now + .seconds(120)
                while task.label == "y" && ContinuousClock.now < deadline && !log.events.contains(where: { event in
                    if case .attemptFailed = event { true } else { false }
                }) {
                    try? await Task.sleep(for: .milliseconds(10))
                }
                return await ScriptedExecutor { _ in .init(exitCode: 1) }.execute(task, context: context)
            }
        }
        let x = TaskSpec(
            id: 1, label: "x", argv: ["x"], hasDependents: true, retry: RetryPolicy(maxRetries: 3, delay: 300))
        let dependent = TaskSpec(
            id: 2, label: "dependent", argv: ["d"], dependencies: [1], runsAfterFailedDependencies: true)
        let y = TaskSpec(id: 3, label: "y", argv: ["y"])
        let log = EventLog()
        let scheduler = Scheduler(
            configuration: SchedulerConfiguration(maxInFlight: 2), executor: FailingYAfterX(log: log))
        let summary = await scheduler.run(
            source: ArrayTaskSource([x, dependent, y]), sinks: [RecordingSink(log: log)], stopPolicy: HaltOnY())
        #expect(summary.haltReason == "y failed")
        #expect(log.results.map { "\($0.task.label) \($0.status.rawValue)" } == [
            "y FAILED", "x FAILED", "dependent CANCELLED",
        ])
        #expect(SinkConformance.violations(in: log.events).isEmpty)
    }

    /// A halt that lets running tasks finish keeps an attempt running at the halt from its retry: the task ends as
    /// that attempt did, with no `attemptFailed`, and its message said nothing of the retry its policy promised.
    @Test func anAttemptFailingAfterAHaltIsNotRetriedAndSaysWhy() async {
        /// Fails `x` once `y` is recorded (two minutes at most): the halt comes while x's first attempt runs.
        struct FailingXAfterY: Executor {
            let log: EventLog
            func execute(_ task: TaskSpec, context: ExecutionContext) async -> TaskResult {
                let deadline = ContinuousClock.now + .seconds(120)
                while task.label == "x" && !log.results.contains(where: { $0.task.label == "y" })
                    && ContinuousClock.now < deadline
                {
                    try? await Task.sleep(for: .milliseconds(10))
                }
                return await ScriptedExecutor { _ in .init(exitCode: 1) }.execute(task, context: context)
            }
        }
        let x = TaskSpec(id: 1, label: "x", argv: ["x"], retry: RetryPolicy(maxRetries: 3))
        let y = TaskSpec(id: 2, label: "y", argv: ["y"])
        let log = EventLog()
        let scheduler = Scheduler(
            configuration: SchedulerConfiguration(maxInFlight: 2), executor: FailingXAfterY(log: log))
        let summary = await scheduler.run(
            source: ArrayTaskSource([x, y]), sinks: [RecordingSink(log: log)], stopPolicy: HaltOnY())
        #expect(summary.haltReason == "y failed")
        #expect(log.results.map { "\($0.task.label) \($0.status.rawValue)" } == ["y FAILED", "x FAILED"])
        let final = log.results.first { $0.task.label == "x" }
        #expect(final?.attempts == 1)
        #expect(final?.message == "not retried: run halted: y failed")
        #expect(!log.events.contains { event in if case .attemptFailed = event { true } else { false } })
        #expect(SinkConformance.violations(in: log.events).isEmpty)
    }

    /// A halt that comes as the scheduler starts tasks (here: a task whose command cannot be made, and a policy
    /// halting on it) ends a task waiting out its retry delay at once too; it waited out the delay.
    @Test func aHaltWhileStartingTasksEndsATaskWaitingOutItsRetryDelayAtOnce() async {
        struct HaltOnError: StopPolicy {
            mutating func evaluate(after result: TaskResult, statistics: RunStatistics) -> StopDecision? {
                result.status == .error ? StopDecision(reason: "an error") : nil
            }
        }
        /// Cannot make the command of task 3.
        struct UnpreparedSource: TaskSource {
            var inner: ArrayTaskSource
            mutating func next() throws -> TaskSpec? { try inner.next() }
            mutating func prepare(_ task: TaskSpec, dependencyResults: [TaskResult]) throws -> TaskSpec {
                throw RetryError.noCommand
            }
        }
        let x = TaskSpec(id: 1, label: "x", argv: ["x"], retry: RetryPolicy(maxRetries: 3, delay: 300))
        let before = TaskSpec(id: 2, label: "before", argv: ["before"], hasDependents: true)
        let after = TaskSpec(id: 3, label: "after", argv: ["after"], dependencies: [2])
        let executor = ScriptedExecutor { task in
            task.label == "x" ? .init(exitCode: 1) : .init(exitCode: 0, seconds: 0.3)
        }
        let log = EventLog()
        let scheduler = Scheduler(configuration: SchedulerConfiguration(maxInFlight: 2), executor: executor)
        let summary = await scheduler.run(
            source: UnpreparedSource(inner: ArrayTaskSource([x, before, after])), sinks: [RecordingSink(log: log)],
            stopPolicy: HaltOnError())
        #expect(summary.haltReason == "an error")
        // Short of the delay, as in aHaltDuringARetryDelayStartsNoAttempt: the run's own work takes 0.3 s.
        #expect(summary.endTime.timeIntervalSince(summary.startTime) < 250)
        #expect(log.results.map(\.task.label) == ["before", "after", "x"])
        #expect(log.results.last?.status == .failed)
        #expect(SinkConformance.violations(in: log.events).isEmpty)
    }

    /// A task waiting out its retry delay holds no worker: with one worker, the task after it ran only once the
    /// retry had, and with as many tasks waiting as workers, nothing ran meanwhile.
    @Test func aTaskWaitingOutItsRetryDelayHoldsNoWorker() async {
        let x = TaskSpec(id: 1, label: "x", argv: ["x"], retry: RetryPolicy(maxRetries: 1, delay: 0.2))
        let y = TaskSpec(id: 2, label: "y", argv: ["y"])
        let log = EventLog()
        let scheduler = Scheduler(configuration: SchedulerConfiguration(maxInFlight: 1), executor: flaky(failures: 1))
        let summary = await scheduler.run(source: ArrayTaskSource([x, y]), sinks: [RecordingSink(log: log)])
        #expect(summary.statistics.finished == 2)
        #expect(log.starts.map { "\($0.task.label)\($0.attempt)@\($0.workerID)" } == ["x1@1", "y1@1", "x2@1"])
        #expect(log.results.first { $0.task.label == "x" }.map { ($0.attempts, $0.workerID) } ?? (0, 0) == (2, 1))
        #expect(SinkConformance.violations(in: log.events).isEmpty)
    }

    /// A retry keeps the pause between starts as any start does: one without a delay started at once.
    @Test func aRetryWaitsForThePauseBetweenStarts() async {
        let task = TaskSpec(id: 1, label: "flaky", argv: ["x"], retry: RetryPolicy(maxRetries: 1))
        let log = EventLog()
        let scheduler = Scheduler(
            configuration: SchedulerConfiguration(maxInFlight: 2, startDelay: 0.3), executor: flaky(failures: 1))
        _ = await scheduler.run(source: ArrayTaskSource([task]), sinks: [RecordingSink(log: log)])
        let times = log.starts.map(\.time)
        #expect(times.count == 2)
        #expect(times.count == 2 && times[1].timeIntervalSince(times[0]) >= 0.25)
    }

    /// A halt ends a task whose retry is due and waits for a worker as one still waiting out its delay: at once, as
    /// its last attempt ended, and no attempt starts.
    @Test func aHaltEndsATaskWhoseRetryWaitsForAWorker() async {
        // y runs on the one worker well past x's delay: x's retry is due (and waits for the worker) at the halt.
        let (summary, log, _) = await runHaltingOnY(retryDelay: 0.01, ySeconds: 0.3, workers: 1)
        #expect(summary.haltReason == "y failed")
        #expect(log.starts.map { "\($0.task.label)\($0.attempt)" } == ["x1", "y1"])
        #expect(log.results.map(\.task.label) == ["y", "x"])
        let final = log.results.first { $0.task.label == "x" }
        #expect(final?.status == .failed && final?.attempts == 1 && final?.workerID == 1)
        #expect(summary.statistics.running == 0)
        #expect(SinkConformance.violations(in: log.events).isEmpty)
    }

    /// A retry's start is reported when the attempt starts, after the delay: it was reported as the delay began.
    @Test func aRetrysStartIsReportedWhenItStarts() async {
        let task = TaskSpec(id: 1, label: "flaky", argv: ["x"], retry: RetryPolicy(maxRetries: 1, delay: 0.3))
        let (_, log) = await run(task, executor: flaky(failures: 1))
        let failedAt = log.events.compactMap { event -> Date? in
            if case .attemptFailed(let result) = event { return result.endTime }
            return nil
        }.first
        let second = log.starts.first { $0.attempt == 2 }
        #expect(second.map { $0.time.timeIntervalSince(failedAt ?? .distantFuture) } ?? 0 >= 0.25)
    }

    @Test func onlyTheListedExitCodesAreRetried() async {
        let retry = RetryPolicy(maxRetries: 5, exitCodes: [75])
        let (_, worthIt) = await run(
            TaskSpec(id: 1, label: "a", argv: ["x"], retry: retry), executor: flaky(failures: 1, exitCode: 75))
        #expect(worthIt.results.first?.status == .success)
        let executor = flaky(failures: 1, exitCode: 2)
        let (_, notWorthIt) = await run(TaskSpec(id: 1, label: "b", argv: ["x"], retry: retry), executor: executor)
        #expect(notWorthIt.results.first?.status == .failed)
        #expect(executor.executedCount == 1)
    }
}
