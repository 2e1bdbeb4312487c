import Foundation
import PRXTesting
import Testing

/// prx killed with `SIGKILL` between a turn's writes of its result files and of its journal, which come last: the CSV
/// summary and the JSON Lines file hold the row of a task whose end the journal does not have, and a resumption, which
/// runs that task again and adds to those files, first cuts them back to what the journal recorded, so that each task
/// has one row in each.
///
/// A tracer stops prx exactly there: attached once the run's journal is there and before the run has a task (it reads
/// them from a FIFO the test writes), it kills prx at its second `write` to the journal, the turn that follows a task's
/// end (the first is the turn of the first task's start); the CSV and the JSON Lines file were written in that turn
/// before it.
@Suite(.runsProcesses) struct KilledBetweenResultAndJournalWritesTests {
    /// The binary under test and the flag resuming with.
    struct Case: CustomTestStringConvertible, Sendable {
        /// `prx`, or `prx-with-test-plugins`, whose `json` is a plugin sink of the tests' own, whose file prx does not
        /// write itself.
        var binary: String
        var flag: String
        var testDescription: String { "\(binary) \(flag)" }
    }

    /// Starts `arguments` with `binary` (a run reading `-A in.fifo`, or a resumption of one), in `bench`; once prx
    /// reads the FIFO and its journal, the bench's journal number `journalCount`, is there, attaches `strace` to kill
    /// prx at the second `write` to that journal, writes `lines` to the FIFO, and returns prx's outcome with the
    /// journal's run id.
    private static func killedAtJournalWrite(
        _ arguments: [String], binary: String, in bench: Workbench, journalCount: Int, lines: String
    ) async throws -> (outcome: PRXProcess.Outcome, runID: String) {
        let fifo = bench.root.file("in.fifo")
        let run = try PRXProcess(
            arguments, executable: PRXProcess.executablePath(named: binary), home: bench.home,
            directory: bench.root.path)
        let prx = run.process.processIdentifier
        defer { if run.process.isRunning { kill(prx, SIGKILL) } }
        let deadline = Date().addingTimeInterval(30)
        var writer: Int32 = -1
        while writer < 0 && Date() < deadline {
            writer = open(fifo, O_WRONLY | O_NONBLOCK)
            if writer < 0 { try await Task.sleep(for: .milliseconds(20)) }
        }
        #expect(writer >= 0, "prx did not open the FIFO")
        defer { close(writer) }
        while bench.journals().count < journalCount && Date() < deadline {
            try await Task.sleep(for: .milliseconds(20))
        }
        let journal = try #require(bench.journals().last.map { URL(fileURLWithPath: $0).resolvingSymlinksInPath() })
        #expect(bench.journals().count == journalCount)

        let messages = bench.root.file("strace-\(journalCount).txt")
        let messagesDescriptor = open(messages, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o600)
        let tracer = try ChildProcess(
            "/usr/bin/strace",
            arguments: ["-f", "-o", "/dev/null", "-P", journal.path, "-e", "trace=write",
                        "-e", "inject=write:signal=SIGKILL:when=2", "-p", String(prx)],
            standardOutput: .null, standardError: .descriptor(messagesDescriptor))
        close(messagesDescriptor)
        defer { if tracer.isRunning { kill(tracer.processIdentifier, SIGKILL) } }
        while (try? String(contentsOfFile: messages, encoding: .utf8))?.contains("attached") != true
            && tracer.isRunning && Date() < deadline
        {
            try await Task.sleep(for: .milliseconds(20))
        }
        // Every thread of prx's attached, as strace says it once it has them all.
        try await Task.sleep(for: .milliseconds(200))
        _ = lines.withCString { write(writer, $0, strlen($0)) }
        close(writer)
        writer = -1
        let outcome = await run.wait(killingAfter: 60)
        _ = await tracer.awaitTermination()
        return (outcome, journal.deletingPathExtension().lastPathComponent)
    }

