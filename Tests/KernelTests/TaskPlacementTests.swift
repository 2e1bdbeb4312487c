import Foundation
import PRXKernel
import PRXTesting
import Synchronization
import Testing

/// Where an attempt runs, as an executor that reports it says while the attempt runs, reaches every sink between the
/// attempt's start and its end, and a run on an executor that does not report gives it no handler.
@Suite struct TaskPlacementTests {
    private static func tasks(_ count: Int, retry: RetryPolicy? = nil) -> [TaskSpec] {
        (1...count).map { TaskSpec(id: TaskID($0), label: "t\($0)", argv: ["t"], retry: retry) }
    }

    /// Task `id`'s events, each as a line: its starts, placements, failed attempts and end.
    private static func story(of id: TaskID, in events: [RunEvent]) -> [String] {
        events.compactMap { event in
            switch event {
            case .taskStarted(let start) where start.task.id == id:
                "started \(start.attempt) on \(start.workerID)"
            case .taskPlaced(let placement) where placement.task.id == id:
                "placed \(placement.attempt) on \(placement.workerID): "
                    + "\(placement.jobID ?? "-") \(placement.host ?? "-")"
            case .attemptFailed(let result) where result.task.id == id:
                "attempt \(result.attempts) failed: \(result.jobID ?? "-") \(result.host ?? "-")"
            case .taskFinished(let result) where result.task.id == id:
                "finished \(result.status.rawValue): \(result.jobID ?? "-") \(result.host ?? "-")"
            default:
                nil
            }
        }
    }

    /// What ``story(of:in:)`` says of an attempt of a ``ScriptedClusterExecutor`` that ran, up to its end.
    private static func placedAttempt(_ id: TaskID, _ attempt: Int, on worker: Int) -> [String] {
        [
            "started \(attempt) on \(worker)",
            "placed \(attempt) on \(worker): \(ScriptedClusterExecutor.jobID(of: id, attempt: attempt)) -",
            "placed \(attempt) on \(worker): \(place(id, attempt, on: worker))",
        ]
    }

    /// The job id and host of an attempt of a ``ScriptedClusterExecutor`` that ran, as ``story(of:in:)`` writes them.
    private static func place(_ id: TaskID, _ attempt: Int, on worker: Int) -> String {
        "\(ScriptedClusterExecutor.jobID(of: id, attempt: attempt)) \(ScriptedClusterExecutor.host(of: worker))"
    }

