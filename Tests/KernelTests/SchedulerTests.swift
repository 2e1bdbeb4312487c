import Foundation
import PRXKernel
import PRXTesting
import Testing

private func tasks(_ count: Int, timeout: Double? = nil) -> [TaskSpec] {
    (1...count).map { TaskSpec(id: TaskID($0), label: "task\($0)", argv: ["true"], timeout: timeout) }
}

private func run(
    _ source: some TaskSource,
    executor: any Executor = ScriptedExecutor(),
    workers: Int = 2,
    startDelay: Double = 0,
    stopPolicy: (any StopPolicy)? = nil
) async -> (RunSummary, EventLog) {
    let log = EventLog()
    let scheduler = Scheduler(
        configuration: SchedulerConfiguration(maxInFlight: workers, startDelay: startDelay), executor: executor)
    let summary = await scheduler.run(source: source, sinks: [RecordingSink(log: log)], stopPolicy: stopPolicy)
    return (summary, log)
}

/// Halts after a fixed number of failures.
private struct HaltAfterFailures: StopPolicy {
    var limit: Int
    var mode: StopDecision.Mode = .finishRunning
    mutating func evaluate(after result: TaskResult, statistics: RunStatistics) -> StopDecision? {
        statistics.failures >= limit ? StopDecision(reason: "\(limit) failures", mode: mode) : nil
    }
}

@Suite struct SchedulerTests {
    @Test func runsEveryTaskAndReportsEachExactlyOnce() async {
        let executor = ScriptedExecutor { _ in .init(seconds: 0.001) }
        let (summary, log) = await run(ArrayTaskSource(tasks(50)), executor: executor, workers: 4)
        #expect(summary.statistics.finished == 50)
        #expect(summary.statistics.succeeded == 50)
        #expect(summary.allSucceeded)
        #expect(executor.executedCount == 50)
        #expect(SinkConformance.violations(in: log.events).isEmpty)
        #expect(Set(log.results.map(\.task.id)).count == 50)
    }

    @Test(arguments: [1, 3, 8])
    func neverExceedsTheWorkerCount(workers: Int) async {
        let executor = ScriptedExecutor { _ in .init(seconds: 0.01) }
        let (_, log) = await run(ArrayTaskSource(tasks(30)), executor: executor, workers: workers)
        #expect(executor.peakConcurrency == workers)
        let workerIDs = Set(log.starts.map(\.workerID))
        #expect(workerIDs == Set(1...workers))
    }

    @Test func aPreflightErrorIsReportedWithoutRunning() async {
        var list = tasks(3)
        list[1].preflightError = "argument 1 is too long"
        let executor = ScriptedExecutor()
        let (summary, log) = await run(ArrayTaskSource(list), executor: executor)
        #expect(executor.executedCount == 2)
        #expect(summary.statistics.errored == 1)
        let rejected = log.results.first { $0.task.id == 2 }
        #expect(rejected?.status == .error)
        #expect(rejected?.message == "argument 1 is too long")
        #expect(SinkConformance.violations(in: log.events).isEmpty)
    }

    @Test func aStopPolicyHaltsAndTheRestIsCancelled() async {
        let executor = ScriptedExecutor { _ in .init(exitCode: 1) }
        let (summary, log) = await run(
            ArrayTaskSource(tasks(20)), executor: executor, workers: 1, stopPolicy: HaltAfterFailures(limit: 3))
        #expect(summary.haltReason == "3 failures")
        #expect(summary.statistics.failed == 3)
        #expect(summary.statistics.cancelled == 17)
        #expect(executor.executedCount == 3)
        #expect(log.results.filter { $0.status == .cancelled }.allSatisfy { $0.message == "run halted: 3 failures" })
        #expect(SinkConformance.violations(in: log.events).isEmpty)
    }

