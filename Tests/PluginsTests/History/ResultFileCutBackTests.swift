import Foundation
import PRXKernel
@testable import PRXPlugins
import PRXTesting
import Testing

/// What a resumption cuts back of a result file it adds to (``RecordedResultFile/cutBack(fileAt:)``), and what the
/// journal records of such files for it (``RunJournalSink``'s `result_files` and `result_sizes`).
@Suite struct ResultFileCutBackTests {
    /// A record of the file at `path` as it is now, saying it held `size` bytes.
    private static func record(of path: String, size: Int) throws -> RecordedResultFile {
        RecordedResultFile(path: path, identity: try #require(FileIdentity(ofFileAt: path)), size: size)
    }

    /// A file longer than the size recorded, which ends a line, is cut back to it: the rows written after the
    /// journal's last record are gone.
    @Test func aLongerFileIsCutBackToTheSizeRecorded() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let path = try directory.write("rows.csv", "head\nrow 1\nrow 2\n")
        let record = try Self.record(of: path, size: 11)
        #expect(try record.cutBack(fileAt: path) != nil)
        #expect(try directory.read("rows.csv") == "head\nrow 1\n")
    }

    /// The lines cut off are put back as they were (a resumption refused after the cut), over what was written past
    /// the cut since; not into another file put at the name since.
    @Test func theLinesCutOffArePutBackIntoTheFileCut() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let path = try directory.write("rows.csv", "head\nrow 1\nrow 2\nrow 3\n")
        let cut = try #require(try Self.record(of: path, size: 11).cutBack(fileAt: path))
        let appended = try #require(FileHandle(forWritingAtPath: path))
        try appended.seekToEnd()
        try appended.write(contentsOf: Data("a refused run's line\n".utf8))
        try appended.close()
        #expect(cut.putBack())
        #expect(try directory.read("rows.csv") == "head\nrow 1\nrow 2\nrow 3\n")

