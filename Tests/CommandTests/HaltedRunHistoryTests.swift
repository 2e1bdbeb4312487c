import Foundation
import PRXTesting
import Testing

/// `prx history RUN` of a run the stop limits halted showed it `finished`, most of its tasks `CANCELLED`, without a
/// word of why, which its journal's end line records (`halt_reason`) and its summary report said (`- Halted: …`). It
/// now says so under the command (`Halted: …`), and its `--json`, as `prx history --json`, gives `halt_reason`
/// (`null` for a run no policy halted). `prx status` of a halted run whose tasks still ran showed it as any run going,
/// though no task would start any more: its line now says `halted: …`.
@Suite(.runsProcesses) struct HaltedRunHistoryTests {
    @Test func aHaltedRunSaysWhyItHalted() async throws {
        let bench = try Workbench()
        defer { bench.root.remove() }
        try bench.root.write("lines.txt", "1\n2\n3\n4\n")
        let halted = try await bench.prx([
            "-A", "lines.txt", "-C", "sh -c 'exit 1' @ARG@", "-r", "-m", "1", "--enable-stop-limits",
            "--set", "stop-limits.max_consecutive_failures=2",
        ])
        #expect(halted.status == 1, "\(halted.stderr)")
        #expect(halted.stdout.contains("- Halted: 2 consecutive failures (limit: 2)\n"), "\(halted.stdout)")
        #expect(try await bench.prx(["-A", "lines.txt", "-C", "true @ARG@", "-r"]).status == 0)
        let runs = bench.runIDs()
        try #require(runs.count == 2)

        let table = try await bench.prx(["history", runs[0]]).stdout.split(separator: "\n").map(String.init)
        try #require(table.count > 2, "\(table)")
        #expect(table[1].hasPrefix("Command: "), "\(table)")
        #expect(table[2] == "Halted: 2 consecutive failures (limit: 2)", "\(table)")
        #expect(table.filter { $0.contains(" CANCELLED ") }.count == 2, "\(table)")
        let other = try await bench.prx(["history", runs[1]]).stdout
        #expect(!other.contains("Halted"), "\(other)")

        let listed = try JSONSerialization.jsonObject(
            with: Data(try await bench.prx(["history", "--json"]).stdout.utf8)) as? [[String: Any]]
        for (run, reason) in zip(runs, ["2 consecutive failures (limit: 2)", nil]) {
            let alone = try JSONSerialization.jsonObject(
                with: Data(try await bench.prx(["history", run, "--json"]).stdout.utf8)) as? [String: Any]
            let inList = listed?.first { $0["run"] as? String == run }
            for object in [alone, inList] {
                let object = try #require(object)
                #expect(object["state"] as? String == "finished")
                if let reason {
                    #expect(object["halt_reason"] as? String == reason, "\(object)")
                } else {
                    #expect(object["halt_reason"] is NSNull, "\(object)")
                }
            }
        }
    }

    /// A run halted while three of its tasks run: `prx status` says so, also once one of them has ended more than a
    /// second later, after which it reads the journal from the `run_progress` line that followed that end, not from
    /// before the `run_halted` line; killed with `kill -9` then (no end line), `prx history RUN` says so too.
    @Test func aHaltedRunStillGoingSaysItHalted() async throws {
        let bench = try Workbench()
        defer { bench.root.remove() }
        try bench.root.write("lines.txt", "1\n2\n3\n4\n5\n")
        let go = bench.root.file("go")
        // Task 1 fails, which halts the run; 2 ends 1.5 s later; 3 and 4 run until killed; 5 is cancelled.
        let script = "test \"$0\" = 1 && exit 1; test \"$0\" = 2 && exec sleep 1.5; "
            + "while [ ! -e \(go) ]; do sleep 0.05; done"
        let run = try PRXProcess(
            [
                "-A", "lines.txt", "-C", "sh -c '\(script)' @ARG@", "-r", "-m", "4", "--enable-stop-limits",
                "--set", "stop-limits.max_consecutive_failures=1",
            ], home: bench.home, directory: bench.root.path)
        let status = try await run.whileRunning(stoppedWith: SIGKILL) {
            try await bench.status(once: " 2 running, ")
        }
        try bench.root.write("go", "")
        #expect(status.contains(": 3 finished, 2 running, halted: 1 consecutive failures (limit: 1) — "), "\(status)")
        let runs = bench.runIDs()
        try #require(runs.count == 1)
        let table = try await bench.prx(["history", runs[0]]).stdout.split(separator: "\n").map(String.init)
        try #require(table.count > 2, "\(table)")
        #expect(table[0].hasPrefix("Run \(runs[0]): killed, "), "\(table)")
        #expect(table[2] == "Halted: 1 consecutive failures (limit: 1)", "\(table)")
    }
}
