import Foundation
import PRXKernel
import PRXPlugins
import PRXTesting
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
            "INFO [MainThread] Execution completed: {'total': 7, 'completed': 1, 'failed': 4, 'cancelled': 2}",
        ])
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