    @Test func eachPlacementReachesEverySinkBetweenItsAttemptsStartAndItsEnd() async {
        let events = EventLog()
        let watching = OutputLog()
        let executor = ScriptedClusterExecutor { _ in .init(seconds: 0.01) }
        let scheduler = Scheduler(configuration: SchedulerConfiguration(maxInFlight: 2), executor: executor)
        let summary = await scheduler.run(
            source: ArrayTaskSource(Self.tasks(6)),
            sinks: [RecordingSink(log: events), OutputRecordingSink(log: watching)])

        #expect(summary.statistics.succeeded == 6)
        #expect(SinkConformance.violations(in: events.events).isEmpty)
        #expect(SinkConformance.outputViolations(in: watching.entries).isEmpty)
        #expect(events.placements.count == 12)
        for start in events.starts {
            let id = start.task.id
            #expect(Self.story(of: id, in: events.events)
                == Self.placedAttempt(id, 1, on: start.workerID)
                + ["finished SUCCESS: \(Self.place(id, 1, on: start.workerID))"])
        }
        // A sink that watches output is told the same events.
        #expect(watching.events.count == events.events.count)
    }

    @Test func aPlacementReachesTheSinksWhileItsAttemptStillRuns() async {
        /// Reports its job once submitting it took a moment (the scheduler waits by then), then runs until a sink has
        /// been told of it (failing after 10 s).
        struct WaitingToBeSeen: Executor {
            let seen: PlacementsSeen
            var reportsPlacements: Bool { true }
            func execute(_ task: TaskSpec, context: ExecutionContext) async -> TaskResult {
                try? await Task.sleep(for: .milliseconds(50))
                context.reportPlacement(of: task, jobID: "job\(task.id)", host: nil)
                let deadline = ContinuousClock.now + .seconds(10)
                while !seen.contains(task.id) && ContinuousClock.now < deadline {
                    try? await Task.sleep(for: .milliseconds(5))
                }
                return TaskResult(
                    task: task, status: seen.contains(task.id) ? .success : .failed, workerID: context.workerID)
            }
        }
        let seen = PlacementsSeen()
        let scheduler = Scheduler(
            configuration: SchedulerConfiguration(maxInFlight: 2), executor: WaitingToBeSeen(seen: seen))
        let summary = await scheduler.run(source: ArrayTaskSource(Self.tasks(3)), sinks: [seen])

        #expect(summary.statistics.succeeded == 3)
    }

    @Test func eachAttemptOfARetriedTaskIsPlacedBeforeItEnds() async throws {
        let failedOnce = Mutex<Set<TaskID>>([])
        let executor = ScriptedClusterExecutor { task in
            let first = failedOnce.withLock { $0.insert(task.id).inserted }
            return .init(exitCode: first && task.id.rawValue % 2 == 0 ? 1 : 0)
        }
        let events = EventLog()
        let scheduler = Scheduler(configuration: SchedulerConfiguration(maxInFlight: 2), executor: executor)
        let summary = await scheduler.run(
            source: ArrayTaskSource(Self.tasks(4, retry: RetryPolicy(maxRetries: 1))),
            sinks: [RecordingSink(log: events)])

        #expect(summary.statistics.succeeded == 4)
        #expect(SinkConformance.violations(in: events.events).isEmpty)
        for id in [TaskID(2), TaskID(4)] {
            let workers = events.starts.filter { $0.task.id == id }.map(\.workerID)
            try #require(workers.count == 2)
            let (first, second) = (Self.place(id, 1, on: workers[0]), Self.place(id, 2, on: workers[1]))
            #expect(Self.story(of: id, in: events.events)
                == Self.placedAttempt(id, 1, on: workers[0]) + ["attempt 1 failed: \(first)"]
                + Self.placedAttempt(id, 2, on: workers[1]) + ["finished SUCCESS: \(second)"])
        }
    }

    @Test func aHaltThatStopsRunningJobsKeepsTheirPlacementsWithinTheirAttempts() async {
        /// Halts, stopping what runs, after the first failure.
        struct HaltOnFailure: StopPolicy {
            mutating func evaluate(after result: TaskResult, statistics: RunStatistics) -> StopDecision? {
                statistics.failures > 0 ? StopDecision(reason: "a failure", mode: .terminateRunning) : nil
            }
        }
        // Task 1 fails a moment after it left the queue, by when tasks 2 and 3, which would run for a minute, have
        // left it too (unless the machine is very slow: then they are stopped in the queue, with no host).
        let executor = ScriptedClusterExecutor { task in
            task.id == 1 ? .init(exitCode: 1, seconds: 0.2) : .init(seconds: 60)
        }
        let events = EventLog()
        let scheduler = Scheduler(configuration: SchedulerConfiguration(maxInFlight: 3), executor: executor)
        let summary = await scheduler.run(
            source: ArrayTaskSource(Self.tasks(6)), sinks: [RecordingSink(log: events)], stopPolicy: HaltOnFailure())

        #expect(summary.haltReason == "a failure")
        #expect(SinkConformance.violations(in: events.events).isEmpty)
        #expect(events.results.filter { $0.status == .cancelled }.count == 5)
        #expect(Set(events.placements.map(\.task.id)) == [1, 2, 3])
        for start in events.starts where start.task.id != 1 {
            let story = Self.story(of: start.task.id, in: events.events)
            let placed = Self.placedAttempt(start.task.id, 1, on: start.workerID)
            let stopped = events.results.first { $0.task.id == start.task.id }
            let place = "\(stopped?.jobID ?? "-") \(stopped?.host ?? "-")"
            #expect(story == placed + ["finished CANCELLED: \(place)"]
                || story == placed.prefix(2) + ["finished CANCELLED: \(place)"])
        }
    }

    @Test func anInterruptionWhileJobsAreQueuedEndsThemPlacedWithoutAHost() async throws {
        let executor = ScriptedClusterExecutor(queueSeconds: 60)
        let events = EventLog()
        let scheduler = Scheduler(configuration: SchedulerConfiguration(maxInFlight: 2), executor: executor)
        let run = Task {
            await scheduler.run(source: ArrayTaskSource(Self.tasks(4)), sinks: [RecordingSink(log: events)])
        }
        let deadline = ContinuousClock.now + .seconds(10)
        while events.placements.count < 2 && ContinuousClock.now < deadline {
            try await Task.sleep(for: .milliseconds(5))
        }
        run.cancel()
        let summary = await run.value

        #expect(summary.interrupted)
        #expect(SinkConformance.violations(in: events.events).isEmpty)
        #expect(events.placements.map(\.host) == [nil, nil])
        let stopped = events.results.filter { $0.startTime != nil }
        #expect(stopped.map(\.status) == [.cancelled, .cancelled])
        #expect(Set(stopped.compactMap(\.jobID)) == ["1.1", "2.1"])
        #expect(stopped.allSatisfy { $0.host == nil })
    }

    @Test func aPlacementReportedOutsideARunningAttemptIsDropped() async throws {
        /// Keeps each attempt's context; the second task reports, besides its own place, the first task's after that
        /// one returned, and one of an attempt that is not running.
        final class LateReporting: Executor {
            struct Attempt {
                var task: TaskSpec
                var context: ExecutionContext
            }
            let attempts = Mutex<[TaskID: Attempt]>([:])
            var reportsPlacements: Bool { true }
            func execute(_ task: TaskSpec, context: ExecutionContext) async -> TaskResult {
                attempts.withLock { $0[task.id] = Attempt(task: task, context: context) }
                context.reportPlacement(of: task, jobID: "job\(task.id)", host: nil)
                if task.id == 2, let first = attempts.withLock({ $0[1] }) {
                    first.context.reportPlacement(of: first.task, jobID: "late", host: nil)
                    context.placed?(TaskPlacement(task: task, workerID: 1, attempt: 5, jobID: "other", host: nil))
                }
                return TaskResult(task: task, status: .success, workerID: context.workerID)
            }
        }
        let executor = LateReporting()
        let events = EventLog()
        let scheduler = Scheduler(configuration: SchedulerConfiguration(maxInFlight: 1), executor: executor)
        _ = await scheduler.run(source: ArrayTaskSource(Self.tasks(2)), sinks: [RecordingSink(log: events)])
        let eventCount = events.events.count
        // After the run, too, a report goes nowhere.
        let last = try #require(executor.attempts.withLock { $0[2] })
        last.context.reportPlacement(of: last.task, jobID: "after the run", host: nil)

        #expect(SinkConformance.violations(in: events.events).isEmpty)
        #expect(events.placements.map(\.jobID) == ["job1", "job2"])
        #expect(events.events.count == eventCount)
    }

    /// A policy that halts right after a placement (a hook that failed for it, as a recipe's `on_placed` under
    /// `on_error = "halt"`) is asked before another task starts: the run halts while the placed task runs, and the
    /// tasks after it are cancelled, not started as the worker comes free.
    @Test func aHaltRightAfterAPlacementStartsNoOtherTask() async throws {
        /// Halts once a job is on a host.
        struct HaltOnceOnAHost: StopPolicy {
            mutating func evaluate(after result: TaskResult, statistics: RunStatistics) -> StopDecision? { nil }
            mutating func evaluate(afterPlacement placement: TaskPlacement) -> StopDecision? {
                placement.host.map { StopDecision(reason: "\(placement.task.label) on \($0)") }
            }
        }
        let executor = ScriptedClusterExecutor { _ in .init(seconds: 0.2) }
        let events = EventLog()
        let scheduler = Scheduler(configuration: SchedulerConfiguration(maxInFlight: 1), executor: executor)
        let summary = await scheduler.run(
            source: ArrayTaskSource(Self.tasks(3)), sinks: [RecordingSink(log: events)], stopPolicy: HaltOnceOnAHost())

        #expect(summary.haltReason == "t1 on node1")
        #expect(SinkConformance.violations(in: events.events).isEmpty)
        #expect(events.starts.map(\.task.id) == [1])
        let statuses = Dictionary(uniqueKeysWithValues: events.results.map { ($0.task.id.rawValue, $0.status) })
        #expect(statuses == [1: .success, 2: .cancelled, 3: .cancelled])
        // At once: before the placed task's end.
        let halt = events.events.firstIndex { if case .runHalted = $0 { true } else { false } }
        let placedTaskEnd = events.events.firstIndex {
            if case .taskFinished(let result) = $0 { result.task.id == 1 } else { false }
        }
        #expect(try #require(halt) < #require(placedTaskEnd))
    }

    @Test func onlyAnExecutorThatReportsPlacementsIsGivenAHandler() async {
        /// Records whether each attempt had a placement handler.
        final class HandlerChecking: Executor {
            let reports: Bool
            let handlers = Mutex<[Bool]>([])
            init(reports: Bool) { self.reports = reports }
            var reportsPlacements: Bool { reports }
            func execute(_ task: TaskSpec, context: ExecutionContext) async -> TaskResult {
                handlers.withLock { $0.append(context.placed != nil) }
                return TaskResult(task: task, status: .success, workerID: context.workerID)
            }
        }
        for reports in [false, true] {
            let executor = HandlerChecking(reports: reports)
            let scheduler = Scheduler(configuration: SchedulerConfiguration(maxInFlight: 2), executor: executor)
            // Also with a sink that watches output, for which the run has a relay of its own.
            _ = await scheduler.run(source: ArrayTaskSource(Self.tasks(4)), sinks: [OutputRecordingSink()])
            #expect(executor.handlers.withLock { $0 } == Array(repeating: reports, count: 4))
        }
    }

    @Test func theConformanceCheckFindsAPlacementOutsideItsAttempt() {
        let task = TaskSpec(id: 1, label: "t1", argv: ["t"])
        let start = TaskStart(task: task, workerID: 1, attempt: 1, time: Date())
        let result = TaskResult(task: task, status: .success, workerID: 1)
        func placed(attempt: Int) -> RunEvent {
            .taskPlaced(TaskPlacement(task: task, workerID: 1, attempt: attempt, jobID: "j", host: nil))
        }
        var statistics = RunStatistics()
        statistics.record(result)
        let run = RunInfo(startTime: Date(), maxInFlight: 1)
        let end = RunEvent.runFinished(RunSummary(startTime: Date(), endTime: Date(), statistics: statistics))

        #expect(SinkConformance.violations(in: [.runStarted(run), .taskStarted(start), placed(attempt: 1),
            .taskFinished(result), end]).isEmpty)
        #expect(SinkConformance.violations(in: [.runStarted(run), placed(attempt: 1), .taskStarted(start),
            .taskFinished(result), end]) == ["task 1 placed outside its attempt 1, at event 1"])
        #expect(SinkConformance.violations(in: [.runStarted(run), .taskStarted(start), placed(attempt: 2),
            .taskFinished(result), end]) == ["task 1 placed outside its attempt 2, at event 2"])
        #expect(SinkConformance.violations(in: [.runStarted(run), .taskStarted(start), .taskFinished(result),
            placed(attempt: 1), end]) == ["task 1 placed outside its attempt 1, at event 3"])
    }
}

/// The tasks whose placement a sink has been told of, shared with the executor that waits for it.
private final class PlacementsSeen: Sink, Sendable {
    private let ids = Mutex<Set<TaskID>>([])

    func contains(_ id: TaskID) -> Bool {
        ids.withLock { $0.contains(id) }
    }

    func receive(_ event: RunEvent) {
        if case .taskPlaced(let placement) = event {
            _ = ids.withLock { $0.insert(placement.task.id) }
        }
    }
}
