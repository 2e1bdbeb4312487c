import Foundation
import PRXTesting
import Testing

/// A stopped process (`kill -STOP`, a `^Z` in a shell of its own) keeps a `SIGTERM` pending until it runs again. prx
/// sent a stopped task's group `SIGTERM` alone: the task spent the whole grace unable to clean up and was ended by the
/// `SIGKILL`, as the orphan guard of a killed prx ended it; and `prx -k` of a stopped prx waited its 13 s for nothing,
/// then killed it with `SIGKILL`, the run's results and summary unwritten. `SIGCONT` now follows each `SIGTERM`, as
/// `timeout(1)` and systemd send it.
@Suite(.runsProcesses) struct StoppedProcessTerminationTests {
    /// A number no other process on the machine has in its command line, for `sleep` markers.
    private static func marker() -> String { "34\(Int.random(in: 10...99)).\(Int.random(in: 100_000...999_999))" }

    /// A task that notes its start in `started`, stops itself, and, given `SIGTERM`, writes `cleaned` and exits 5.
    private static func selfStoppingTask(in bench: Workbench, mark: String) -> String {
        let started = bench.root.file("started")
        let cleaned = bench.root.file("cleaned")
        return "bash -c 'trap \"echo done > \(cleaned); exit 5\" TERM; touch \(started); kill -STOP $$; sleep \(mark)'"
    }

    /// Waits up to `seconds` for the file at `path` to exist; returns whether it does.
    private static func awaitFile(_ path: String, seconds: Double) async -> Bool {
        let deadline = Date().addingTimeInterval(seconds)
        while !FileManager.default.fileExists(atPath: path) && Date() < deadline {
            try? await Task.sleep(for: .milliseconds(50))
        }
        return FileManager.default.fileExists(atPath: path)
    }

    @Test func aStoppedTaskAtItsTimeLimitCleansUpWithinTheGrace() async throws {
        let bench = try Workbench()
        defer { bench.root.remove() }
        let mark = Self.marker()
        try bench.root.write("args.txt", "a\n")
        let started = Date()
        let outcome = try await PRXProcess(
            [
                "-t", "1", "--set", "local.termination_grace=20", "-A", "args.txt", "-C",
                Self.selfStoppingTask(in: bench, mark: mark), "-r",
            ], home: bench.home, directory: bench.root.path
        ).wait(killingAfter: 60)
        #expect(Date().timeIntervalSince(started) < 15, "the task waited for its SIGKILL")
        #expect(outcome.status == 1, "\(outcome.stderr)")
        #expect(FileManager.default.fileExists(atPath: bench.root.file("cleaned")))
        #expect(try await bench.summaryRecords().map { $0["status"] } == ["TIMEOUT"])
        #expect(await LiveProcesses.awaitGone(mark).isEmpty)
    }

    @Test func aStoppedPRXAskedToStopWithDashKWritesItsResults() async throws {
        let bench = try Workbench()
        defer { bench.root.remove() }
        let mark = Self.marker()
        try bench.root.write("args.txt", "1\n2\n")
        let run = try PRXProcess(
            ["-A", "args.txt", "-C", "sleep \(mark) @ARG@", "-r"], home: bench.home, directory: bench.root.path)
        let pid = run.process.processIdentifier
        // prx's own command line has the mark too.
        #expect(await LiveProcesses.awaitCount(mark, atLeast: 3) == 3)
        kill(pid, SIGSTOP)
        let stop = try await bench.prx(["-k", "\(pid)"])
        let outcome = await run.wait(killingAfter: 30)
        #expect(stop.stdout == "Killed prx process \(pid) (ended after SIGTERM)\n", "\(stop.stderr)")
        #expect(outcome.status == 143, "\(outcome.stderr)")
        #expect(outcome.stdout.contains("Parallel Task Execution Summary"))
        #expect(try await bench.summaryRecords().map { $0["status"] } == ["CANCELLED", "CANCELLED"])
        #expect(await LiveProcesses.awaitGone(mark).isEmpty)
    }

    @Test func theGuardOfAKilledPRXLetsAStoppedTaskCleanUp() async throws {
        let bench = try Workbench()
        defer { bench.root.remove() }
        let mark = Self.marker()
        try bench.root.write("args.txt", "a\n")
        let run = try PRXProcess(
            [
                "--set", "local.termination_grace=20", "-A", "args.txt", "-C",
                Self.selfStoppingTask(in: bench, mark: mark), "-r",
            ], home: bench.home, directory: bench.root.path)
        #expect(await Self.awaitFile(bench.root.file("started"), seconds: 20))
        try await Task.sleep(for: .milliseconds(300))
        kill(run.process.processIdentifier, SIGKILL)
        _ = await run.wait(killingAfter: 30)
        #expect(await Self.awaitFile(bench.root.file("cleaned"), seconds: 10), "the guard left the task stopped")
        #expect(await LiveProcesses.awaitGone(mark, seconds: 25).isEmpty)
    }
}
