#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A file operation of a sink or of the run log that failed: what was attempted, on which path, and the
/// system's reason.
///
/// Its description is one line a person can act on, e.g.
/// `cannot create log directory /home/me/parallelr/logs: Permission denied`.
public struct SinkFileError: Error, Hashable, CustomStringConvertible {
    /// What was attempted, as a verb phrase: `open`, `write to`, `rename`, `create log directory`.
    public var operation: String
    /// The path it was attempted on.
    public var path: String
    /// The system's error number.
    public var errorNumber: Int32

    /// Creates an error.
    public init(operation: String, path: String, errorNumber: Int32) {
        self.operation = operation
        self.path = path
        self.errorNumber = errorNumber
    }

    /// What the error means here, when the system's text does not say (`a FIFO no process reads`).
    public var detail: String?

    /// The system's text for ``errorNumber`` ("No such file or directory"), then the ``detail`` in parentheses.
    public var reason: String {
        let text = String(cString: strerror(errorNumber))
        return detail.map { "\(text) (\($0))" } ?? text
    }

    public var description: String {
        "cannot \(operation) \(path): \(reason)"
    }
}
