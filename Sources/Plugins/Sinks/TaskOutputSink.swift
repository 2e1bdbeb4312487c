import Foundation
import PRXKernel

/// Writes `parallelr_{PID}_{TIMESTAMP}_output.txt`: for each finished task, a block with its facts and the tail
/// of its output, written the moment the task finishes. parallelr's `--no-task-output-log` leaves this sink out.
///
/// A block reads, exactly as parallelr's README shows it:
/// ```text
/// ================================================================================
/// Task: ./tasks/task1.sh
/// Worker: 1
/// Command: bash ./tasks/task1.sh
/// Status: SUCCESS
/// Exit Code: 0
/// Duration: 2.75s
/// Memory: 45.23MB
/// Start: 2025-09-29 14:30:15.123456
/// End: 2025-09-29 14:30:17.876543
///
/// STDOUT:
/// Processing data...
/// Complete!
///
/// STDERR:
///
/// ================================================================================
/// ```
/// Output that does not end in a newline gets one. When the result carries a message (a timeout, a reason it
/// could not start) a `Message:` line follows `End:`, and a task that was retried gets an `Attempts:` line. A
/// value that does not apply is written `-`: the worker, exit code and start of a task that never started, the
/// memory of a task not measured. `Exit Code` is minus
/// the signal number when a signal ended the task, as parallelr (Python) wrote it. The `Task:`, `Command:` and
/// `Message:` lines are one line each: the control characters of a task's name, command and message are written as
/// escapes (``ControlCharacterEscaping``: `\n`, `\x1b`), as the log writes them, so that a file name holding a line
/// break does not end its line early and start one a reader takes for a key of its own.
///
/// Tasks that never started (cancelled by a halt, skipped after a failed dependency, rejected before running)
/// get a block too, with their status and message and empty output, so that the file accounts for every task
/// of the run, as the summary CSV does.
public struct TaskOutputSink: Sink {
    private static let rule = [UInt8](repeating: UInt8(ascii: "="), count: 80) + [UInt8(ascii: "\n")]

    private let file: WriteThroughFile
    private var clock = LocalTimeConverter()

    /// Creates the output log at `path`, or opens it to empty it as the run starts (a run refused before then leaves
    /// it as it was).
    ///
    /// - Parameter path: usually ``RunLogFiles/taskOutput``.
    /// - Throws: ``SinkFileError`` when the file cannot be created.
    public init(path: String) throws(SinkFileError) {
        file = try WriteThroughFile(path: path, mode: .truncateWhenRunStarts)
    }

    public mutating func receive(_ event: RunEvent) throws {
        try file.addEntry(for: event) { block(for: $0) }
    }

    public func flush() throws {
        try file.flush()
    }

    private mutating func block(for result: TaskResult) -> RowBuffer {
        var block = RowBuffer(capacity: 512 + result.stdoutTail.utf8.count + result.stderrTail.utf8.count)
        let (file, unfilled) = result.task.metadataValues(TaskMetadataKey.taskFile, TaskMetadataKey.unfilledCommand)
        block.append(bytes: Self.rule)
        block.append(literal: "Task: ")
        block.append(ControlCharacterEscaping.escaped(result.taskFile(given: file)))
        block.append(literal: "\nWorker: ")
        if result.workerID > 0 { block.append(integer: result.workerID) } else { block.append(literal: "-") }
        block.append(literal: "\nCommand: ")
        block.append(ControlCharacterEscaping.escaped(result.task.commandLine(unfilled: unfilled)))
        block.append(literal: "\nStatus: ")
        block.append(result.status.rawValue)
        block.append(literal: "\nExit Code: ")
        if let code = result.reportedExitCode { block.append(integer: code) } else { block.append(literal: "-") }
        block.append(literal: "\nDuration: ")
        block.append(result.duration, decimals: 2)
        block.append(literal: "s\nMemory: ")
        if let memory = result.peakMemoryMB {
            block.append(memory, decimals: 2)
            block.append(literal: "MB")
        } else {
            block.append(literal: "-")
        }
        block.append(literal: "\nStart: ")
        if let start = result.startTime { appendTime(start, to: &block) } else { block.append(literal: "-") }
        block.append(literal: "\nEnd: ")
        appendTime(result.endTime, to: &block)
        if let message = result.message {
            block.append(literal: "\nMessage: ")
            block.append(ControlCharacterEscaping.escaped(message))
        }
        if result.retriedNote != nil {
            block.append(literal: "\nAttempts: ")
            block.append(integer: result.attempts)
        }
        block.append(literal: "\n\nSTDOUT:\n")
        Self.appendOutput(result.stdoutTail, to: &block)
        block.append(literal: "\nSTDERR:\n")
        Self.appendOutput(result.stderrTail, to: &block)
        block.append(byte: UInt8(ascii: "\n"))
        block.append(bytes: Self.rule)
        return block
    }

    private mutating func appendTime(_ date: Date, to block: inout RowBuffer) {
        let time = clock.convert(date)
        block.append(time, dateTimeSeparator: UInt8(ascii: " "))
        block.append(fractionOf: time, digits: 6, separator: UInt8(ascii: "."))
    }

    private static func appendOutput(_ output: String, to block: inout RowBuffer) {
        guard !output.isEmpty else { return }
        block.append(output)
        if output.utf8.last != UInt8(ascii: "\n") { block.append(byte: UInt8(ascii: "\n")) }
    }
}