    /// A halt is an event right after the result that decided it, and the tasks it cancels are finished at once,
    /// while the running ones go on: they were cancelled only once those had ended, so that nothing of the halt was
    /// written meanwhile, and an interruption then took them for its own.
    @Test func aHaltCancelsTheRestAtOnceWhileRunningTasksFinish() async throws {
        let executor = ScriptedExecutor { task in
            task.id == TaskID(1) ? .init(seconds: 1) : .init(exitCode: 1)
        }
        let (summary, log) = await run(
            ArrayTaskSource(tasks(10)), executor: executor, workers: 2, stopPolicy: HaltAfterFailures(limit: 2))
        #expect(summary.haltReason == "2 failures")
        let order = log.events.compactMap { event -> String? in
            switch event {
            case .runHalted(let reason): "halted: \(reason)"
            case .taskFinished(let result): "\(result.task.id.rawValue) \(result.status.rawValue)"
            default: nil
            }
        }
        // The halt comes right after the second failure, the tasks not started right after it, and the running
        // task finishes (after them, unless a loaded machine held up the failing tasks for a second).
        let halt = try #require(order.firstIndex(of: "halted: 2 failures"))
        #expect(order[..<halt].filter { $0.hasSuffix("FAILED") }.count == 2)
        #expect(order[halt - 1].hasSuffix("FAILED"))
        let cancelled = order[(halt + 1)...].prefix { $0.hasSuffix("CANCELLED") }
        #expect(cancelled.count == order.filter { $0.hasSuffix("CANCELLED") }.count)
        #expect(order.filter { $0.hasSuffix("CANCELLED") }.count + order.filter { $0.hasSuffix("FAILED") }.count == 9)
        #expect(order.contains("1 SUCCESS"))
        #expect(SinkConformance.violations(in: log.events).isEmpty)
    }

    @Test func pendingCountsTheTasksTheSourceStillHas() async {
        /// Halts, naming the count, when `finished + running + pending` is not every task of the source.
        struct EveryTaskCounted: StopPolicy {
            mutating func evaluate(after result: TaskResult, statistics: RunStatistics) -> StopDecision? {
                let total = statistics.finished + statistics.running + statistics.pending
                return total == 6 ? nil : StopDecision(reason: "counted \(total) of 6", mode: .finishRunning)
            }
        }
        let (summary, _) = await run(ArrayTaskSource(tasks(6)), workers: 1, stopPolicy: EveryTaskCounted())
        #expect(summary.haltReason == nil)
        #expect(summary.statistics.succeeded == 6)
    }

    @Test func haltingNowTerminatesRunningTasks() async {
        // Tasks that would run 900 s, stopped well before: the margin is wide because a test runner whose threads
        // are all busy with other tests may resume this one minutes late (155 s once, beside two builds).
        let executor = ScriptedExecutor { task in
            .init(exitCode: task.id == 1 ? 1 : 0, seconds: task.id == 1 ? 0 : 900)
        }
        let clock = ContinuousClock()
        let began = clock.now
        let (summary, log) = await run(
            ArrayTaskSource(tasks(5)), executor: executor, workers: 3,
            stopPolicy: HaltAfterFailures(limit: 1, mode: .terminateRunning))
        #expect(clock.now - began < .seconds(600))
        #expect(summary.statistics.failed == 1)
        #expect(summary.statistics.cancelled == 4)
        #expect(!summary.interrupted)
        #expect(SinkConformance.violations(in: log.events).isEmpty)
    }

    /// A signal that comes while the tasks a `terminateRunning` halt stopped are ending (their grace) stopped
    /// none of them: the halt did. The run's interruption came once the tasks had ended; it was counted as one that
    /// stopped them.
    @Test func anInterruptionWhileAHaltStopsTheRunningTasksStopsNone() async {
        /// Task 1 fails at once; task 2 runs until it is stopped, then takes until `released` to end.
        final class EndingInItsGrace: Executor {
            let released = Mutex(false)
            func execute(_ task: TaskSpec, context: ExecutionContext) async -> TaskResult {
                let start = Date()
                guard task.id == 2 else {
                    try? await Task.sleep(for: .milliseconds(100))
                    return TaskResult(
                        task: task, status: .failed, termination: .exited(1), startTime: start,
                        workerID: context.workerID, attempts: context.attempt)
                }
                try? await Task.sleep(for: .seconds(300))
                while !released.withLock({ $0 }) { usleep(1000) }
                return TaskResult(
                    task: task, status: .cancelled, startTime: start, workerID: context.workerID,
                    message: "terminated: run halted", attempts: context.attempt)
            }
        }
        let executor = EndingInItsGrace()
        let log = EventLog()
        let scheduler = Scheduler(configuration: SchedulerConfiguration(maxInFlight: 2), executor: executor)
        let runTask = Task {
            await scheduler.run(
                source: ArrayTaskSource(tasks(2)), sinks: [RecordingSink(log: log)],
                stopPolicy: HaltAfterFailures(limit: 1, mode: .terminateRunning))
        }
        while !log.events.contains(where: { if case .runHalted = $0 { true } else { false } }) {
            try? await Task.sleep(for: .milliseconds(5))
        }
        runTask.cancel()
        executor.released.withLock { $0 = true }
        let summary = await runTask.value
        #expect(summary.haltReason == "1 failures")
        #expect(summary.interruption == .afterTasksEnded)
        #expect(log.results.first { $0.task.id == 2 }?.status == .cancelled)
        #expect(SinkConformance.violations(in: log.events).isEmpty)
    }

