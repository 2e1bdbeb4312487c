import Foundation
import PRXKernel
import PRXPlugins
import PRXTesting
import Synchronization
import Testing

@Suite struct LogSinkTests {
    /// Each line as `LEVEL [thread] message`.
    func logged(_ events: [RunEvent], minimumLevel: LogLevel = .info) throws -> [String] {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let log = try RunLog(path: directory.file("run.log"), processID: 12345, minimumLevel: minimumLevel)
        var sink = LogSink(log: log)
        for event in events { try sink.receive(event) }
        try sink.flush()
        return try lines(of: log.path).map { line in
            let parts = line.components(separatedBy: " - ")
            return "\(parts[2]) \(parts[3]) \(parts[4...].joined(separator: " - "))"
        }
    }

    @Test func logsTheRunInParallelrsWords() throws {
        let success = Fixtures.success(1, label: "./tasks/task1.sh")
        let failure = Fixtures.failure(2, label: "./tasks/task2.sh", code: 3, message: "Exit code 3")
        var signalled = Fixtures.failure(7, label: "killed.sh")
        signalled.termination = .signaled(9)
        var timeout = Fixtures.failure(3, label: "./tasks/task3.sh")
        timeout.status = .timeout
        timeout.termination = .signaled(15)
        timeout.message = "Timeout after 45s"
        let rejected = TaskResult.notStarted(
            Fixtures.task(4, label: "big.sh"), status: .error, message: "file too large")
        let skipped = TaskResult.notStarted(
            Fixtures.task(5, label: "after.sh"), status: .skipped, message: "dependency failed")
        let cancelled = Fixtures.cancelled(6, label: "late.sh")
        let results = [success, failure, timeout, rejected, skipped, cancelled, signalled]
        var summary = Fixtures.summary(
            statistics: Fixtures.statistics(results), haltReason: "5 consecutive failures (limit: 5)")
        summary.sinkErrors = ["cannot write to /x: No space left on device"]

        let events: [RunEvent] = [
            .runStarted(RunInfo(startTime: Fixtures.start, maxInFlight: 4)),
            .taskStarted(TaskStart(task: success.task, workerID: 1, attempt: 1, time: Fixtures.start)),
        ] + results.map { .taskFinished($0) } + [.runHalted("5 consecutive failures (limit: 5)"), .runFinished(summary)]

        #expect(try logged(events) == [
            "INFO [MainThread] Starting parallel execution",
            "INFO [MainThread] Workers: 4",
            "INFO [ThreadPoolExecutor-0_0] Worker 1: Starting task ./tasks/task1.sh",
            "INFO [ThreadPoolExecutor-0_0] Task completed: ./tasks/task1.sh",
            "WARNING [ThreadPoolExecutor-0_1] Task failed: ./tasks/task2.sh - Exit code 3",
            "WARNING [ThreadPoolExecutor-0_1] Task timed out after 45s: ./tasks/task3.sh",
            "ERROR [MainThread] Task failed: big.sh - file too large",
            "INFO [MainThread] Task skipped: after.sh - dependency failed",
            "WARNING [ThreadPoolExecutor-0_1] Task failed: killed.sh - killed by signal 9",
            "ERROR [MainThread] Auto-stop: 5 consecutive failures (limit: 5)",
            "ERROR [MainThread] Output failed: cannot write to /x: No space left on device",
            "INFO [MainThread] Execution completed: {'total': 7, 'completed': 1, 'failed': 4, 'cancelled': 1, "
                + "'skipped': 1}",
        ])
    }

    @Test func logsWhereAnExecutorReportsATaskRuns() throws {
        let task = Fixtures.task(1, label: "t.sh")
        func placed(attempt: Int = 1, jobID: String?, host: String?) -> RunEvent {
            .taskPlaced(TaskPlacement(task: task, workerID: 2, attempt: attempt, jobID: jobID, host: host))
        }
        let lines = try logged([
            placed(jobID: "81234", host: nil),
            placed(jobID: "81234", host: "c017"),
            placed(jobID: nil, host: "c017"),
            placed(jobID: nil, host: nil),
            placed(attempt: 2, jobID: "81240", host: "c\u{1b}[2J018"),
        ])
        #expect(lines == [
            "INFO [ThreadPoolExecutor-0_1] Task placed: t.sh - job 81234",
            "INFO [ThreadPoolExecutor-0_1] Task placed: t.sh - job 81234 on c017",
            "INFO [ThreadPoolExecutor-0_1] Task placed: t.sh - on c017",
            "INFO [ThreadPoolExecutor-0_1] Task placed: t.sh - job and host not known",
            "INFO [ThreadPoolExecutor-0_1] Task attempt 2 placed: t.sh - job 81240 on c\\x1b[2J018",
        ])
    }

    /// The lines about task `label` in the log a run of `tasks` on `executor` wrote, as ``logged(_:minimumLevel:)``
    /// gives them, without the thread.
    private func linesAbout(_ label: String, inRunOf tasks: [TaskSpec], on executor: any Executor) async throws
        -> [String]
    {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let log = try RunLog(path: directory.file("run.log"), processID: 12345)
        let scheduler = Scheduler(configuration: SchedulerConfiguration(maxInFlight: 2), executor: executor)
        _ = await scheduler.run(source: ArrayTaskSource(tasks), sinks: [LogSink(log: log)])
        return try lines(of: log.path).compactMap { line in
            let message = line.components(separatedBy: " - ").dropFirst(4).joined(separator: " - ")
            return message.contains(" \(label)") ? message : nil
        }
    }

    @Test func aRunOnAnExecutorThatReportsPlacementsLogsEachBetweenTheTasksStartAndItsEnd() async throws {
        let retried = TaskSpec(id: 2, label: "t2", argv: ["t"], retry: RetryPolicy(maxRetries: 1))
        let tasks = [TaskSpec(id: 1, label: "t1", argv: ["t"]), retried]
        let failedOnce = Mutex(false)
        let executor = ScriptedClusterExecutor { task in
            let first = task.id == 2 && failedOnce.withLock { failed in
                defer { failed = true }
                return !failed
            }
            return .init(exitCode: first ? 75 : 0)
        }
        let lines = try await linesAbout("t2", inRunOf: tasks, on: executor)

        // The start lines say which worker ran each attempt, and the executor's host for worker N is nodeN.
        let workers = lines.compactMap { line in
            line.hasPrefix("Worker ") ? String(line.dropFirst("Worker ".count).prefix { $0 != ":" }) : nil
        }
        try #require(workers.count == 2)
        #expect(lines == [
            "Worker \(workers[0]): Starting task t2",
            "Task placed: t2 - job 2.1",
            "Task placed: t2 - job 2.1 on node\(workers[0])",
            "Task attempt 1 failed: t2 - Exit code 75; retrying",
            "Worker \(workers[1]): Starting task t2",
            "Task attempt 2 placed: t2 - job 2.2",
            "Task attempt 2 placed: t2 - job 2.2 on node\(workers[1])",
            "Task completed: t2 after 2 attempts",
        ])
    }

    @Test func aRunOnAnExecutorThatDoesNotReportPlacementsLogsNone() async throws {
        let tasks = [TaskSpec(id: 1, label: "t1", argv: ["t"])]
        let lines = try await linesAbout("t1", inRunOf: tasks, on: ScriptedExecutor())
        #expect(lines == ["Worker 1: Starting task t1", "Task completed: t1"])
    }

    @Test func debugAddsCommandsAndTasksCancelledBeforeStarting() throws {
        let task = Fixtures.task(1, label: "t.sh", argv: ["bash", "t.sh", "a b"])
        let lines = try logged([
            .taskStarted(TaskStart(task: task, workerID: 2, attempt: 1, time: Fixtures.start)),
            .taskFinished(Fixtures.cancelled(2, label: "late.sh")),
        ], minimumLevel: .debug)
        #expect(lines == [
            "INFO [ThreadPoolExecutor-0_1] Worker 2: Starting task t.sh",
            "DEBUG [ThreadPoolExecutor-0_1] Worker 2: Command: bash t.sh 'a b'",
            "DEBUG [MainThread] Task cancelled: late.sh - run halted: limit",
        ])
    }
}
