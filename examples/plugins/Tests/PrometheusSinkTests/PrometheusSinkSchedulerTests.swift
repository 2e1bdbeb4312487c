import ExampleTesting
import Foundation
import PRXKernel
import PRXTesting
import PrometheusSink
import Testing

/// The sink through the real scheduler, beside a recording sink, with the file read by Prometheus's own parser.
@Suite struct PrometheusSinkSchedulerTests {
    /// Twenty tasks: every fourth fails, one is rejected before it runs, one is skipped after a failed dependency.
    private static var tasks: [TaskSpec] {
        var tasks = (1...20).map { TaskSpec(id: TaskID($0), label: "t\($0)", argv: ["true"]) }
        tasks[4].preflightError = "argument 1 is too long"
        tasks[3].hasDependents = true
        tasks.insert(TaskSpec(id: 21, label: "after-4", argv: ["true"], dependencies: [4]), at: 4)
        return tasks
    }

    private static let executor = ScriptedExecutor { task in
        .init(exitCode: task.id.rawValue % 4 == 0 ? 1 : 0, seconds: Double(task.id.rawValue % 3) * 0.02)
    }

    @Test(.enabled(if: PrometheusTextfile.python != nil, "python3 is not installed: cannot parse the metrics file"))
    func metricsMatchWhatTheSinksSaw() async throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let log = EventLog()
        let scheduler = Scheduler(configuration: .init(maxInFlight: 3), executor: Self.executor)
        let sink = PrometheusSink(file: MetricsFile(path: directory.file("prx.prom")), every: 4)
        let summary = await scheduler.run(source: ArrayTaskSource(Self.tasks), sinks: [sink, RecordingSink(log: log)])

        #expect(SinkConformance.violations(in: log.events).isEmpty)
        #expect(summary.sinkErrors.isEmpty)
        let metrics = try await PrometheusTextfile(path: directory.file("prx.prom"))
        let results = log.results
        for status in TaskStatus.allCases {
            let expected = results.filter { $0.status == status }.count
            #expect(metrics.value("prx_tasks_total", ["status": status.rawValue]) == Double(expected), "\(status)")
        }
        #expect(metrics.value("prx_tasks_total", ["status": "SKIPPED"]) == 1)
        #expect(metrics.value("prx_tasks_total", ["status": "ERROR"]) == 1)
        #expect(metrics.family("prx_tasks")?.type == "counter")

        let ran = results.filter { [.success, .failed, .timeout].contains($0.status) }
        #expect(ran.count == summary.statistics.ran)
        #expect(metrics.family("prx_task_duration_seconds")?.type == "histogram")
        for bound in DurationHistogram.defaultBounds {
            let label = bound == bound.rounded() ? String(Int(bound)) : String(bound)
            let expected = ran.filter { $0.duration <= bound }.count
            #expect(metrics.value("prx_task_duration_seconds_bucket", ["le": label]) == Double(expected), "le=\(label)")
        }
        #expect(metrics.value("prx_task_duration_seconds_bucket", ["le": "+Inf"]) == Double(ran.count))
        #expect(metrics.value("prx_task_duration_seconds_count") == Double(ran.count))
        let sum = try #require(metrics.value("prx_task_duration_seconds_sum"))
        #expect(abs(sum - ran.map(\.duration).reduce(0, +)) < 1e-6)

        #expect(metrics.value("prx_tasks_running") == 0)
        #expect(metrics.value("prx_run_start_timestamp_seconds") == summary.startTime.timeIntervalSince1970)
        #expect(metrics.value("prx_run_end_timestamp_seconds") == summary.endTime.timeIntervalSince1970)
        for name in ["prx_tasks", "prx_task_duration_seconds", "prx_tasks_running", "prx_run_start_timestamp_seconds"] {
            #expect(metrics.family(name)?.documentation.isEmpty == false, "\(name) has help")
        }
    }

    @Test func bucketsAreCumulative() async throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let scheduler = Scheduler(configuration: .init(maxInFlight: 4), executor: Self.executor)
        let sink = PrometheusSink(file: MetricsFile(path: directory.file("prx.prom")))
        _ = await scheduler.run(source: ArrayTaskSource(Self.tasks), sinks: [sink])

        let buckets = try directory.read("prx.prom").split(separator: "\n")
            .filter { $0.hasPrefix("prx_task_duration_seconds_bucket") }
            .compactMap { $0.split(separator: " ").last.flatMap { Int($0) } }
        #expect(buckets.count == DurationHistogram.defaultBounds.count + 1)
        #expect(zip(buckets, buckets.dropFirst()).allSatisfy { $0 <= $1 })
    }
}
