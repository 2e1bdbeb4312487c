import Foundation
import PRXKernel
import PRXPlugins
import PRXTesting
import Testing

@Suite struct SummaryCSVSinkTests {
    @Test func writesTheHeaderAndOneRowPerFinishedTask() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let path = directory.file("summary.csv")
        var sink = try SummaryCSVSink(path: path, processID: 12345)
        let results = [Fixtures.success(), Fixtures.cancelled(2, label: "./tasks/task2.sh")]
        try sink.receive(.runStarted(RunInfo(startTime: Fixtures.start, maxInFlight: 2)))
        try sink.receive(.taskStarted(TaskStart(task: results[0].task, workerID: 1, attempt: 1, time: Fixtures.start)))
        for result in results { try sink.receive(.taskFinished(result)) }
        try sink.receive(.runFinished(Fixtures.summary(statistics: Fixtures.statistics(results))))
        try sink.flush()

        #expect(try lines(of: path) == [
            "start_time;end_time;status;process_id;worker_id;task_file;command;exit_code;duration_seconds;memory_mb;"
                + "cpu_percent;error_message",
            "2025-09-29T14:30:15;2025-09-29T14:30:17;SUCCESS;12345;1;./tasks/task1.sh;bash ./tasks/task1.sh;0;2.75;"
                + "45.23;12.5;",
            ";2025-09-29T14:30:17;CANCELLED;12345;;./tasks/task2.sh;bash ./tasks/task2.sh;;0.00;;;run halted: limit",
        ])
    }

    @Test func eachRowIsOnDiskAsSoonAsItsTaskFinishes() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let path = directory.file("summary.csv")
        var sink = try SummaryCSVSink(path: path, processID: 1)
        try sink.receive(.runStarted(RunInfo(startTime: Fixtures.start, maxInFlight: 1)))
        try sink.flush()
        #expect(try lines(of: path).count == 1)
        try sink.receive(.taskFinished(Fixtures.success()))
        #expect(try lines(of: path).count == 1, "the row waits for the end of the scheduler's turn")
        try sink.flush()
        #expect(try lines(of: path).count == 2)
    }

    /// A file that is there already keeps what it holds until the run starts: a run refused once its sinks are made
    /// leaves it as it was, where it was a header alone. The run's start empties it, and writes the header.
    @Test func anEarlierFileIsEmptiedAsTheRunStartsNotBefore() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let path = try directory.write("summary.csv", "an earlier run's rows\nand more\n")
        var sink = try SummaryCSVSink(path: path, processID: 1)
        #expect(try lines(of: path) == ["an earlier run's rows", "and more"])
        try sink.receive(.runStarted(RunInfo(startTime: Fixtures.start, maxInFlight: 1)))
        try sink.flush()
        #expect(try lines(of: path) == [SummaryCSVSink.header])
    }

    /// A sink that syncs each row writes a regular file, flushed to the disk, and a pipe, which takes its rows
    /// unsynced: `fdatasync` refuses a pipe (`EINVAL`), which failed the flush.
    @Test func withSyncEachRowAFileIsSyncedAndAPipeWritten() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        var ends: [Int32] = [0, 0]
        #expect(pipe(&ends) == 0)
        defer {
            close(ends[0])
            close(ends[1])
        }
        for path in [directory.file("summary.csv"), "/proc/self/fd/\(ends[1])"] {
            var synced = try SummaryCSVSink(path: path, processID: 1, syncsEachRow: true)
            try synced.receive(.taskFinished(Fixtures.success()))
            try synced.flush()
        }
        #expect(try lines(of: directory.file("summary.csv")).count == 2)
        var buffer = [UInt8](repeating: 0, count: 4096)
        let count = read(ends[0], &buffer, buffer.count)
        #expect(String(decoding: buffer.prefix(max(count, 0)), as: UTF8.self).split(separator: "\n").count == 2)
    }

    @Test func prefersTheTaskFileMetadataAndWritesSignalsAsNegativeCodes() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let path = directory.file("summary.csv")
        var sink = try SummaryCSVSink(path: path, processID: 7)
        var result = Fixtures.failure(3, label: "host1", message: "killed")
        result.task.metadata["task_file"] = "template.sh"
        result.task.argv = ["bash", "template.sh", "it's here"]
        result.termination = .signaled(9)
        try sink.receive(.taskFinished(result))
        try sink.flush()

        let row = try #require(csvRecords(String(contentsOfFile: path, encoding: .utf8)).last)
        #expect(row[5] == "template.sh")
        #expect(row[6] == "bash template.sh 'it'\"'\"'s here'")
        #expect(row[7] == "-9")
    }

    /// A task stopped at its time limit has no exit code of its own, as parallelr's sample row shows
    /// (`…;TIMEOUT;…;bash ./tasks/task2.sh;;…`): the row said `-15`, the signal prx stopped it with.
    @Test func aTimedOutTaskHasNoExitCode() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let path = directory.file("summary.csv")
        var sink = try SummaryCSVSink(path: path, processID: 7)
        var result = Fixtures.failure(3, label: "slow", message: "Timeout after 1s")
        result.status = .timeout
        result.termination = .signaled(15)
        try sink.receive(.taskFinished(result))
        try sink.flush()
        let row = try #require(csvRecords(String(contentsOfFile: path, encoding: .utf8)).last)
        #expect(row[2] == "TIMEOUT")
        #expect(row[7] == "")
    }

    @Test(arguments: ["a;b", "say \"hi\"", "line one\nline two", "cr\rhere", "mixed; \"all\"\r\nof it", ";", "\"\""])
    func quotesFieldsSoEveryRowHasTwelveFields(text: String) throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let path = directory.file("summary.csv")
        var sink = try SummaryCSVSink(path: path, processID: 7)
        var result = Fixtures.failure(1, label: text, message: text)
        result.task.argv = ["echo", text]
        try sink.receive(.taskFinished(result))
        try sink.receive(.taskFinished(Fixtures.success(2)))
        try sink.flush()

        let records = csvRecords(try String(contentsOfFile: path, encoding: .utf8))
        #expect(records.count == 3)
        #expect(records.allSatisfy { $0.count == 12 })
        #expect(records[1][5] == text)
        #expect(records[1][11] == text)
        #expect(try ShellWords.split(records[1][6]) == ["echo", text])
    }

    static let python3IsInstalled = (ProcessInfo.processInfo.environment["PATH"] ?? "")
        .split(separator: ":")
        .contains { FileManager.default.isExecutableFile(atPath: "\($0)/python3") }

    @Test(.enabled(if: python3IsInstalled, "python3 is not on PATH, so Python's csv module cannot check the file"))
    func pythonsCSVReaderReadsTwelveFieldsPerRow() async throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let path = directory.file("summary.csv")
        var sink = try SummaryCSVSink(path: path, processID: 7)
        for (index, text) in ["a;b", "say \"hi\"", "two\nlines", "cr\rhere", "plain"].enumerated() {
            try sink.receive(.taskFinished(Fixtures.failure(index, label: text, message: text)))
        }
        try sink.flush()
        let script = """
            import csv, sys
            with open(sys.argv[1], newline='') as f:
                rows = list(csv.reader(f, delimiter=';'))
            print(len(rows), sorted({len(r) for r in rows}), rows[3][11] == 'two\\nlines', rows[4][5] == 'cr\\rhere')
            """
        let python = try await PRXProcess.run(
            ["python3", "-c", script, path], executable: "/usr/bin/env", home: directory.path)
        #expect(python.status == 0)
        #expect(python.stdout == "6 [12] True True\n")
    }

    @Test func reportsAFileItCannotCreate() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let path = directory.file("missing/summary.csv")
        #expect(throws: SinkFileError.self) { try SummaryCSVSink(path: path) }
        do {
            _ = try SummaryCSVSink(path: path)
        } catch {
            #expect(error.description == "cannot open \(path): No such file or directory")
        }
    }
}