    @Test func cancellingTheRunInterruptsIt() async {
        let executor = ScriptedExecutor { _ in .init(seconds: 30) }
        let log = EventLog()
        let scheduler = Scheduler(configuration: SchedulerConfiguration(maxInFlight: 2), executor: executor)
        let runTask = Task {
            await scheduler.run(source: ArrayTaskSource(tasks(10)), sinks: [RecordingSink(log: log)])
        }
        while log.starts.count < 2 { try? await Task.sleep(for: .milliseconds(5)) }
        runTask.cancel()
        let summary = await runTask.value
        #expect(summary.interrupted)
        #expect(summary.statistics.cancelled == 10)
        #expect(executor.executedCount == 2)
        #expect(SinkConformance.violations(in: log.events).isEmpty)
    }

    /// An attempt stopped before its command started (here by a halt right after its start, as a recipe's failing
    /// `on_start` makes one) has started, on its worker, at its reported start, with its attempt counted, whatever
    /// the executor says: its result named no worker, no start and no attempt, though its start had been reported.
    @Test func anAttemptStoppedBeforeItsCommandStartedStartedOnItsWorker() async {
        /// Halts at the first start, stopping the running tasks.
        struct HaltAtStart: StopPolicy {
            mutating func evaluate(after result: TaskResult, statistics: RunStatistics) -> StopDecision? { nil }
            mutating func evaluate(afterStart start: TaskStart) -> StopDecision? {
                StopDecision(reason: "hook failed", mode: .terminateRunning)
            }
        }
        /// Waits to be stopped and says, as the local executor once did, that the task never started.
        struct StoppedBeforeTheCommand: Executor {
            func execute(_ task: TaskSpec, context: ExecutionContext) async -> TaskResult {
                try? await Task.sleep(for: .seconds(60))
                return .notStarted(task, status: .cancelled, message: "run interrupted before the task started")
            }
        }
        let (summary, log) = await run(
            ArrayTaskSource(tasks(2)), executor: StoppedBeforeTheCommand(), stopPolicy: HaltAtStart())
        #expect(summary.haltReason == "hook failed")
        let start = log.starts.first
        let first = log.results.first { $0.task.id == 1 }
        #expect(first?.status == .cancelled)
        #expect(first?.workerID == start?.workerID && first?.workerID != 0)
        #expect(first?.attempts == 1)
        #expect(first?.startTime == start?.time)
        #expect(log.results.first { $0.task.id == 2 }?.workerID == 0)
        #expect(SinkConformance.violations(in: log.events).isEmpty)
    }

    /// A signal that comes while the source makes a task (a recipe's Lua code building its command) starts no
    /// task: the task made is cancelled as never started, with no worker; it was started, as if on a worker.
    @Test func anInterruptionWhileTheSourceMakesATaskStartsNoTask() async {
        /// Yields task 1, then cancels the run as it makes task 2, as a signal during a long `next()` does.
        struct InterruptedSource: TaskSource {
            var inner = ArrayTaskSource(tasks(3))
            mutating func next() throws -> TaskSpec? {
                let task = try inner.next()
                if task?.id == 2 { withUnsafeCurrentTask { $0?.cancel() } }
                return task
            }
        }
        let executor = ScriptedExecutor { _ in .init(seconds: 0.2) }
        let (summary, log) = await run(InterruptedSource(), executor: executor, workers: 2)
        #expect(summary.interrupted)
        #expect(log.starts.map(\.task.id) == [1])
        #expect(executor.executedCount == 1)
        let second = log.results.first { $0.task.id == 2 }
        #expect(second?.status == .cancelled)
        #expect(second?.workerID == 0)
        #expect(SinkConformance.violations(in: log.events).isEmpty)
    }

