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

    /// The system's text for ``errorNumber`` ("No such file or directory").
    public var reason: String {
        String(cString: strerror(errorNumber))
    }

    public var description: String {
        "cannot \(operation) \(path): \(reason)"
    }
}
