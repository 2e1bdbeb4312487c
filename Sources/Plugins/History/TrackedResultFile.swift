#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import PRXKernel

/// A result file that a resumption adds to, as the run's journal follows it (``ResultFileSizes``): its path and how
/// its size is known at each turn. The built-in CSV summary and JSON Lines sinks count the bytes they write, so that
/// the journal asks the kernel nothing per turn; a plugin sink's file, which prx does not write, is looked at (`stat`)
/// once the sink has flushed its turn.
public struct TrackedResultFile {
    /// How the file's size is known.
    private enum Count {
        /// The bytes a built-in sink counted as it wrote them (``WriteThroughFile/writtenSize``).
        case counted(WriteThroughFile)
        /// The file at the path, looked at, which the plugin sink `writer` writes.
        case lookedUp(writer: OutOfTurnFlushedSink)
    }

    /// The file's path, from `/`.
    let path: String
    /// The sink writing the file, for the scheduler to tell the run's events in place of the one given: a built-in
    /// sink as it was given, a plugin's shared with the journal, which flushes it out of turn (``flushRowsKept()``)
    /// and leaves a failure of that flush for its next flush to throw, as its own.
    public let writer: any Sink
    private let count: Count

    /// The file at `path` (from `/`) that `sink` writes: a built-in sink as the registry made it (not wrapped), a
    /// plugin's as the scheduler would be given it (its errors named as the plugin's), which the scheduler is then
    /// given as ``writer``.
    public init(path: String, writtenBy sink: any Sink) {
        self.path = path
        switch sink {
        case let csv as SummaryCSVSink:
            count = .counted(csv.file)
            writer = sink
        case let json as JSONSink:
            count = .counted(json.file)
            writer = sink
        default:
            let shared = OutOfTurnFlushedSink(sink)
            count = .lookedUp(writer: shared)
            writer = shared
        }
    }

    /// Flushes the rows the file's sink keeps, for the journal's sake, which is about to write the ends of their tasks
    /// before the turn is over (``ResultFileSizes/lineAfterFlushingFiles()``): a failure is thrown by the sink's next
    /// flush, its own.
    func flushRowsKept() {
        switch count {
        case .counted(let file): file.flushForAnotherFile()
        case .lookedUp(let writer): writer.flushOutOfTurn()
        }
    }

    /// Which file it is and how many bytes it holds now, once its sink has written its turn: `nil` for a file that is
    /// not a regular file (a FIFO, `/dev/null`, `/dev/stdout`), whose bytes cannot be cut back, or that is not there.
    ///
    /// The corresponding C function is `stat`, for a plugin sink's file; none for a built-in sink's.
    var identityAndSize: (identity: FileIdentity, size: Int)? {
        switch count {
        case .counted(let file):
            guard file.isRegularFile, let identity = file.identity else { return nil }
            return (identity, file.writtenSize)
        case .lookedUp:
            guard let status = try? FileStatus(ofFileAt: path), status.type == S_IFREG else { return nil }
            return (status.identity, status.size)
        }
    }
}
