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
    /// The system's error number; `nil` when no system call failed and the ``detail`` alone says what is wrong.
    public var errorNumber: Int32?

    /// Creates an error a system call's failure explains.
    public init(operation: String, path: String, errorNumber: Int32) {
        self.operation = operation
        self.path = path
        self.errorNumber = errorNumber
    }

    /// Creates an error no system call's failure explains, `detail` saying what is wrong (`run.log.3 is a
    /// directory`).
    public init(operation: String, path: String, detail: String) {
        self.operation = operation
        self.path = path
        self.detail = detail
    }

    /// What the error means here, when the system's text does not say (`a FIFO no process reads`).
    public var detail: String?

    /// The system's text for ``errorNumber`` ("No such file or directory"), then the ``detail`` in parentheses;
    /// the detail alone when there is no error number.
    public var reason: String {
        guard let errorNumber else { return detail ?? "" }
        let text = String(cString: strerror(errorNumber))
        return detail.map { "\(text) (\($0))" } ?? text
    }

    public var description: String {
        "cannot \(operation) \(path): \(reason)"
    }

    /// The refusal of the regular file at `path` that another prx run holds locked (`flock`) while it writes it: two
    /// runs given one file each wrote over the other's rows, and a resumption that cut it back cut the other's off.
    static func writtenByAnotherRun(_ path: String) -> SinkFileError {
        SinkFileError(
            operation: "open", path: path, detail: "another prx run writes to it: give each run a file of its own")
    }
}
