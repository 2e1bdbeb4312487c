import Foundation
import PRXTesting
import Testing

/// Under a file size limit (`ulimit -f`), the journal kept disk space past its end for its end line, which ext4 gives
/// past the limit too, where no byte can be written: the journal filled up to the limit with the lines of tasks, its
/// end line failed with `EFBIG`, and `prx history` showed the run as killed though prx had ended it with exit 1. And
/// prx left `SIGXFSZ` at its default, which ends the process, for a write past the limit on its main thread.
@Suite(.runsProcesses) struct FileSizeLimitTests {
    /// The journal stops taking task lines where the room kept for its end line would pass the limit, as on a full
    /// disk: the end line is written, says `incomplete`, and names the journal's failure; the other files keep the
    /// whole rows they took, and prx exits 1, naming each file it could not write.
    @Test func theJournalEndsUnderAFileSizeLimit() async throws {
        let bench = try Workbench()
        defer { bench.root.remove() }
        try bench.root.write("n.txt", (1...300).map { "\($0)\n" }.joined())
        let outcome = try await PRXProcess.run(
            ["-c", #"ulimit -f 100; exec "$0" "$@""#, PRXProcess.executablePath,
             "-A", "n.txt", "-C", "true @ARG@", "-r", "-m", "4"],
            executable: "/bin/bash", home: bench.home, directory: bench.root.path)
        #expect(outcome.status == 1, "\(outcome.stderr)")
        let path = try #require(bench.journals().first)
        #expect(outcome.stderr.contains("cannot write to \(path): File too large"), "\(outcome.stderr)")
        let text = try String(contentsOfFile: path, encoding: .utf8)
        let last = try #require(text.split(separator: "\n").last)
        let end = try #require(try JSONSerialization.jsonObject(with: Data(last.utf8)) as? [String: Any])
        #expect(end["event"] as? String == "run_finished", "\(last)")
        #expect(end["incomplete"] as? Bool == true, "\(last)")
        #expect("\(end["sink_errors"] ?? "")".contains("File too large"), "\(last)")
        let rows = try await bench.summaryRows()
        #expect(rows.count > 10)
        #expect(rows.allSatisfy { $0.count == 12 })
        let history = try await bench.prx(["history"])
        #expect(!history.stdout.contains("killed"), "\(history.stdout)")
        #expect(history.stdout.contains("incomplete (results lost)"), "\(history.stdout)")
    }

    /// `SIGXFSZ`, which the kernel sends for a write past the limit, does not end prx; its tasks get it at its default
    /// action, which ends them.
    @Test func theFileSizeLimitSignalEndsTasksAndNotPRX() async throws {
        let bench = try Workbench()
        defer { bench.root.remove() }
        try bench.root.write("n.txt", "1\n2\n")
        let run = try PRXProcess(
            ["-A", "n.txt", "-C", "sh -c 'sleep 1; kill -XFSZ $$; exit 0' @ARG@", "-r", "-m", "2"],
            home: bench.home, directory: bench.root.path)
        let deadline = Date().addingTimeInterval(20)
        while bench.journals().isEmpty && Date() < deadline {
            try? await Task.sleep(for: .milliseconds(20))
        }
        kill(run.process.processIdentifier, SIGXFSZ)
        let outcome = await run.wait(killingAfter: 60)
        #expect(outcome.status == 1, "\(outcome.stderr)")
        let records = try await bench.summaryRecords()
        #expect(records.map { $0["status"] ?? "" } == ["FAILED", "FAILED"], "\(records)")
    }
}