    /// A policy that halts right after a start (a hook that failed as the task started) starts no other task,
    /// though workers are free: the run halted at the next result, and the tasks ready beside the first started.
    @Test func aHaltRightAfterAStartStartsNoOtherTask() async {
        struct HaltAtFirstStart: StopPolicy {
            mutating func evaluate(after result: TaskResult, statistics: RunStatistics) -> StopDecision? { nil }
            mutating func evaluate(afterStart start: TaskStart) -> StopDecision? {
                StopDecision(reason: "\(start.task.label) started")
            }
        }
        let (summary, log) = await run(ArrayTaskSource(tasks(4)), workers: 3, stopPolicy: HaltAtFirstStart())
        #expect(summary.haltReason == "task1 started")
        #expect(log.starts.map(\.task.id) == [1])
        let statuses = Dictionary(uniqueKeysWithValues: log.results.map { ($0.task.id.rawValue, $0.status) })
        #expect(statuses == [1: .success, 2: .cancelled, 3: .cancelled, 4: .cancelled])
        #expect(SinkConformance.violations(in: log.events).isEmpty)
    }

    /// A result that came as a task started (a sink slow to take its start, as a recipe's `on_start` is) waited in the
    /// group until every free worker had a task: the stop policy saw the first task's failure only after the fourth
    /// had started. It sees it before the next start: the task whose start was under way starts, no other.
    @Test func aResultThatComesAsATaskStartsIsSeenBeforeTheNextStart() async {
        /// Whether the executor has run the first task.
        final class FirstRun: Sendable {
            let happened = Atomic<Bool>(false)
        }
        /// Holds the second task's start until the first task has been run and half a second has passed.
        struct SlowToTakeTheSecondStart: Sink {
            let firstRun: FirstRun
            mutating func receive(_ event: RunEvent) throws {
                guard case .taskStarted(let start) = event, start.task.id == 2 else { return }
                let deadline = Date().addingTimeInterval(10)
                while !firstRun.happened.load(ordering: .acquiring) && Date() < deadline {
                    Thread.sleep(forTimeInterval: 0.01)
                }
                Thread.sleep(forTimeInterval: 0.5)
            }
        }
        let firstRun = FirstRun()
        let executor = ScriptedExecutor { task in
            guard task.id == 1 else { return .init() }
            firstRun.happened.store(true, ordering: .releasing)
            return .init(exitCode: 1)
        }
        let log = EventLog()
        let scheduler = Scheduler(configuration: SchedulerConfiguration(maxInFlight: 4), executor: executor)
        let sinks: [any Sink] = [RecordingSink(log: log), SlowToTakeTheSecondStart(firstRun: firstRun)]
        // The sink blocks the run's thread while the first task's attempt must run on another: threads of the test's
        // own, which the suite's other tests cannot keep busy as they can Swift's shared pool.
        let summary = await withTaskExecutorPreference(ThreadPerJobExecutor()) {
            await scheduler.run(
                source: ArrayTaskSource(tasks(12)), sinks: sinks, stopPolicy: HaltAfterFailures(limit: 1))
        }
        #expect(summary.haltReason == "1 failures")
        // The second starts unless the first task's failure came before its start was under way.
        let started = log.starts.map(\.task.id.rawValue)
        #expect(started == [1, 2] || started == [1], "\(started)")
        #expect(summary.statistics.cancelled == 12 - started.count)
        #expect(SinkConformance.violations(in: log.events).isEmpty)
    }