        let again = try #require(try Self.record(of: path, size: 5).cutBack(fileAt: path))
        try FileManager.default.moveItem(atPath: path, toPath: path + ".1")
        try directory.write("rows.csv", "other\n")
        #expect(!again.putBack())
        #expect(try directory.read("rows.csv") == "other\n")
        #expect(try directory.read("rows.csv.1") == "head\n")
    }

    /// A file another prx run holds locked as it writes it (a fresh run given the same file) is refused before it is
    /// cut, as its sink's opening refuses it, and lines cut off are not put back into it: the cut took that run's rows
    /// off, and putting lines back wrote over what it had written since.
    @Test func aFileAnotherRunWritesIsNeitherCutNorPutBackInto() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let path = try directory.write("rows.csv", "head\nrow 1\nrow 2\n")
        let cut = try #require(try Self.record(of: path, size: 11).cutBack(fileAt: path))
        let other = open(path, O_WRONLY | O_CLOEXEC)
        defer { close(other) }
        #expect(flock(other, LOCK_EX | LOCK_NB) == 0)
        #expect(!cut.putBack())
        #expect(try directory.read("rows.csv") == "head\nrow 1\n")
        #expect(throws: SinkFileError.writtenByAnotherRun(path)) {
            try Self.record(of: path, size: 5).cutBack(fileAt: path)
        }
        #expect(try directory.read("rows.csv") == "head\nrow 1\n")
    }

    /// A file no longer than the size recorded, or whose recorded size ends no line (the file is not what the run
    /// wrote: rewritten since), is left as it is.
    @Test(arguments: [17, 30, 12])
    func aFileNotLongerOrNotCutAtALineEndIsLeft(size: Int) throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let path = try directory.write("rows.csv", "head\nrow 1\nrow 2\n")
        #expect(try Self.record(of: path, size: size).cutBack(fileAt: path) == nil)
        #expect(try directory.read("rows.csv") == "head\nrow 1\nrow 2\n")
    }

    /// A file put at the name since the record (the file renamed away and another made there, as a log's rotation
    /// or an editor's save does) is another file: neither it nor the file renamed is cut.
    @Test func aFileReplacedAtItsNameIsLeft() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let path = try directory.write("rows.csv", "head\nrow 1\nrow 2\n")
        let record = try Self.record(of: path, size: 5)
        try FileManager.default.moveItem(atPath: path, toPath: path + ".1")
        try directory.write("rows.csv", "other\nrows\n")
        #expect(try record.cutBack(fileAt: path) == nil)
        #expect(try directory.read("rows.csv") == "other\nrows\n")
        #expect(try directory.read("rows.csv.1") == "head\nrow 1\nrow 2\n")
    }

    /// A file at the name that is no regular file (a FIFO no one reads, a symbolic link to `/dev/null`) has no bytes
    /// to cut: it is not opened, so that the FIFO does not hold the resumption.
    @Test(arguments: ["FIFO", "/dev/null"])
    func aFileThatIsNoRegularFileIsLeft(kind: String) throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let path = try directory.write("rows.csv", "head\nrow 1\nrow 2\n")
        let record = try Self.record(of: path, size: 5)
        try FileManager.default.removeItem(atPath: path)
        if kind == "FIFO" {
            #expect(mkfifo(path, 0o600) == 0)
        } else {
            try FileManager.default.createSymbolicLink(atPath: path, withDestinationPath: kind)
        }
        #expect(try record.cutBack(fileAt: path) == nil)
    }

    /// A journal for run `20261203-120000-42` in `directory` following `resultFiles`, and its path.
    private static func journal(
        in directory: TemporaryDirectory, resultFiles: [TrackedResultFile]
    ) throws -> RunJournalSink {
        let invocation = RunInvocation(
            runID: "20261203-120000-42", arguments: ["-A", "hosts", "-r"], workingDirectory: "/tmp", processID: 42,
            configuration: [:])
        return try RunJournalSink(
            path: directory.file("20261203-120000-42.jsonl"), invocation: invocation, startTime: Fixtures.start,
            workers: 1, resultFiles: resultFiles)
    }

    /// What a resumption of run `20261203-120000-42` in `directory` cuts back.
    private static func toCutBack(in directory: TemporaryDirectory) throws -> [RecordedResultFile] {
        try ResumedTaskSource.Verdicts.resume("20261203-120000-42", in: RunHistory(directory: directory.path)).1
            .resultFilesToCutBack
    }

    /// Tells `sinks` `events` in turn, each sink after the one before it, then flushes them in that order: a turn of
    /// the scheduler.
    private static func turn(_ events: [RunEvent], _ sinks: inout [any Sink]) throws {
        for event in events {
            for index in sinks.indices { try sinks[index].receive(event) }
        }
        for sink in sinks { try sink.flush() }
    }

    /// The sinks of a run whose CSV summary is at `csvPath` and journal in `directory`, told of the run's start.
    private static func startedRun(writingCSV csvPath: String, in directory: TemporaryDirectory) throws -> [any Sink] {
        let csv = try SummaryCSVSink(path: csvPath, processID: 42)
        var sinks: [any Sink] = [csv]
        sinks.append(try journal(in: directory, resultFiles: [TrackedResultFile(path: csvPath, writtenBy: csv)]))
        try turn([.runStarted(RunInfo(startTime: Fixtures.start, maxInFlight: 1))], &sinks)
        return sinks
    }

    /// The journal of a run killed after the CSV summary wrote a turn's row and before the journal wrote that turn's
    /// lines records the CSV as it was after the turn before: the file, and its size with the rows the journal has
    /// the tasks of. A resumption cuts the row off; it would have run that task again and written a second row.
    @Test func aKilledRunsJournalRecordsTheSizeAfterItsLastTurn() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let csvPath = directory.file("rows.csv")
        var sinks = try Self.startedRun(writingCSV: csvPath, in: directory)
        try Self.turn([.taskFinished(Fixtures.success(1, label: "t1"))], &sinks)
        let recorded = try String(contentsOfFile: csvPath, encoding: .utf8)
        // The next turn: the CSV writes its row, and prx is killed before the journal writes.
        try sinks[0].receive(.taskFinished(Fixtures.success(2, label: "t2")))
        try sinks[0].flush()
        // Its files closed with it, and the CSV's lock let go.
        sinks.removeAll()

        let toCutBack = try Self.toCutBack(in: directory)
        #expect(toCutBack.map(\.path) == [csvPath])
        #expect(toCutBack.map(\.size) == [recorded.utf8.count])
        #expect(try toCutBack.first?.cutBack(fileAt: csvPath) != nil)
        #expect(try String(contentsOfFile: csvPath, encoding: .utf8) == recorded)
        #expect(recorded.components(separatedBy: "\n").count == 3)
    }

    /// A journal with a task's end after the sizes it last recorded (as one written before its turn was over can leave
    /// for a plugin sink's file, which prx does not write) may have that task's row past the sizes: nothing is cut
    /// back, since the task, ended, does not run again and its row would be lost for good (at worst a row is written
    /// twice).
    @Test func aTaskEndedAfterTheSizesLastRecordedLeavesTheFilesAsTheyAre() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let csvPath = directory.file("rows.csv")
        var sinks = try Self.startedRun(writingCSV: csvPath, in: directory)
        try Self.turn([.taskFinished(Fixtures.success(1, label: "t1"))], &sinks)
        // The next turn's row, and the task's end in the journal with no sizes after it.
        try sinks[0].receive(.taskFinished(Fixtures.success(2, label: "t2")))
        try sinks[0].flush()
        let journal = try #require(FileHandle(forWritingAtPath: directory.file("20261203-120000-42.jsonl")))
        try journal.seekToEnd()
        let finished = #"{"event":"task_finished","id":2,"key":"k2","status":"SUCCESS"}"#
        try journal.write(contentsOf: Data(finished.utf8 + [10]))
        try journal.close()

        #expect(try Self.toCutBack(in: directory).isEmpty)
    }

    /// A run that ended has the end of every task it wrote a row of: nothing is cut, though the journal records the
    /// file (rows added by hand since stay).
    @Test func aRunThatEndedHasNothingCutBack() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        var sinks = try Self.startedRun(writingCSV: directory.file("rows.csv"), in: directory)
        try Self.turn(
            [.taskFinished(Fixtures.success(1, label: "t1")),
             .runFinished(RunSummary(startTime: Fixtures.start, endTime: Fixtures.end, statistics: RunStatistics()))],
            &sinks)
        #expect(try lines(of: directory.file("20261203-120000-42.jsonl")).contains { $0.contains("result_sizes") })
        #expect(try Self.toCutBack(in: directory).isEmpty)
    }

    /// A turn whose journal lines pass ``WriteThroughFile/pendingLimit`` (tasks whose labels are hundreds of kilobytes,
    /// which a journal line holds more than once; or one of megabytes, a line past the limit alone) has the journal
    /// write them before the turn is over: it first has the CSV summary write the rows it keeps, and records its size
    /// after them, in the same write. So prx killed at any moment leaves a journal with the end of exactly the tasks
    /// whose rows the CSV keeps once cut back to the size recorded: the journal wrote a task's end before the CSV had
    /// its row, and without its size, and a resumption neither ran that task again nor kept its row.
    @Test(arguments: [
        Array(repeating: 300_000, count: 8), [10, 1_500_000, 10, 1_500_000], [1_500_000, 1_500_000],
    ])
    func aJournalWritingBeforeTheTurnIsOverFollowsTheCSV(labelBytes: [Int]) throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let csvPath = directory.file("rows.csv")
        var sinks = try Self.startedRun(writingCSV: csvPath, in: directory)
        // The CSV's header line, then a row per task.
        #expect(try Self.endInOneTurn(labelBytes, &sinks, rowsIn: csvPath, after: 1, in: directory))
    }

    /// Tells `sinks` the end of a task for each of `labelBytes`, whose label is that many bytes long, in one turn, and
    /// checks after each, as prx killed then leaves it, that the file at `path` cut back to the size the journal
    /// recorded holds, after `headerLines`, a row for each task whose end the journal holds; returns whether the
    /// journal wrote any before the turn was over.
    private static func endInOneTurn(
        _ labelBytes: [Int], _ sinks: inout [any Sink], rowsIn path: String, after headerLines: Int,
        in directory: TemporaryDirectory
    ) throws -> Bool {
        var journalWrote = false
        for (id, bytes) in zip(1..., labelBytes) {
            let event = RunEvent.taskFinished(Fixtures.success(id, label: String(repeating: "a", count: bytes)))
            for index in sinks.indices { try sinks[index].receive(event) }
            // prx killed here, before the turn's flush: what a resumption finds.
            let finished = try lines(of: directory.file("20261203-120000-42.jsonl"))
                .filter { $0.contains(#""event":"task_finished""#) }.count
            journalWrote = journalWrote || finished > 0
            let rows = try #require(FileManager.default.contents(atPath: path))
            let kept = try toCutBack(in: directory).first.map { rows.prefix(min($0.size, rows.count)) } ?? rows
            #expect(kept.filter { $0 == UInt8(ascii: "\n") }.count - headerLines == finished, "after task \(id)")
        }
        return journalWrote
    }

    /// A plugin sink that keeps its rows for ``PRXKernel/Sink/flush()``, whose file a resumption adds to, had none of
    /// the turn's rows in its file when the journal wrote the ends of their tasks before the turn was over, past
    /// ``WriteThroughFile/pendingLimit``: prx killed then left a journal whose tasks did not run again, and whose rows
    /// were nowhere. The journal now has the sink flush first, as it has the built-in sinks write the rows they keep.
    @Test func aJournalWritingBeforeTheTurnIsOverHasAPluginSinkFlushFirst() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let path = directory.file("plugin.txt")
        try directory.write("plugin.txt", "")
        let plugin = RowKeepingSink(path: path)
        var sinks: [any Sink] = [plugin]
        sinks.append(try Self.journal(
            in: directory, resultFiles: [TrackedResultFile(path: path, writtenBy: plugin)]))
        try Self.turn([.runStarted(RunInfo(startTime: Fixtures.start, maxInFlight: 1))], &sinks)
        let labelBytes = Array(repeating: 300_000, count: 8)
        #expect(try Self.endInOneTurn(labelBytes, &sinks, rowsIn: path, after: 0, in: directory))
    }

    /// A plugin sink that the journal has flush before the turn is over, and that fails, has its failure thrown by its
    /// own next flush, once: it dropped rows whose tasks' ends the journal holds. The journal threw it as its own, so
    /// that a sink failing again at its turn was reported twice.
    @Test func aPluginSinksFailedFlushForTheJournalIsThrownAsItsOwn() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let file = TrackedResultFile(path: "/dev/full", writtenBy: RowKeepingSink(path: "/dev/full"))
        var sinks: [any Sink] = [file.writer]
        sinks.append(try Self.journal(in: directory, resultFiles: [file]))
        try Self.turn([.runStarted(RunInfo(startTime: Fixtures.start, maxInFlight: 1))], &sinks)
        // The first task's lines pass the limit: the sink is flushed out of turn; the second's row waits for the turn.
        let events = [
            RunEvent.taskFinished(Fixtures.success(1, label: String(repeating: "a", count: 1_500_000))),
            .taskFinished(Fixtures.success(2, label: "t2")),
        ]
        for event in events {
            for index in sinks.indices { try sinks[index].receive(event) }
        }
        #expect(try lines(of: directory.file("20261203-120000-42.jsonl")).contains { $0.contains("task_finished") })
        #expect(throws: CocoaError.self) { try sinks[0].flush() }
        #expect(throws: Never.self) { try sinks[1].flush() }
        #expect(throws: Never.self) { try sinks[0].flush() }
    }

    /// A result file that the journal has write the rows it keeps before the turn is over, and that cannot (a full
    /// disk: `/dev/full`), throws the failure at its sink's next flush, once: the sink reports it as when it writes
    /// its turn itself, where the rows it dropped were gone without a word.
    @Test func aFailedWriteForTheJournalIsThrownAtTheNextFlush() throws {
        let file = try WriteThroughFile(path: "/dev/full", mode: .append)
        try file.add(Array("row 1\n".utf8))
        file.flushForAnotherFile()
        #expect(throws: SinkFileError.self) { try file.flush() }
        #expect(throws: Never.self) { try file.flush() }
    }

    /// A result file that is no regular file (`/dev/null`) is not recorded, and a turn that changed no size adds no
    /// line: a run of a million tasks writing no such file pays nothing per task.
    @Test func aStreamIsNotRecordedNorAnUnchangedSize() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let json = try JSONSink(path: "/dev/null")
        var sinks: [any Sink] = [json]
        sinks.append(try Self.journal(
            in: directory, resultFiles: [TrackedResultFile(path: "/dev/null", writtenBy: json)]))
        try Self.turn([.runStarted(RunInfo(startTime: Fixtures.start, maxInFlight: 1))], &sinks)
        try Self.turn([.taskFinished(Fixtures.success(1, label: "t1"))], &sinks)
        let journal = try lines(of: directory.file("20261203-120000-42.jsonl"))
        #expect(journal.first?.contains(#""result_files":[]"#) == true)
        #expect(!journal.dropFirst().contains { $0.contains("result_") })
        #expect(try Self.toCutBack(in: directory).isEmpty)
    }

    /// A plugin sink's file, which prx does not write, is looked at once the sink has flushed its turn; a file the
    /// sink makes during the run is listed anew once it is there, and is then cut back as a built-in sink's is.
    @Test func aPluginSinksFileIsLookedAtAndListedOnceThere() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let path = directory.file("plugin.txt")
        var sinks: [any Sink] = [RecordingSink()]
        sinks.append(try Self.journal(
            in: directory, resultFiles: [TrackedResultFile(path: path, writtenBy: sinks[0])]))
        try Self.turn([.runStarted(RunInfo(startTime: Fixtures.start, maxInFlight: 1))], &sinks)
        func addRow(_ row: String) throws {
            let handle = try #require(FileHandle(forWritingAtPath: path))
            try handle.seekToEnd()
            try handle.write(contentsOf: Data(row.utf8))
            try handle.close()
        }
        try directory.write("plugin.txt", "row 1\n")
        try Self.turn([.taskFinished(Fixtures.success(1, label: "t1"))], &sinks)
        try addRow("row 2\n")
        try Self.turn([.taskFinished(Fixtures.success(2, label: "t2"))], &sinks)
        // Killed before the journal wrote the turn that wrote this row.
        try addRow("row 3\n")

        let journal = try lines(of: directory.file("20261203-120000-42.jsonl"))
        #expect(journal.filter { $0.contains(#""event":"result_files""#) }.count == 1)
        #expect(journal.filter { $0.contains(#""event":"result_sizes""#) }.count == 1)
        let toCutBack = try Self.toCutBack(in: directory)
        #expect(toCutBack.map(\.size) == [12])
        #expect(try toCutBack.first?.cutBack(fileAt: path) != nil)
        #expect(try directory.read("plugin.txt") == "row 1\nrow 2\n")
    }

    /// A journal of an older prx records no result file: a resumption of its killed run cuts nothing back, as before.
    @Test func anOlderJournalHasNothingCutBack() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        try directory.write(
            "20261203-120000-42.jsonl",
            #"{"event":"run_started","run":"20261203-120000-42","time":"2026-12-03T12:00:00+00:00","pid":42,"#
                + #""arguments":["-A","words","-r"],"cwd":"/tmp","workers":1,"configuration":[]}"# + "\n"
                + #"{"event":"task_started","id":1,"key":"k","label":"x","worker_id":1,"attempt":1,"#
                + #""time":"2026-12-03T12:00:01+00:00"}"# + "\n")
        #expect(try Self.toCutBack(in: directory).isEmpty)
    }
}
