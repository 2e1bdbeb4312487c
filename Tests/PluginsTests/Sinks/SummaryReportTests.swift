import Foundation
import PRXKernel
import PRXPlugins
import PRXTesting
import Testing

@Suite struct SummaryReportTests {
    static func report(stopPolicies: [PluginSettings] = [], taskOutput: Bool = true, json: String? = nil) throws
        -> SummaryReport
    {
        let files = try RunLogFiles(directory: "/home/me/parallelr/logs", processID: 12345, startTime: Fixtures.start)
        return SummaryReport(
            workingDirectory: "/home/me/parallelr/workspace",
            workspaceType: "Shared",
            logDirectory: files.directory,
            mainLogs: [files.mainLog],
            rotatingLogs: [files.mainLog],
            summaryCSVs: [files.summaryCSV],
            taskOutputs: taskOutput ? [files.taskOutput] : [],
            jsonPaths: json.map { [$0] } ?? [],
            stopPolicies: stopPolicies.map { .registered($0) },
            processID: 12345,
            workers: 20
        )
    }

    /// The Auto-Stop section shows the failure rate limit that was set, as a percentage without trailing zeros
    /// (`50%` for 0.5, as parallelr's): a whole percentage showed 0.999 as `100%` and 0.504 as `50%`, limits other
    /// than the one set.
    @Test(arguments: [
        ("0.5", "50"), ("0.999", "99.9"), ("0.504", "50.4"), ("0.07", "7"), ("1", "100"), ("0", "0"),
        ("0.00001", "0.001"), ("0.123456789", "12.3456789"),
    ])
    func showsTheFailureRateLimitSet(rate: String, percent: String) throws {
        let limits = try PluginRegistry.builtin.checkedSettings(
            .stopPolicy, named: "stop-limits", ["max_failure_rate": .text(rate)])
        let summary = Fixtures.summary(statistics: Fixtures.statistics([]))
        let lines = try Self.report(stopPolicies: [limits]).render(summary).components(separatedBy: "\n")
        #expect(lines.contains("- Max Failure Rate: \(percent)%"), "\(lines)")
    }

