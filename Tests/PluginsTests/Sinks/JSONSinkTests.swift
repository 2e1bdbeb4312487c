import Foundation
import PRXKernel
import PRXPlugins
import PRXTesting
import Testing

@Suite struct JSONSinkTests {
    func objects(_ events: [RunEvent]) throws -> [[String: Any]] {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let path = directory.file("run.jsonl")
        var sink = try JSONSink(path: path)
        for event in events { try sink.receive(event) }
        try sink.flush()
        return try lines(of: path).map { line in
            try #require(try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any])
        }
    }

    @Test func writesOneObjectPerTaskAndASummary() throws {
        var success = Fixtures.success()
        success.task.metadata["task_file"] = "template.sh"
        let cancelled = Fixtures.cancelled(2, label: "late.sh")
        var killed = Fixtures.failure(3, label: "k.sh")
        killed.termination = .signaled(9)
        let results = [success, cancelled, killed]
        let summary = Fixtures.summary(statistics: Fixtures.statistics(results), haltReason: "limit")
        let lines = try objects(
            [.runStarted(RunInfo(startTime: Fixtures.start, maxInFlight: 2))]
                + results.map { .taskFinished($0) } + [.runFinished(summary)]
        )
        #expect(lines.count == 4)

        let task = lines[0]
        #expect(task["type"] as? String == "task")
        #expect(task["id"] as? Int == 1)
        #expect(task["label"] as? String == "./tasks/task1.sh")
        #expect(task["argv"] as? [String] == ["bash", "./tasks/task1.sh"])
        #expect(task["status"] as? String == "SUCCESS")
        #expect(task["exit_code"] as? Int == 0)
        #expect(task["signal"] is NSNull)
        #expect((task["start_time"] as? String)?.hasPrefix("2025-09-29T14:30:15.123456") == true)
        #expect((task["end_time"] as? String)?.hasPrefix("2025-09-29T14:30:17.876543") == true)
        #expect(task["duration"] as? Double == 2.75)
        #expect(task["worker_id"] as? Int == 1)
        #expect(task["job_id"] as? String == "4242")
        #expect(task["host"] is NSNull)
        #expect(task["memory_mb"] as? Double == 45.23)
        #expect(task["cpu_percent"] as? Double == 12.5)
        #expect(task["stdout"] as? String == "Processing data...\nComplete!\n")
        #expect(task["stderr"] as? String == "")
        #expect(task["message"] is NSNull)
        #expect(task["attempts"] as? Int == 1)
        #expect(task["task_file"] as? String == "template.sh")

        let notStarted = lines[1]
        #expect(notStarted["status"] as? String == "CANCELLED")
        #expect(notStarted["start_time"] is NSNull)
        #expect(notStarted["worker_id"] is NSNull)
        #expect(notStarted["exit_code"] is NSNull)
        #expect(notStarted["attempts"] as? Int == 0)
        #expect(notStarted["message"] as? String == "run halted: limit")

        #expect(lines[2]["exit_code"] is NSNull)
        #expect(lines[2]["signal"] as? Int == 9)

        let totals = lines[3]
        #expect(totals["type"] as? String == "summary")
        #expect(totals["total"] as? Int == 3)
        #expect(totals["succeeded"] as? Int == 1)
        #expect(totals["failed"] as? Int == 1)
        #expect(totals["cancelled"] as? Int == 1)
        #expect(totals["failures"] as? Int == 1)
        #expect(abs((totals["success_rate_percent"] as? Double ?? 0) - 100.0 / 3) < 1e-9)
        #expect(totals["max_duration"] as? Double == 2.75)
        #expect(totals["min_duration"] as? Double == 1)
        #expect(totals["peak_memory_mb"] as? Double == 45.23)
        #expect(totals["halt_reason"] as? String == "limit")
        #expect(totals["interrupted"] as? Bool == false)
        #expect(totals["source_error"] is NSNull)
        #expect(totals["sink_errors"] as? [String] == [])
        #expect(totals["elapsed"] is Double)
    }

    @Test(arguments: [
        "plain", "quote \" and backslash \\", "new\nline\r\ttab", "\u{0}\u{1}\u{8}\u{c}\u{1f}\u{7f}", "ünïcode ✓ 🚀",
        "\u{2028}separator", "",
    ])
    func escapesEveryStringSoItParsesBack(text: String) throws {
        var result = Fixtures.failure(1, label: text, message: text)
        result.stdoutTail = text
        result.task.argv = [text, text]
        let task = try #require(try objects([.taskFinished(result)]).first)
        #expect(task["label"] as? String == text)
        #expect(task["message"] as? String == text)
        #expect(task["stdout"] as? String == text)
        #expect(task["argv"] as? [String] == [text, text])
    }

    @Test func writesNullForNumbersThatAreNotFinite() throws {
        var result = Fixtures.success()
        result.peakMemoryMB = .nan
        result.cpuPercent = .infinity
        let task = try #require(try objects([.taskFinished(result)]).first)
        #expect(task["memory_mb"] is NSNull)
        #expect(task["cpu_percent"] is NSNull)
    }
}