    /// The labels of the tasks whose rows the CSV summary at `csv` holds, in its order.
    private static func csvLabels(_ csv: String) throws -> [String] {
        try String(contentsOfFile: csv, encoding: .utf8).split(separator: "\n").dropFirst()
            .map { String($0.split(separator: ";", omittingEmptySubsequences: false)[5]) }
    }

    /// The labels of the tasks whose `task` lines the JSON Lines file at `json` holds, in its order.
    private static func jsonLabels(_ json: String) throws -> [String] {
        try String(contentsOfFile: json, encoding: .utf8).split(separator: "\n").compactMap { line in
            let object = try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any]
            return object?["type"] as? String == "task" ? object?["label"] as? String : nil
        }
    }

    /// The labels of the tasks whose end the journal of `runID` in `bench` has.
    private static func journaledEnds(of runID: String, in bench: Workbench) throws -> Set<String> {
        let journal = try String(contentsOfFile: bench.home + "/history/\(runID).jsonl", encoding: .utf8)
        return Set(journal.split(separator: "\n").compactMap { line in
            let object = try? JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any]
            return object?["event"] as? String == "task_finished" ? object?["label"] as? String : nil
        })
    }

    /// A run killed there, resumed reading the FIFO again and killed there in its turn, then resumed to its end: the
    /// CSV summary and the JSON Lines file hold one row of each task, where the tasks whose rows each killed run wrote
    /// without their end in its journal had two.
    @Test(
        .enabled(
            if: getuid() == 0 && FileManager.default.isExecutableFile(atPath: "/usr/bin/strace"),
            "needs strace, and root to trace prx, which is no child of the test's"),
        arguments: [
            Case(binary: "prx", flag: "--resume-failed"), Case(binary: "prx-with-test-plugins", flag: "--resume"),
        ])
    func eachTaskHasOneRowAfterKilledRunsAreResumed(_ test: Case) async throws {
        let bench = try Workbench()
        defer { bench.root.remove() }
        let fifo = bench.root.file("in.fifo")
        #expect(mkfifo(fifo, 0o600) == 0)
        let csv = bench.root.file("summary.csv"), json = bench.root.file("results.jsonl")
        let first = try await Self.killedAtJournalWrite(
            ["-A", "in.fifo", "-C", "echo @ARG@", "-r", "-m", "1", "--json", json, "--set", "csv.path=\(csv)"],
            binary: test.binary, in: bench, journalCount: 1, lines: "1\n2\n3\n4\n5\n")
        #expect(first.outcome.status == 128 + SIGKILL, "\(first.outcome.stderr)")
        // Where the tracer stopped prx: a row whose task's end the journal lacks.
        let firstEnds = try Self.journaledEnds(of: first.runID, in: bench)
        #expect(try !Set(Self.csvLabels(csv)).isSubset(of: firstEnds), "\(firstEnds)")
        #expect(try !Set(Self.jsonLabels(json)).isSubset(of: firstEnds), "\(firstEnds)")

        let second = try await Self.killedAtJournalWrite(
            [test.flag, first.runID], binary: test.binary, in: bench, journalCount: 2, lines: "1\n2\n3\n4\n5\n")
        #expect(second.outcome.status == 128 + SIGKILL, "\(second.outcome.stderr)")
        let ends = try firstEnds.union(Self.journaledEnds(of: second.runID, in: bench))
        #expect(try !Set(Self.csvLabels(csv)).isSubset(of: ends), "\(ends)")

        try FileManager.default.removeItem(atPath: fifo)
        try bench.root.write("in.fifo", "1\n2\n3\n4\n5\n")
        let last = try await PRXProcess(
            [test.flag, second.runID], executable: PRXProcess.executablePath(named: test.binary), home: bench.home,
            directory: "/"
        ).wait(killingAfter: 60)
        #expect(last.status == 0, "\(last.stderr)")
        #expect(try Self.csvLabels(csv).sorted() == ["1", "2", "3", "4", "5"])
        #expect(try Self.jsonLabels(json).sorted() == ["1", "2", "3", "4", "5"])
    }
}
