import Foundation
import PRXKernel
import PRXTesting
import PrometheusSink
import Testing

/// When the sink writes, what each write holds, and how the file is replaced, driven event by event.
@Suite struct PrometheusSinkEventTests {
    private static let start = Date(timeIntervalSince1970: 1_700_000_000.5)

    private static func task(_ id: Int) -> TaskSpec {
        TaskSpec(id: TaskID(id), label: "t\(id)", argv: ["true"])
    }

    private static func started(_ id: Int) -> RunEvent {
        .taskStarted(TaskStart(task: task(id), workerID: 1, attempt: 1, time: start))
    }

    private static func finished(_ id: Int, _ status: TaskStatus = .success, seconds: Double = 0.1) -> RunEvent {
        .taskFinished(TaskResult(task: task(id), status: status, startTime: start, duration: seconds, workerID: 1))
    }

    private static func runFinished(tasks: Int) -> RunEvent {
        var statistics = RunStatistics()
        statistics.finished = tasks
        return .runFinished(RunSummary(startTime: start, endTime: start.addingTimeInterval(60), statistics: statistics))
    }

    /// The value on the line starting with `sample` and a space, if any.
    private static func value(_ sample: String, in text: String) -> String? {
        text.split(separator: "\n").first { $0.hasPrefix(sample + " ") }.map { String($0.dropFirst(sample.count + 1)) }
    }

    @Test func writesOnlyAtTheEndByDefault() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        var sink = PrometheusSink(file: MetricsFile(path: directory.file("run.prom")))
        try sink.receive(.runStarted(RunInfo(startTime: Self.start, maxInFlight: 2)))
        for id in 1...5 {
            try sink.receive(Self.started(id))
            try sink.receive(Self.finished(id))
        }
        #expect(!FileManager.default.fileExists(atPath: directory.file("run.prom")))
        try sink.receive(Self.runFinished(tasks: 5))
        let text = try directory.read("run.prom")
        #expect(Self.value("prx_tasks_total{status=\"SUCCESS\"}", in: text) == "5")
        #expect(Self.value("prx_run_start_timestamp_seconds", in: text) == "1700000000.5")
        #expect(Self.value("prx_run_end_timestamp_seconds", in: text) == "1700000060.5")
    }

    @Test func rewritesAtTheStartAndEveryNFinishedTasks() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        var sink = PrometheusSink(file: MetricsFile(path: directory.file("run.prom")), every: 2)
        try sink.receive(.runStarted(RunInfo(startTime: Self.start, maxInFlight: 2)))
        var text = try directory.read("run.prom")
        #expect(Self.value("prx_tasks_running", in: text) == "0")
        #expect(Self.value("prx_run_start_timestamp_seconds", in: text) == "1700000000.5")
        #expect(Self.value("prx_run_end_timestamp_seconds", in: text) == nil)

        try sink.receive(Self.started(1))
        try sink.receive(Self.started(2))
        try sink.receive(Self.started(3))
        try sink.receive(Self.finished(1))
        text = try directory.read("run.prom")
        #expect(Self.value("prx_tasks_running", in: text) == "0", "one finished task is not yet a rewrite")

        try sink.receive(Self.finished(2, .failed, seconds: 3))
        text = try directory.read("run.prom")
        #expect(Self.value("prx_tasks_running", in: text) == "1")
        #expect(Self.value("prx_tasks_total{status=\"FAILED\"}", in: text) == "1")
        #expect(Self.value("prx_task_duration_seconds_bucket{le=\"2.5\"}", in: text) == "1")
        #expect(Self.value("prx_task_duration_seconds_bucket{le=\"5\"}", in: text) == "2")
        #expect(Self.value("prx_run_end_timestamp_seconds", in: text) == nil)

        try sink.receive(Self.finished(3))
        try sink.receive(Self.runFinished(tasks: 3))
        text = try directory.read("run.prom")
        #expect(Self.value("prx_tasks_total{status=\"SUCCESS\"}", in: text) == "2")
        #expect(Self.value("prx_tasks_running", in: text) == "0")
        #expect(Self.value("prx_run_end_timestamp_seconds", in: text) == "1700000060.5")
    }

    @Test func aRetriedTaskRunsOnceAtATime() throws {
        var metrics = RunMetrics()
        metrics.record(Self.started(1))
        #expect(metrics.tasksRunning == 1)
        metrics.record(.attemptFailed(TaskResult(task: Self.task(1), status: .failed, workerID: 1)))
        #expect(metrics.tasksRunning == 0)
        metrics.record(Self.started(1))
        metrics.record(Self.finished(1))
        #expect(metrics.tasksRunning == 0)
        #expect(metrics.tasksFinished == 1)
        #expect(metrics.durations.count == 1)
    }

    @Test(arguments: [TaskStatus.cancelled, .skipped, .error])
    func tasksThatDidNotRunStayOutOfTheHistogram(_ status: TaskStatus) {
        var metrics = RunMetrics()
        metrics.record(.taskFinished(.notStarted(Self.task(1), status: status, message: nil)))
        #expect(metrics.tasksByStatus[status] == 1)
        #expect(metrics.durations.count == 0)
    }

    @Test func replacesTheFileRatherThanEditingIt() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let file = MetricsFile(path: directory.file("run.prom"))
        try file.replace(with: "first\n")
        let reader = try #require(FileHandle(forReadingAtPath: file.path))
        defer { try? reader.close() }
        try file.replace(with: "second\n")
        #expect(String(decoding: reader.readDataToEndOfFile(), as: UTF8.self) == "first\n",
            "a reader holding the old file keeps reading it whole")
        #expect(try directory.read("run.prom") == "second\n")
        #expect(try FileManager.default.contentsOfDirectory(atPath: directory.path) == ["run.prom"])
        let permissions = try FileManager.default.attributesOfItem(atPath: file.path)[.posixPermissions] as? Int
        #expect(permissions.map { $0 & 0o044 } == 0o044, "a collector running as another user can read it")
    }

    @Test func aFailedWriteNamesTheFileAndLeavesNothingBehind() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        var sink = PrometheusSink(file: MetricsFile(path: directory.file("gone/run.prom")))
        #expect {
            try sink.receive(Self.runFinished(tasks: 0))
        } throws: { error in
            "\(error)".contains(directory.file("gone/run.prom")) && "\(error)".contains("No such file or directory")
        }
        #expect(try FileManager.default.contentsOfDirectory(atPath: directory.path).isEmpty)
    }
}