    /// A task whose making the interruption cut off (a recipe's `cmd` function stopped by the signal) is cancelled
    /// as never started, and so is the task after it: they were ERROR with the error the interruption raised, and
    /// SKIPPED.
    @Test func aPreparationTheInterruptionCutsOffCancelsTheTaskAndItsDependents() async {
        struct CutOff: Error {}
        /// Cancels the run as it prepares task 1, and fails, as Lua code the signal stops does.
        struct InterruptedSource: TaskSource {
            var inner = ArrayTaskSource([
                TaskSpec(id: 1, label: "task1", argv: [], hasDependents: true, preparedAtStart: true),
                TaskSpec(id: 2, label: "task2", argv: ["true"], dependencies: [1]),
            ])
            mutating func next() throws -> TaskSpec? { try inner.next() }
            mutating func prepare(_ task: TaskSpec, dependencyResults: [TaskResult]) throws -> TaskSpec {
                withUnsafeCurrentTask { $0?.cancel() }
                throw CutOff()
            }
        }
        let (summary, log) = await run(InterruptedSource())
        #expect(summary.interrupted)
        #expect(log.starts.isEmpty)
        #expect(log.results.map(\.status) == [.cancelled, .cancelled])
        #expect(log.results.map(\.message) == ["run interrupted", "run interrupted"])
        #expect(SinkConformance.violations(in: log.events).isEmpty)
    }

    /// A halt while the next start waits out the pause between starts ends the run once the running tasks end; it
    /// waited out the pause.
    @Test func aHaltDoesNotWaitOutThePauseBetweenStarts() async {
        let executor = ScriptedExecutor { _ in .init(exitCode: 1) }
        let started = ContinuousClock.now
        let (summary, log) = await run(
            ArrayTaskSource(tasks(3)), executor: executor, workers: 2, startDelay: 900,
            stopPolicy: HaltAfterFailures(limit: 1))
        // Well under the pause: the suite's synchronous tests can hold every thread of the pool for minutes (155 s
        // once, beside two builds).
        #expect(ContinuousClock.now - started < .seconds(600))
        #expect(summary.haltReason == "1 failures")
        #expect(log.results.map(\.status) == [.failed, .cancelled, .cancelled])
    }

    @Test func aSourceErrorStopsPullingButKeepsResults() async {
        struct BadLine: Error, CustomStringConvertible { var description: String { "args.txt:3: bad line" } }
        let (summary, log) = await run(ArrayTaskSource(tasks(5), failing: (position: 2, error: BadLine())))
        #expect(summary.sourceError == "args.txt:3: bad line")
        #expect(summary.statistics.succeeded == 2)
        #expect(!summary.allSucceeded)
        #expect(SinkConformance.violations(in: log.events).isEmpty)
    }

    /// An item the source cannot read, but can read on past, stops the run as a source error does; its stand-in is
    /// an error with the reason, and the tasks after it are cancelled, not lost: they were, with the run's exit 2.
    @Test func anUnreadableItemIsAnErrorAndTheTasksAfterItAreCancelled() async {
        let standIn = TaskSpec(id: 3, label: "args.txt:3", argv: [])
        let unreadable = UnreadableTaskError(standIn: standIn, reason: "args.txt:3: line too long")
        // Thrown in place of task 3.
        let (summary, log) = await run(ArrayTaskSource(tasks(5), failing: (position: 2, error: unreadable)))
        #expect(summary.sourceError == "args.txt:3: line too long")
        #expect(log.starts.map(\.task.id) == [1, 2])
        let results = log.results.sorted { $0.task.id < $1.task.id }
        #expect(results.map(\.task.id) == [1, 2, 3, 4, 5])
        #expect(results.map(\.status) == [.success, .success, .error, .cancelled, .cancelled])
        #expect(results[2].message == "args.txt:3: line too long")
        #expect(results[3].message == "run stopped by its source: args.txt:3: line too long")
        #expect(summary.statistics.finished == 5)
        #expect(SinkConformance.violations(in: log.events).isEmpty)
    }

    /// A source that throws for one item again and again, against ``TaskSource/next()``'s rule, is pulled no more
    /// once it gives a stand-in whose id is not above the last one's: the item is reported once, and the run ends.
    /// It was pulled for ever (here, until the source gave up after 100 throws, reporting the item each time).
    @Test func aSourceGivingAnUnreadableItemAgainIsPulledNoMore() async {
        struct StuckSource: TaskSource {
            var thrown = 0
            mutating func next() throws -> TaskSpec? {
                guard thrown < 100 else { return nil }
                thrown += 1
                throw UnreadableTaskError(standIn: TaskSpec(id: 1, label: "args.txt:1", argv: []), reason: "too long")
            }
        }
        let (summary, log) = await run(StuckSource())
        #expect(summary.sourceError == "too long")
        #expect(log.results.map(\.status) == [.error])
        #expect(SinkConformance.violations(in: log.events).isEmpty)
    }