    /// The counts add up to the total as parallelr's do: `Failed` takes in the timed-out and unstartable tasks
    /// (it left the timeouts out), and `Timed Out` says how many of them timed out.
    @Test func rendersParallelrsSummary() throws {
        var slow = Fixtures.success(2)
        slow.duration = 45.123
        slow.peakMemoryMB = 512.333
        var timeout = Fixtures.failure(4, label: "t4")
        timeout.status = .timeout
        let results = [
            Fixtures.success(1), slow, Fixtures.failure(3, label: "t3"), timeout,
            .notStarted(Fixtures.task(5), status: .error, message: "too long"),
            Fixtures.cancelled(6, label: "t6"),
        ]
        let summary = Fixtures.summary(statistics: Fixtures.statistics(results))
        #expect(try Self.report().render(summary) == """
            Parallel Task Execution Summary
            ===============================
            Total Tasks: 6
            Completed Successfully: 2
            Failed: 3
            Timed Out: 1
            Cancelled: 1
            Success Rate: 33.3%

            Performance Statistics:
            - Average Duration: 12.47s
            - Maximum Duration: 45.12s
            - Minimum Duration: 1.00s
            - Average Memory Usage: 278.78MB
            - Peak Memory Usage: 512.33MB

            Directories:
            - Working Dir: /home/me/parallelr/workspace
            - Workspace Type: Shared
            - Log Dir: /home/me/parallelr/logs

            Auto-Stop Protection:
            - Stop Limits: Disabled

            Log Files:
            - Main Log: /home/me/parallelr/logs/parallelr_12345_29Sep25_143015.log (rotating)
            - Summary: /home/me/parallelr/logs/parallelr_12345_29Sep25_143015_summary.csv (session-specific)
            - Output: /home/me/parallelr/logs/parallelr_12345_29Sep25_143015_output.txt (enabled by default, \
            disable with --no-task-output-log)

            Process Info:
            - Process ID: 12345
            - Workers: 20

            """)
    }

    /// A run in which no task ran says no peak was measured, as a run of tasks too small to measure does: it showed
    /// an average and a peak of 0.00MB.
    @Test func showsHaltsLimitsSkipsAndWhatIsMissing() throws {
        let skipped = TaskResult.notStarted(Fixtures.task(1), status: .skipped, message: "dependency failed")
        var summary = Fixtures.summary(
            statistics: Fixtures.statistics([skipped]), haltReason: "5 consecutive failures (limit: 5)")
        summary.interruption = .whileTasksRan
        summary.sourceError = "arguments.txt:3: bad line"
        summary.sinkErrors = ["cannot write to /x: No space left on device"]
        let limits = try PluginRegistry.builtin.checkedSettings(.stopPolicy, named: "stop-limits", [:])
        let text = try Self.report(stopPolicies: [limits], taskOutput: false, json: "/tmp/run.jsonl").render(summary)
        let lines = text.components(separatedBy: "\n")
        for line in [
            "Skipped: 1",
            "Success Rate: 0.0%",
            "Interrupted: yes (running tasks were stopped, the rest cancelled)",
            "Task Source Error: arguments.txt:3: bad line",
            "Output Error: cannot write to /x: No space left on device",
            "- Average Duration: 0.00s",
            "- Memory/CPU monitoring: Not available (no task's peak was measured)",
            "- Stop Limits: Enabled",
            "- Max Consecutive Failures: 5",
            "- Max Failure Rate: 50%",
            "- Halted: 5 consecutive failures (limit: 5)",
            "- Output: disabled (--no-task-output-log)",
            "- JSON: /tmp/run.jsonl",
        ] {
            #expect(lines.contains(line), "missing \(line)")
        }
    }

    /// Each stop policy the run chose has a line after parallelr's, named by the name it was chosen by, with the
    /// settings it runs with in the order it declares them, a list in `--set`'s form, an empty value left out; the
    /// stop limits keep parallelr's lines, read from the settings of the policy chosen as `stop-limits`. The section
    /// named the stop limits alone, and only when they were a `StopLimitsPolicy`.
    @Test func namesEveryStopPolicyChosen() throws {
        let budget = PluginDescriptor(
            kind: .stopPolicy, name: "budget", summary: "halts past a budget",
            settings: [
                PluginSetting("hours", .number, default: "40", help: "CPU hours"),
                PluginSetting("queues", .list, help: "the queues counted"),
                PluginSetting("note", .string, default: "", help: "a note"),
                PluginSetting("owner", .string, help: "who pays"),
            ])
        let limits = try PluginRegistry.builtin.checkedSettings(
            .stopPolicy, named: "stop-limits", ["max_consecutive_failures": "3"])
        let policies = [
            try PluginSettings(for: budget, ["queues": .list(["short", "a,b"])]),
            try PluginSettings(for: PluginDescriptor(kind: .stopPolicy, name: "never", summary: "never halts"), [:]),
            limits,
        ]
        let summary = Fixtures.summary(statistics: Fixtures.statistics([]), haltReason: "budget spent")
        #expect(try Self.report(stopPolicies: policies).render(summary).contains("""

            Auto-Stop Protection:
            - Stop Limits: Enabled
            - Max Consecutive Failures: 3
            - Max Failure Rate: 50%
            - Stop Policy: budget (hours=40, queues=short,a\\,b)
            - Stop Policy: never
            - Halted: budget spent

            """))
        let copied = try PluginSettings(for: renamed(limits.descriptor, "limits-copy"), [:])
        #expect(try Self.report(stopPolicies: [copied]).render(summary).contains("""

            Auto-Stop Protection:
            - Stop Limits: Disabled
            - Stop Policy: limits-copy (max_consecutive_failures=5, max_failure_rate=0.5, min_tasks_for_rate_check=10)
            - Halted: budget spent

            """))
    }

    /// `descriptor` under the name `name`.
    private func renamed(_ descriptor: PluginDescriptor, _ name: String) -> PluginDescriptor {
        var renamed = descriptor
        renamed.name = name
        return renamed
    }

    /// When tasks ran and none had its memory measured (tasks smaller than prx), the report says so in parallelr's
    /// words for a run without measurements, `Memory/CPU monitoring: Not available`, and prx's reason after them; it
    /// said `- Memory Usage: no task's peak was measured`, a line parallelr's report never has.
    @Test func saysWhenNoTasksMemoryWasMeasured() throws {
        let report = try Self.report()
        let unmeasured = report.render(
            Fixtures.summary(statistics: Fixtures.statistics([Fixtures.failure(1, label: "a")])))
        let line = "- Memory/CPU monitoring: Not available (no task's peak was measured)"
        #expect(unmeasured.contains("\n- Minimum Duration: 1.00s\n" + line + "\n\nDirectories:\n"))
        #expect(!unmeasured.contains("Average Memory Usage"))
        let measured = report.render(Fixtures.summary(statistics: Fixtures.statistics([
            Fixtures.failure(1, label: "a"), Fixtures.success(2),
        ])))
        #expect(measured.contains("\n- Average Memory Usage: 45.23MB\n- Peak Memory Usage: 45.23MB\n"))
        #expect(!measured.contains("Not available"))
    }

    @Test func theSinkPrintsTheReportOnceTheRunFinishes() throws {
        final class Collected: @unchecked Sendable { var text = "" }
        let collected = Collected()
        var sink = SummaryReportSink(report: try Self.report()) { collected.text += $0 }
        try sink.receive(.taskFinished(Fixtures.success()))
        #expect(collected.text.isEmpty)
        try sink.receive(.runFinished(Fixtures.summary(statistics: Fixtures.statistics([Fixtures.success()]))))
        #expect(collected.text.hasPrefix("\nParallel Task Execution Summary\n"))
        #expect(collected.text.contains("Total Tasks: 1\n"))
    }

    @Test func theSinkWritesToAFileDescriptor() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let path = directory.file("report.txt")
        let descriptor = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0o644)
        try #require(descriptor >= 0)
        defer { close(descriptor) }
        var sink = SummaryReportSink(report: try Self.report(), fileDescriptor: descriptor)
        try sink.receive(.runFinished(Fixtures.summary(statistics: RunStatistics())))
        let text = try String(contentsOfFile: path, encoding: .utf8)
        #expect(text.hasPrefix("\nParallel Task Execution Summary\n"))
        #expect(text.contains("Total Tasks: 0\n"))
    }
}
