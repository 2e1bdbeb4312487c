import Foundation
import PRXTesting
import Testing

/// `prx status` shows a recipe task whose attempt failed, and which waits out its `retry_delay` before its next
/// attempt, as waiting to retry: it showed it `running`, its time counted from the failed attempt's start, and, with
/// feedback on, the failed attempt's feedback file aging into `[stalled]`, though no process of the task ran.
@Suite(.runsProcesses) struct StatusRetryWaitTests {
    /// `flaky` fails at once and waits 60 s to run again; `other` ends a second later, which writes the journal's
    /// first `run_progress` line: status reads the `attempt_failed` line before it, and the progress line after it.
    @Test func aTaskWaitingToRetryShowsAsWaitingWithoutAHeartbeatBand() async throws {
        let bench = try Workbench()
        defer { bench.root.remove() }
        let go = bench.root.file("go")
        try bench.root.write("recipe.lua", """
            prx.set("local.heartbeat_timeout", 1)
            prx.task { sh = "echo '[step]fetch' > \\"$PRX_FEEDBACK_FILE\\"; exit 1", name = "flaky", retries = 1,
                       retry_delay = 60 }
            prx.task { sh = "while [ ! -e \(go) ]; do sleep 0.05; done", name = "other" }
            """)
        let run = try PRXProcess(["run", "recipe.lua", "-r"], home: bench.home, directory: bench.root.path)
        let (beforeProgress, afterProgress) = try await run.whileRunning {
            let before = try await bench.status(once: "waiting to retry")
            _ = FileManager.default.createFile(atPath: go, contents: nil)
            let after = try await bench.status(once: "1 finished")
            return (before, after)
        }
        for shown in [beforeProgress, afterProgress] {
            let line = try #require(
                shown.split(separator: "\n").map(String.init).first { $0.hasPrefix("  1  ") }, "\(shown)")
            #expect(line.hasPrefix("  1  waiting to retry "), "\(shown)")
            #expect(line.hasSuffix(#" (attempt 1 failed)  flaky  {"step":"fetch"}"#), "\(shown)")
        }
        #expect(
            afterProgress.contains(": 1 finished, 1 running, 0 waiting — prx run recipe.lua -r"), "\(afterProgress)")
        let journal = try #require(bench.journals().first)
        #expect(try String(contentsOfFile: journal, encoding: .utf8).contains("\"retry_wait_since\":"))
    }

    /// A retry that runs shows which attempt it is, as `prx history RUN` counts them: it showed `running 0.5s  flaky`,
    /// as the first attempt shows.
    @Test func aRunningRetryShowsItsAttempt() async throws {
        let bench = try Workbench()
        defer { bench.root.remove() }
        let go = bench.root.file("go")
        let count = bench.root.file("count")
        try bench.root.write("recipe.lua", """
            prx.task { sh = "echo x >> \(count); [ $(wc -l < \(count)) -ge 2 ] || exit 1; "
                         .. "while [ ! -e \(go) ]; do sleep 0.05; done", name = "flaky", retries = 1 }
            """)
        let run = try PRXProcess(["run", "recipe.lua", "-r"], home: bench.home, directory: bench.root.path)
        let shown = try await run.whileRunning {
            defer { _ = FileManager.default.createFile(atPath: go, contents: nil) }
            return try await bench.status(once: "(attempt 2)")
        }
        let line = try #require(
            shown.split(separator: "\n").map(String.init).first { $0.hasPrefix("  1  ") }, "\(shown)")
        #expect(line.wholeMatch(of: #/  1  running \d+\.\ds \(attempt 2\)  flaky/#) != nil, "\(shown)")
    }
}