    /// A source is told that the tasks it has still to give will only be cancelled before the scheduler pulls them
    /// to report them, once, whatever stopped the run (a halt, an item it could not read), so that it can spare the
    /// making of their commands; a run that reads its source to the end does not tell it. It was not told: an
    /// arguments file's `--parser` was called for every line left after a halt.
    @Test(arguments: [false, true])
    func theSourceIsToldBeforeItsTasksLeftArePulledToBeCancelled(unreadable: Bool) async {
        final class Calls: @unchecked Sendable { var made: [String] = [] }
        /// Tasks 1 to 5 (3 unreadable, when so made), noting each pull and what the scheduler tells it.
        struct NotingSource: TaskSource {
            var inner: ArrayTaskSource
            let calls: Calls
            mutating func next() throws -> TaskSpec? {
                do {
                    let task = try inner.next()
                    calls.made.append(task.map { "next \($0.id.rawValue)" } ?? "end")
                    return task
                } catch {
                    calls.made.append("unreadable")
                    throw error
                }
            }
            mutating func remainingTasksWillBeCancelled() { calls.made.append("cancelling") }
        }
        let standIn = UnreadableTaskError(standIn: TaskSpec(id: 3, label: "args.txt:3", argv: []), reason: "too long")
        let calls = Calls()
        let executor = ScriptedExecutor { task in .init(exitCode: task.id == 2 ? 1 : 0) }
        let source = NotingSource(
            inner: ArrayTaskSource(tasks(5), failing: unreadable ? (position: 2, error: standIn) : nil), calls: calls)
        let (summary, log) = await run(
            source, executor: executor, workers: 1, stopPolicy: unreadable ? nil : HaltAfterFailures(limit: 1))
        #expect(summary.haltReason == (unreadable ? nil : "1 failures"))
        let madeBeforeTheStop = unreadable ? ["next 1", "next 2", "unreadable"] : ["next 1", "next 2"]
        let pulledToCancel = unreadable ? ["next 4", "next 5"] : ["next 3", "next 4", "next 5"]
        #expect(calls.made == madeBeforeTheStop + ["cancelling"] + pulledToCancel + ["end"])
        #expect(log.results.count == 5)
        #expect(SinkConformance.violations(in: log.events).isEmpty)

        let told = Calls()
        _ = await run(NotingSource(inner: ArrayTaskSource(tasks(2)), calls: told))
        #expect(!told.made.contains("cancelling"), "\(told.made)")
    }

