import Foundation
import PRXKernel

/// A sink, as a plugin might write one, that keeps the row of each finished task (`row ID` and a line feed) until it
/// is flushed, then adds them to its file with one `write`: the rows of the events told since the last flush are in
/// no file until then. Copies share the rows kept, as ``Sink/flush()`` is not `mutating`.
public struct RowKeepingSink: Sink {
    /// The rows told and not yet written, shared by every copy of the sink.
    private final class Rows {
        var kept = ""
    }

    /// The file the rows are added to.
    public let path: String
    private let rows = Rows()

    /// Creates a sink adding its rows to the file at `path` (made when first written).
    public init(path: String) {
        self.path = path
    }

    public mutating func receive(_ event: RunEvent) throws {
        guard case .taskFinished(let result) = event else { return }
        rows.kept += "row \(result.task.id)\n"
    }

    /// Adds the rows kept to the file; throws, and drops them, when they cannot be written.
    public func flush() throws {
        guard !rows.kept.isEmpty else { return }
        defer { rows.kept = "" }
        let descriptor = open(path, O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0o644)
        guard descriptor >= 0 else { throw CocoaError(.fileWriteUnknown) }
        defer { close(descriptor) }
        let bytes = Array(rows.kept.utf8)
        guard write(descriptor, bytes, bytes.count) == bytes.count else { throw CocoaError(.fileWriteOutOfSpace) }
    }
}
