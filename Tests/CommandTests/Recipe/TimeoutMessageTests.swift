import Foundation
import PRXTesting
import Testing

/// Messages about a task's time limit: what the summary and the log say of a task stopped by it, and the warning of
/// one above `limits.max_allowed_timeout`.
@Suite(.runsProcesses) struct TimeoutMessageTests {
    /// A time limit was written as Swift prints a double, `Timeout after 1e-07s` and `Timeout after
    /// 0.30000000000000004s` (`timeout = 0.1 + 0.2`), in the summary, the log and `--json`; it is now plain decimal.
    @Test func aTimedOutTasksLimitIsWrittenInPlainDecimal() async throws {
        let bench = try Workbench()
        defer { bench.root.remove() }
        try bench.root.write("recipe.lua", """
            prx.task { "sleep", "5", name = "sum", timeout = 0.1 + 0.2 }
            prx.task { "sleep", "5", name = "tiny", timeout = 1e-7 }
            """)
        let outcome = try await bench.prx(["run", "recipe.lua", "-r", "--json", "out.jsonl"])
        #expect(outcome.status == 1, "\(outcome.stderr)")
        let messages = try await bench.summaryRecords().reduce(into: [String: String]()) { messages, record in
            messages[record["task_file"] ?? ""] = record["error_message"]
        }
        #expect(messages == ["sum": "Timeout after 0.3s", "tiny": "Timeout after 0.0000001s"], "\(messages)")
        let log = try String(contentsOfFile: try #require(bench.logFiles(endingWith: ".log").first), encoding: .utf8)
        #expect(log.contains("Task timed out after 0.3s: sum"), "\(log)")
        #expect(log.contains("Task timed out after 0.0000001s: tiny"), "\(log)")
        let json = try String(contentsOfFile: bench.root.file("out.jsonl"), encoding: .utf8)
        #expect(json.contains(#""Timeout after 0.0000001s""#) && json.contains(#""Timeout after 0.3s""#), "\(json)")
        // Only the messages' forms: the lines' other numbers (durations, times) may hold any digits.
        #expect(!json.contains("after 1e-07s") && !json.contains("0.30000000000000004"), "\(json)")
    }

    /// A time limit below a nanosecond (`timeout = 1e-300`) was written in plain decimal with all its zeros, 300
    /// digits, in each file that reports the task; below the finest time prx's clock resolves, it now has an exponent.
    @Test func aTimeLimitBelowANanosecondIsWrittenWithAnExponent() async throws {
        let bench = try Workbench()
        defer { bench.root.remove() }
        try bench.root.write("recipe.lua", "prx.task { \"sleep\", \"5\", name = \"tiny\", timeout = 1e-300 }\n")
        let outcome = try await bench.prx(["run", "recipe.lua", "-r", "--json", "out.jsonl"])
        #expect(outcome.status == 1, "\(outcome.stderr)")
        let messages = try await bench.summaryRecords().map { $0["error_message"] }
        #expect(messages == ["Timeout after 1e-300s"], "\(messages)")
        let log = try String(contentsOfFile: try #require(bench.logFiles(endingWith: ".log").first), encoding: .utf8)
        #expect(log.contains("Task timed out after 1e-300s: tiny"), "\(log)")
        let output = try String(
            contentsOfFile: try #require(bench.logFiles(endingWith: "_output.txt").first), encoding: .utf8)
        #expect(output.contains("Timeout after 1e-300s"), "\(output)")
        let json = try String(contentsOfFile: bench.root.file("out.jsonl"), encoding: .utf8)
        #expect(json.contains(#""Timeout after 1e-300s""#), "\(json)")
        for (name, text) in [("log", log), ("output file", output), ("--json", json)] {
            #expect(!text.contains("0.0000000000"), "\(name): \(text)")
        }
    }

    /// A task asking for a time limit above the cap was warned of without the limit it asked for (`task long asks
    /// for a timeout above limits.max_allowed_timeout 2 (…); using 2`): it is now quoted, as every warning about a
    /// value held to its cap quotes it, and for several tasks, the first's.
    @Test func aTaskTimeoutAboveTheCapIsQuoted() async throws {
        let bench = try Workbench()
        defer { bench.root.remove() }
        try bench.root.write("cfg/prx.yaml", "limits:\n  max_allowed_timeout: 2\n")
        let script = bench.root.file("cfg/prx.yaml")
        try bench.root.write("one.lua", "prx.task { \"true\", name = \"long\", timeout = 2.5 }\n")
        try bench.root.write("two.lua", """
            prx.task { "true", name = "a", timeout = 99999 }
            prx.task { "true", name = "b", timeout = 1e9 }
            """)
        let environment = ["PRX_CONFIG_DIR": bench.root.file("cfg")]
        let one = try await bench.prx(["run", "one.lua"], environment: environment)
        #expect(one.status == 0, "\(one.stderr)")
        #expect(one.stderr == "prx: warning: one.lua:1: task long timeout 2.5 is above limits.max_allowed_timeout 2 "
            + "(script: \(script)); using 2\n")
        let two = try await bench.prx(["run", "two.lua"], environment: environment)
        #expect(two.status == 0, "\(two.stderr)")
        #expect(two.stderr == "prx: warning: two.lua:1: 2 tasks ask for timeouts above limits.max_allowed_timeout 2 "
            + "(script: \(script)), the first: task a timeout 99999; using 2\n")
    }
}