    /// An item the source cannot read among the tasks a run that stopped reports cancelled (after a halt, or after an
    /// earlier unreadable item) is cancelled as they are, and is no error of the run: it was an `ERROR`, and made the
    /// run's source error (prx's exit status 2) when the stop was a halt.
    @Test(arguments: [false, true])
    func anUnreadableItemAfterTheRunStoppedIsCancelled(afterAnUnreadableItem: Bool) async {
        /// Tasks 1 to 5, throwing for 2 when `first` is set and for 4.
        struct TwoUnreadable: TaskSource {
            var inner = ArrayTaskSource(tasks(5))
            let first: Bool
            mutating func next() throws -> TaskSpec? {
                guard let task = try inner.next() else { return nil }
                guard task.id == 4 || (first && task.id == 2) else { return task }
                let label = "args.txt:\(task.id.rawValue)"
                throw UnreadableTaskError(
                    standIn: TaskSpec(id: task.id, label: label, argv: []), reason: "\(label): too long")
            }
        }
        let executor = ScriptedExecutor { _ in .init(exitCode: 1) }
        let (summary, log) = await run(
            TwoUnreadable(first: afterAnUnreadableItem), executor: executor, workers: 1,
            stopPolicy: afterAnUnreadableItem ? nil : HaltAfterFailures(limit: 1))
        let results = log.results.sorted { $0.task.id < $1.task.id }
        #expect(results.map(\.task.id) == [1, 2, 3, 4, 5])
        #expect(results.map(\.status) == [.failed, afterAnUnreadableItem ? .error : .cancelled, .cancelled, .cancelled,
            .cancelled])
        let message = afterAnUnreadableItem ? "run stopped by its source: args.txt:2: too long" : "run halted: 1 failures"
        #expect(results[3].message == message)
        #expect(summary.sourceError == (afterAnUnreadableItem ? "args.txt:2: too long" : nil))
        #expect(SinkConformance.violations(in: log.events).isEmpty)
    }

    @Test func startsAreSpacedByTheStartDelay() async {
        let (_, log) = await run(ArrayTaskSource(tasks(4)), workers: 4, startDelay: 0.05)
        let times = log.starts.map(\.time)
        for (earlier, later) in zip(times, times.dropFirst()) {
            #expect(later.timeIntervalSince(earlier) >= 0.045)
        }
    }

    /// A task held back by the pause between starts goes back to the head of the ready tasks, in the slot it was
    /// taken from: the tasks a fan-out made ready still start in the order they became ready.
    @Test func tasksHeldBackByThePauseStartInTheOrderTheyBecameReady() async {
        let root = TaskSpec(id: 1, label: "root", argv: ["true"], hasDependents: true)
        let fanOut = (2...7).map { TaskSpec(id: TaskID($0), label: "task\($0)", argv: ["true"], dependencies: [1]) }
        let (summary, log) = await run(ArrayTaskSource([root] + fanOut), workers: 4, startDelay: 0.02)
        #expect(summary.statistics.succeeded == 7)
        #expect(log.starts.map(\.task.id) == (1...7).map { TaskID($0) })
        #expect(SinkConformance.violations(in: log.events).isEmpty)
    }

    /// A task that ends during the pause before the next start is recorded as it ends, not when the pause is over:
    /// waited out in the scheduler's turn, the pause held the result back (and a `kill -9` lost it, so that
    /// `--resume` ran the task again).
    @Test func aResultIsRecordedDuringThePauseBetweenStarts() async {
        let (summary, log) = await run(ArrayTaskSource(tasks(3)), workers: 3, startDelay: 0.4)
        #expect(summary.statistics.succeeded == 3)
        let firstEnd = log.events.firstIndex { if case .taskFinished(let r) = $0 { r.task.id == 1 } else { false } }
        let secondStart = log.events.firstIndex { if case .taskStarted(let s) = $0 { s.task.id == 2 } else { false } }
        #expect(firstEnd != nil && secondStart != nil && firstEnd! < secondStart!)
        #expect(SinkConformance.violations(in: log.events).isEmpty)
    }

    @Test func aFailingSinkIsReportedAndTheOthersStillReceiveEverything() async {
        struct BrokenSink: Sink {
            struct DiskFull: Error, CustomStringConvertible { var description: String { "disk full" } }
            mutating func receive(_ event: RunEvent) throws { throw DiskFull() }
        }
        let log = EventLog()
        let scheduler = Scheduler(configuration: SchedulerConfiguration(maxInFlight: 2), executor: ScriptedExecutor())
        let summary = await scheduler.run(
            source: ArrayTaskSource(tasks(5)), sinks: [BrokenSink(), RecordingSink(log: log)])
        #expect(summary.sinkErrors == ["disk full"])
        #expect(log.results.count == 5)
        #expect(SinkConformance.violations(in: log.events).isEmpty)
    }

    @Test func aSinkFailingOnTheLastEventOrItsFlushIsInTheReturnedSummary() async {
        let scheduler = Scheduler(configuration: SchedulerConfiguration(maxInFlight: 2), executor: ScriptedExecutor())
        let summary = await scheduler.run(
            source: ArrayTaskSource(tasks(3)), sinks: [FullReportSink(), FullAtTheEndSink()])
        #expect(summary.sinkErrors == ["report: disk full", "file: disk full"])
    }

    /// A sink told of the run's end after a file's sink is told whether that file got its last lines: the run's
    /// journal, told after the log, recorded a clean end for a daemon whose log (its only report) was cut short at its
    /// last write, or as the run ended.
    @Test func aSinkToldOfTheRunsEndAfterOthersIsToldOfTheirFailuresAtTheEnd() async {
        let log = EventLog()
        let scheduler = Scheduler(configuration: SchedulerConfiguration(maxInFlight: 2), executor: ScriptedExecutor())
        _ = await scheduler.run(
            source: ArrayTaskSource(tasks(3)), sinks: [FullReportSink(), FullAtTheEndSink(), RecordingSink(log: log)])
        guard case .runFinished(let told) = log.events.last else {
            Issue.record("the last event was not the run's end")
            return
        }
        #expect(told.sinkErrors == ["report: disk full", "file: disk full"])
    }

    @Test func sinksAreFlushedAfterEachTurnAndAfterTheLastEvent() async {
        /// Writes "flush" between the events it receives, as a buffering sink would write its file.
        final class Entries: Sendable {
            let list = Mutex<[String]>([])
        }
        struct FlushRecordingSink: Sink {
            let entries = Entries()
            mutating func receive(_ event: RunEvent) throws {
                let name: String
                switch event {
                case .runStarted: name = "run started"
                case .taskStarted(let start): name = "started \(start.task.id)"
                case .taskPlaced(let placement): name = "placed \(placement.task.id)"
                case .attemptFailed: name = "attempt failed"
                case .taskFinished(let result): name = "finished \(result.task.id)"
                case .runHalted: name = "run halted"
                case .runFinished: name = "run finished"
                }
                entries.list.withLock { $0.append(name) }
            }
            func flush() throws {
                entries.list.withLock { entries in
                    if entries.last != "flush" { entries.append("flush") }
                }
            }
        }
        let sink = FlushRecordingSink()
        let scheduler = Scheduler(configuration: SchedulerConfiguration(maxInFlight: 1), executor: ScriptedExecutor())
        _ = await scheduler.run(source: ArrayTaskSource(tasks(2)), sinks: [sink])
        #expect(sink.entries.list.withLock { $0 } == [
            "run started", "started 1", "flush",
            "finished 1", "started 2", "flush",
            "finished 2", "flush",
            "run finished", "flush",
        ])
    }

    @Test func aTurnCancellingThousandsOfTasksFlushesTheSinksAsItGoes() async {
        /// Counts the events received between flushes, as a buffering sink's buffer would grow.
        final class Counts: Sendable {
            let state = Mutex((sinceFlush: 0, most: 0, events: 0))
        }
        struct CountingSink: Sink {
            let counts = Counts()
            mutating func receive(_ event: RunEvent) throws {
                counts.state.withLock {
                    $0.sinceFlush += 1
                    $0.events += 1
                    $0.most = max($0.most, $0.sinceFlush)
                }
            }
            func flush() throws {
                counts.state.withLock { $0.sinceFlush = 0 }
            }
        }
        let sink = CountingSink()
        let scheduler = Scheduler(configuration: SchedulerConfiguration(maxInFlight: 1), executor: ScriptedExecutor())
        let summary = await scheduler.run(
            source: ArrayTaskSource(tasks(5000)), sinks: [sink], stopPolicy: HaltAfterFailures(limit: 0))
        #expect(summary.statistics.cancelled == 4999)
        let counts = sink.counts.state.withLock { $0 }
        // run started, 1 start, 5000 ends, run halted, run finished
        #expect(counts.events == 5004)
        #expect(counts.most <= 1024)
    }
}

import Synchronization

/// Fails to write the report it makes of the run's end, as a summary printed to a full disk does.
private struct FullReportSink: Sink {
    struct Full: Error, CustomStringConvertible { var description: String { "report: disk full" } }
    mutating func receive(_ event: RunEvent) throws {
        if case .runFinished = event { throw Full() }
    }
}

/// Keeps each event for its flush, and fails the flush that follows the run's end.
private final class FullAtTheEndSink: Sink {
    struct Full: Error, CustomStringConvertible { var description: String { "file: disk full" } }
    private var finished = false
    func receive(_ event: RunEvent) throws {
        if case .runFinished = event { finished = true }
    }
    func flush() throws {
        if finished { throw Full() }
    }
}
