import Foundation
import PRXTesting
import Testing

/// `prx history RUN` shows a recipe task whose attempt failed, and which waits out its `retry_delay`, as
/// `WAITING_TO_RETRY` with the failed attempt's exit code and duration: it showed it `RUNNING`, attempt 1, with no exit
/// code, while the run lived (where `prx status` said `waiting to retry`) and once `kill -9` had ended the run, whose
/// journal has the attempt's failure and no next attempt.
@Suite(.runsProcesses) struct HistoryRetryWaitTests {
    @Test func aTaskWaitingToRetryShowsItsFailedAttemptInALiveAndAKilledRun() async throws {
        let bench = try Workbench()
        defer { bench.root.remove() }
        try bench.root.write("recipe.lua", """
            prx.task { sh = "exit 3", name = "flaky", retries = 2, retry_delay = 600 }
            prx.task { "sleep", "600", name = "long" }
            """)
        let run = try PRXProcess(["run", "recipe.lua", "-r"], home: bench.home, directory: bench.root.path)
        let live = try await run.whileRunning(stoppedWith: SIGKILL) { () async throws -> PRXProcess.Outcome in
            _ = try await bench.status(once: "waiting to retry")
            return try await bench.prx(["history", try #require(bench.runIDs().first)])
        }
        let runID = try #require(bench.runIDs().first)
        #expect(try row(1, of: live.stdout).wholeMatch(of: #/1  WAITING_TO_RETRY  3  \d+\.\d\ds  1  flaky/#) != nil,
            "\(live.stdout)")
        #expect(try row(2, of: live.stdout).hasPrefix("2  RUNNING "), "\(live.stdout)")

        let killed = try await bench.prx(["history", runID])
        #expect(killed.stdout.hasPrefix("Run \(runID): killed, "), "\(killed.stdout)")
        #expect(try row(1, of: killed.stdout).wholeMatch(of: #/1  WAITING_TO_RETRY  3  \d+\.\d\ds  1  flaky/#) != nil,
            "\(killed.stdout)")
        #expect(try row(2, of: killed.stdout).hasPrefix("2  RUNNING "), "\(killed.stdout)")

        let json = try await bench.prx(["history", runID, "--json"])
        let object = try #require(
            try JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as? [String: Any], "\(json.stdout)")
        let tasks = try #require(object["tasks"] as? [[String: Any]])
        let flaky = try #require(tasks.first { $0["id"] as? Int == 1 })
        #expect(flaky["status"] as? String == "WAITING_TO_RETRY", "\(flaky)")
        #expect(flaky["exit_code"] as? Int == 3, "\(flaky)")
        #expect(flaky["attempts"] as? Int == 1, "\(flaky)")
        #expect(flaky["duration"] as? Double != nil, "\(flaky)")

        let status = try await bench.prx(["status", runID])
        #expect(
            status.stdout == "Run \(runID) is not running (killed): prx history \(runID) shows its tasks.\n",
            "\(status.stdout)")
    }

    /// The row of task `id` in `prx history RUN`'s table `shown`, its columns' padding made two spaces.
    private func row(_ id: Int, of shown: String) throws -> String {
        let line = try #require(shown.split(separator: "\n").first { $0.hasPrefix("\(id) ") }, "\(shown)")
        return String(line).replacing(#/ {2,}/#, with: "  ")
    }
}
