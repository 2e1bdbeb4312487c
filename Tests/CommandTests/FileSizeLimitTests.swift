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
        try Self.expectIncompleteEnd(ofJournalAt: path)
        let rows = try await bench.summaryRows()
        #expect(rows.count > 10)
        #expect(rows.allSatisfy { $0.count == 12 })
        let history = try await bench.prx(["history"])
        #expect(!history.stdout.contains("killed"), "\(history.stdout)")
        #expect(history.stdout.contains("incomplete (results lost)"), "\(history.stdout)")
    }

    /// A limit changed during the run (`prlimit --pid`): the journal read the limit once, as the run began. Lowered
    /// below the room it keeps, it went on taking task lines up to the new limit, so that its end line failed and the
    /// run showed as killed; raised, it went on dropping task lines for the old limit, and the run ended `incomplete
    /// (results lost)`, exit 1, for a `File too large` no longer so. It reads the limit again before each
    /// `run_progress` line: lowered, the journal ends as under a limit given from the start; raised, it takes every
    /// line.
    @Test(
        .enabled(if: FileManager.default.isExecutableFile(atPath: "/usr/bin/prlimit"), "needs prlimit(1)"),
        arguments: [true, false])
    func theJournalFollowsAFileSizeLimitChangedDuringTheRun(lowered: Bool) async throws {
        let bench = try Workbench()
        defer { bench.root.remove() }
        try bench.root.write("n.txt", (1...300).map { "\($0)\n" }.joined())
        // Task 1 waits for `go`, made once the limit is changed; the others end at once.
        let go = bench.root.file("go")
        try bench.root.write("task.sh", "[ \"$1\" != 1 ] || while [ ! -e \(go) ]; do sleep 0.05; done\n")
        // Raised from 68 KiB: the journal's first line, the room for its end line, and a few task lines.
        let start = lowered ? "" : "/usr/bin/prlimit --fsize=69632:unlimited "
        let change = lowered
            ? "--fsize=$(( $(stat -c %s home/history/*.jsonl) + 20000 ))" : "--fsize=unlimited:unlimited"
        let outcome = try await bench.shell(
            """
            \(start)"$PRX" -A n.txt -C "sh \(bench.root.file("task.sh")) @ARG@" -r -m 1 --no-task-output-log \
                >/dev/null & run=$!
            until ls home/history/*.jsonl >/dev/null 2>&1; do sleep 0.05; done
            /usr/bin/prlimit --pid $run \(change)
            touch go; wait $run
            """)
        let history = try await bench.prx(["history"])
        if lowered {
            #expect(outcome.status == 1, "\(outcome.stderr)")
            try Self.expectIncompleteEnd(ofJournalAt: try #require(bench.journals().first))
            #expect(history.stdout.contains("incomplete (results lost)"), "\(history.stdout)")
        } else {
            #expect(outcome.status == 0, "\(outcome.stderr)")
            let row = try #require(history.stdout.split(separator: "\n").last).split(separator: " ")
            #expect(row.count > 8 && row[5] == "300" && row[8] == "finished", "\(history.stdout)")
        }
    }

    /// A limit lowered, after it was last read, to what the journal holds, or 200 bytes past it: its end line has no
    /// room left below it, and the run showed as killed, prx's one word being the journal's first failure (`a sink
    /// failed: cannot write to …: File too large`), which a journal that got its end line says too. Where the room left
    /// takes it, the journal now ends with the line's stand-in, which says the run ended incomplete; where not even
    /// that fits, prx says the end line is lost, and what a reader makes of the run.
    @Test(
        .enabled(if: FileManager.default.isExecutableFile(atPath: "/usr/bin/prlimit"), "needs prlimit(1)"),
        arguments: [0, 200])
    func aJournalThatCannotTakeItsEndLineIsSaidSo(room: Int) async throws {
        let bench = try Workbench()
        defer { bench.root.remove() }
        try bench.root.write("n.txt", "1\n")
        let go = bench.root.file("go")
        try bench.root.write("task.sh", "while [ ! -e \(go) ]; do sleep 0.05; done\n")
        let outcome = try await bench.shell(
            """
            "$PRX" -A n.txt -C "sh \(bench.root.file("task.sh")) @ARG@" -r -m 1 --no-task-output-log >/dev/null & run=$!
            until grep -qs task_started home/history/*.jsonl; do sleep 0.05; done
            /usr/bin/prlimit --pid $run --fsize=$(( $(stat -c %s home/history/*.jsonl) + \(room) ))
            touch go; wait $run
            """)
        #expect(outcome.status == 1, "\(outcome.stderr)")
        let path = try #require(bench.journals().first)
        let lines = try String(contentsOfFile: path, encoding: .utf8).split(separator: "\n")
        let history = try await bench.prx(["history"])
        let warning = room == 0
            ? "cannot write the run's end to its journal \(path): File too large; prx history shows the run as killed"
            : "cannot write the run's end whole to its journal \(path): File too large; its end line says only that "
                + "the run ended, incomplete, without its counts and errors"
        #expect(outcome.stderr.hasSuffix("prx: warning: \(warning)\n"), "\(outcome.stderr)")
        if room == 0 {
            #expect(lines.count == 2 && !lines.contains { $0.contains("run_finished") }, "\(lines)")
            #expect(history.stdout.contains(" killed "), "\(history.stdout)")
        } else {
            let end = try #require(try JSONSerialization.jsonObject(with: Data(lines.last!.utf8)) as? [String: Any])
            #expect(end["event"] as? String == "run_finished" && end["incomplete"] as? Bool == true, "\(end)")
            #expect(history.stdout.contains(" incomplete "), "\(history.stdout)")
        }
    }

    /// Expects the journal at `path` to end with its end line, saying `incomplete` and naming the journal's failure.
    private static func expectIncompleteEnd(ofJournalAt path: String) throws {
        let text = try String(contentsOfFile: path, encoding: .utf8)
        let last = try #require(text.split(separator: "\n").last)
        let end = try #require(try JSONSerialization.jsonObject(with: Data(last.utf8)) as? [String: Any])
        #expect(end["event"] as? String == "run_finished", "\(last)")
        #expect(end["incomplete"] as? Bool == true, "\(last)")
        #expect("\(end["sink_errors"] ?? "")".contains("\(path): File too large"), "\(last)")
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
