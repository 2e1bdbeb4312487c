import Foundation
import PRXKernel

#if canImport(Glibc)
import Glibc
#endif

/// A sink that watches output (``Sink/watchesOutput``) and takes it slowly, as a sink printing to a slow terminal
/// does: it appends each piece to a file of its task's, `output-<id>` in a directory, then sleeps for as long as the
/// piece takes at its pace.
///
/// It keeps no output in memory, so that a test can run a task writing hundreds of megabytes through it and measure
/// what prx holds; its ``log`` has every event and, in their places, the pieces of output without their bytes, those
/// of one task in a row as one.
public struct SlowOutputSink: Sink {
    /// The events, and the pieces of output emptied of their bytes, in the order the sink was given them; pieces of
    /// one task given in a row are one entry, so that the log does not grow with the output.
    public let log: OutputLog
    private let directory: String
    private let microsecondsPerMiB: Double
    /// The task whose piece of output the log's last entry is, if it is one.
    private var lastEntryOutputOf: TaskID?

    /// Creates a sink writing into `directory` and taking `secondsPerMiB` seconds per mebibyte of output.
    public init(directory: String, secondsPerMiB: Double, log: OutputLog = OutputLog()) {
        self.directory = directory
        self.microsecondsPerMiB = secondsPerMiB * 1e6
        self.log = log
    }

    /// The file holding task `id`'s output, both streams.
    public func file(of id: TaskID) -> String {
        "\(directory)/output-\(id)"
    }

    public var watchesOutput: Bool { true }

    public mutating func receive(_ event: RunEvent) throws {
        log.append(.event(event))
        lastEntryOutputOf = nil
    }

    public mutating func receiveOutput(_ chunk: OutputChunk) throws {
        if lastEntryOutputOf != chunk.taskID {
            log.append(.output(OutputChunk(taskID: chunk.taskID, stream: chunk.stream, bytes: [])))
            lastEntryOutputOf = chunk.taskID
        }
        let descriptor = open(file(of: chunk.taskID), O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0o644)
        guard descriptor >= 0 else { throw POSIXError(POSIXErrorCode(rawValue: errno) ?? .EIO) }
        defer { close(descriptor) }
        let written = chunk.bytes.withUnsafeBytes { write(descriptor, $0.baseAddress, $0.count) }
        guard written == chunk.bytes.count else { throw POSIXError(.EIO) }
        usleep(UInt32(Double(chunk.bytes.count) / Double(1 << 20) * microsecondsPerMiB))
    }
}
