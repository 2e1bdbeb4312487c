import Foundation
import PRXKernel
import PRXPlugins
import PRXTesting
import Testing

/// Runs the real scheduler with every file sink and the stop limits, and reads back what they wrote.
@Suite struct SinksThroughSchedulerTests {
    /// One task per label, numbered from 1.
    struct ListedTasks: TaskSource {
        var labels: [String]
        var position = 0

        mutating func next() throws -> TaskSpec? {
            guard position < labels.count else { return nil }
            position += 1
            return TaskSpec(id: TaskID(position), label: labels[position - 1], argv: ["sh", labels[position - 1]])
        }
    }

    /// Succeeds at once, except for tasks whose label starts with "fail", which exit 1.
    struct ScriptedExecutor: Executor {
        func execute(_ task: TaskSpec, context: ExecutionContext) async -> TaskResult {
            let start = Date()
            let fails = task.label.hasPrefix("fail")
            return TaskResult(
                task: task, status: fails ? .failed : .success, termination: .exited(fails ? 1 : 0),
                startTime: start, endTime: Date(), duration: 0.01, workerID: context.workerID,
                stdoutTail: "ran \(task.label)\n"
            )
        }
    }

    @Test func everyTaskReachesEveryFileAndTheLimitsHaltTheRun() async throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let files = try RunLogFiles(directory: directory.file("logs"), processID: 999)
        try DirectoryCreation.create(files.directory)
        let log = try RunLog(path: files.mainLog, processID: 999)
        let labels = ["ok1", "ok2"] + (1...6).map { "fail\($0)" } + (1...4).map { "later\($0)" }
        let scheduler = Scheduler(configuration: SchedulerConfiguration(maxInFlight: 1), executor: ScriptedExecutor())
        let summary = await scheduler.run(
            source: ListedTasks(labels: labels),
            sinks: [
                LogSink(log: log),
                try SummaryCSVSink(path: files.summaryCSV, processID: 999),
                try TaskOutputSink(path: files.taskOutput),
                try JSONSink(path: directory.file("run.jsonl")),
            ],
            stopPolicy: StopLimitsPolicy()
        )

        #expect(summary.haltReason == "5 consecutive failures (limit: 5)")
        #expect(summary.statistics.finished == labels.count)
        let rows = csvRecords(try String(contentsOfFile: files.summaryCSV, encoding: .utf8))
        #expect(rows.count == labels.count + 1)
        #expect(rows.dropFirst().map { $0[2] } == ["SUCCESS", "SUCCESS"] + Array(repeating: "FAILED", count: 5)
            + Array(repeating: "CANCELLED", count: 5))
        let output = try String(contentsOfFile: files.taskOutput, encoding: .utf8)
        #expect(output.components(separatedBy: "\nStatus: ").count == labels.count + 1)
        #expect(try lines(of: directory.file("run.jsonl")).count == labels.count + 1)
        let logText = try String(contentsOfFile: files.mainLog, encoding: .utf8)
        #expect(logText.contains("Auto-stop: 5 consecutive failures (limit: 5)"))
        #expect(logText.contains("Execution completed: {'total': 12, 'completed': 2, 'failed': 5, 'cancelled': 5}"))
    }
}
