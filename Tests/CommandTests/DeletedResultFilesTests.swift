import Foundation
import PRXTesting
import Testing

/// A result file deleted while the run writes it (its directory removed, or the file itself) loses what the run wrote
/// to it, though every write went through: the run finished with its results lost (exit status 1), as on a full disk,
/// where it exited 0 and `prx history` showed a clean finish, the summary naming files that were no longer there.
@Suite(.runsProcesses) struct DeletedResultFilesTests {
    /// Starts prx in `bench` with `arguments` after `-T` of two tasks that wait for the file `go`, deletes `path` once
    /// the run's journal is there (every result file is open by then), then lets the tasks end; returns prx's outcome
    /// and the run's id.
    private func run(
        _ arguments: [String], deleting path: String, in bench: Workbench
    ) async throws -> (outcome: PRXProcess.Outcome, runID: String) {
        let go = bench.root.file("go")
        let folder = try bench.tasks(2) { _ in "until [ -e '\(go)' ]; do sleep 0.05; done\n" }
        let run = try PRXProcess(
            ["-T", folder, "-C", "sh @TASK@", "-r", "-m", "2"] + arguments, home: bench.home,
            directory: bench.root.path)
        let deadline = Date().addingTimeInterval(30)
        while bench.runIDs().isEmpty && Date() < deadline { try await Task.sleep(for: .milliseconds(20)) }
        let runID = bench.runIDs().first
        try FileManager.default.removeItem(atPath: path)
        try bench.root.write("go", "")
        let outcome = await run.wait(killingAfter: 60)
        return (outcome, try #require(runID))
    }

    @Test func aLogDirectoryDeletedDuringTheRunFailsItsSinks() async throws {
        let bench = try Workbench()
        defer { bench.root.remove() }
        let logs = bench.root.file("ld")
        let (outcome, runID) = try await run(["--log-dir", logs], deleting: logs, in: bench)
        #expect(outcome.status == 1, "\(outcome.stderr)")
        let failures = outcome.stderr.split(separator: "\n").filter { $0.hasPrefix("prx: warning: a sink failed: ") }
        let deleted = ": deleted during the run (the file or a directory above it)"
        #expect(failures.count == 3, "\(outcome.stderr)")
        for suffix in [".log", "_summary.csv", "_output.txt"] {
            #expect(failures.contains { $0.hasPrefix("prx: warning: a sink failed: cannot write to \(logs)/parallelr_")
                && $0.hasSuffix(suffix + deleted) }, "\(outcome.stderr)")
        }
        #expect(outcome.stdout.contains("Output Error: cannot write to \(logs)/"), "\(outcome.stdout)")
        let shown = try await bench.prx(["history", runID])
        #expect(shown.stdout.hasPrefix("Run \(runID): finished (results lost), "), "\(shown.stdout)")
    }

    /// The journal cannot say that it was deleted (the history directory removed): prx warns, and exits 1.
    @Test func aHistoryDirectoryDeletedDuringTheRunFailsTheRun() async throws {
        let bench = try Workbench()
        defer { bench.root.remove() }
        let history = bench.home + "/history"
        let (outcome, runID) = try await run([], deleting: history, in: bench)
        #expect(outcome.status == 1, "\(outcome.stderr)")
        #expect(outcome.stderr == "prx: warning: a sink failed: cannot write to \(history)/\(runID).jsonl: deleted "
            + "during the run (the file or a directory above it)\n")
        #expect(outcome.stdout.contains("Output Error: cannot write to \(history)/\(runID).jsonl"), "\(outcome.stdout)")
    }
}
