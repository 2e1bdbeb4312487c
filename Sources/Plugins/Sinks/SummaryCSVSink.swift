#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import PRXKernel

/// Writes `parallelr_{PID}_{TIMESTAMP}_summary.csv`: one semicolon-delimited row per finished task, in
/// parallelr's columns, each row written the moment its task finishes.
///
/// The header is
/// `start_time;end_time;status;process_id;worker_id;task_file;command;exit_code;duration_seconds;memory_mb;cpu_percent;error_message`
/// and is written when the sink is created, or as the run starts into a file that held an earlier run's rows. In each
/// row:
/// - `start_time`, `end_time`: local time as `2025-09-29T14:30:15`; `start_time` is empty for a task that never
///   started;
/// - `process_id`: prx's PID; `worker_id`: the worker slot, empty for a task that never started;
/// - `task_file`: the `task_file` metadata, else the task's label; `command`: the argv as a shell would
///   quote it (``PRXKernel/TaskSpec/commandLine``; a task whose placeholders could not all be filled shows those as
///   written);
/// - `exit_code`: the exit code, minus the signal number when a signal ended the task (Python's convention,
///   which parallelr wrote), empty when it never ran or timed out (as in parallelr's sample `TIMEOUT` row);
/// - `duration_seconds` with 2 decimals; `memory_mb` with 2 and `cpu_percent` with 1, empty when not measured;
/// - `error_message`: the result's message, empty when none; a retried task's row adds `after N attempts`
///   (`exit status 3; after 3 attempts`), the attempts having no column of their own in parallelr's format.
///
/// A field holding `;`, `"`, a carriage return or a line feed is quoted, with `"` doubled, so that Python's
/// `csv.reader(f, delimiter=';')` reads every row back with exactly 12 fields.
public struct SummaryCSVSink: Sink {
    /// The CSV's first line.
    public static let header = "start_time;end_time;status;process_id;worker_id;task_file;command;exit_code;"
        + "duration_seconds;memory_mb;cpu_percent;error_message"

    /// The CSV file, whose bytes the journal counts (``TrackedResultFile``).
    let file: WriteThroughFile
    private let processID: Int32
    private var clock = LocalTimeConverter()

    /// Creates the CSV at `path` and writes its header, or opens the file there to empty it and write the header as
    /// the run starts (a run refused before then leaves it as it was); with `appending`, adds rows to it instead (a
    /// resumed run), writing the header only into an empty file.
    ///
    /// - Parameters:
    ///   - path: usually ``RunLogFiles/summaryCSV``.
    ///   - processID: prx's PID, written in every row.
    ///   - appending: whether to keep what the file holds.
    ///   - syncsEachRow: whether each turn's rows are also flushed to the disk (`fdatasync`) before the scheduler
    ///     waits again, so that a machine crash loses no finished row.
    /// - Throws: ``SinkFileError`` when the file cannot be created or written.
    public init(
        path: String, processID: Int32 = ProcessID.own.rawValue, appending: Bool = false, syncsEachRow: Bool = false
    ) throws(SinkFileError) {
        file = try WriteThroughFile(path: path, mode: appending ? .appendForResumption : .truncateWhenRunStarts)
        self.processID = processID
        if file.keepsEarlierContent {
            // Written with the run's first rows, once the file is emptied.
            try file.add(Array((Self.header + "\n").utf8))
        } else if file.size == 0 {
            // At once, so that a file that cannot be written (`/dev/full`) refuses the run before it starts.
            try file.append(Self.header + "\n")
        }
        file.syncsEachFlush = syncsEachRow
    }

    public mutating func receive(_ event: RunEvent) throws {
        try file.addEntry(for: event) { row(for: $0) }
    }

    public func flush() throws {
        try file.flush()
    }

    private mutating func row(for result: TaskResult) -> RowBuffer {
        let separator = UInt8(ascii: ";")
        var row = RowBuffer()
        if let start = result.startTime {
            row.append(clock.convert(start), dateTimeSeparator: UInt8(ascii: "T"))
        }
        row.append(byte: separator)
        row.append(clock.convert(result.endTime), dateTimeSeparator: UInt8(ascii: "T"))
        row.append(byte: separator)
        row.append(result.status.rawValue)
        row.append(byte: separator)
        row.append(integer: processID)
        row.append(byte: separator)
        if result.workerID > 0 { row.append(integer: result.workerID) }
        row.append(byte: separator)
        let (file, unfilled) = result.task.metadataValues(TaskMetadataKey.taskFile, TaskMetadataKey.unfilledCommand)
        row.appendCSVField(result.taskFile(given: file))
        row.append(byte: separator)
        row.appendCSVField(result.task.commandLine(unfilled: unfilled))
        row.append(byte: separator)
        if let code = result.reportedExitCode { row.append(integer: code) }
        row.append(byte: separator)
        row.append(result.duration, decimals: 2)
        row.append(byte: separator)
        if let memory = result.peakMemoryMB { row.append(memory, decimals: 2) }
        row.append(byte: separator)
        if let cpu = result.cpuPercent { row.append(cpu, decimals: 1) }
        row.append(byte: separator)
        row.appendCSVField(result.errorMessageWithAttempts)
        row.append(byte: UInt8(ascii: "\n"))
        return row
    }
}

extension RowBuffer {
    /// Appends a text field, quoted (with `"` doubled) when it holds `;`, `"`, CR, LF or NUL; a NUL is written as
    /// U+FFFD, since Python's csv module (before 3.11) refuses a file holding one.
    mutating func appendCSVField(_ text: String) {
        func mustQuote(_ byte: UInt8) -> Bool {
            byte == UInt8(ascii: ";") || byte == UInt8(ascii: "\"") || byte == UInt8(ascii: "\n")
                || byte == UInt8(ascii: "\r") || byte == 0
        }
        guard text.containsUTF8Byte(where: mustQuote) else {
            append(text)
            return
        }
        append(byte: UInt8(ascii: "\""))
        for byte in text.utf8 {
            if byte == 0 {
                append(Self.nulReplacement)
                continue
            }
            if byte == UInt8(ascii: "\"") { append(byte: byte) }
            append(byte: byte)
        }
        append(byte: UInt8(ascii: "\""))
    }
}
