#if os(Linux)
import Foundation
import Glibc
import PRXKernel

/// The file a running task writes its feedback to: `[key]value` lines, one fact each, the last value of a key
/// winning (taskwatcher's feedback file).
///
/// prx creates it empty before each attempt of a task, names it in the task's ``environmentVariable``, counts
/// each change it sees to it as the task's heartbeat, and parses it once the task has ended. The syntax, line by
/// line:
/// - `[key]value` sets `key` to `value`: everything after the `]` up to the line end, spaces included.
/// - `[key]` alone clears `key`; a task that only wants to show it is alive may write it (`[heartbeat]`).
/// - `[]` clears every key seen so far (anything after it on the line is ignored).
/// - A key contains no whitespace and does not start with a digit; a line with any other key is ignored.
/// - Blank lines, `#` comments and every line that does not start with `[…]` are ignored.
/// Lines end with `\n` or `\r\n`; a last line without one counts, so a line read while the task is still
/// writing it may be cut short.
public struct FeedbackFile: Sendable, Hashable {
    /// Why a feedback file could not be created, read or looked at.
    public struct Failure: Error, Hashable, CustomStringConvertible {
        /// What prx was doing: "create", "read", "look at".
        public var operation: String
        /// The file.
        public var path: String
        /// What the system said ("No such file or directory").
        public var reason: String
        /// The system's error, when it gave one.
        package var error: Errno?

        public var description: String { "cannot \(operation) feedback file \(path): \(reason)" }

        /// Whether the file was not there to read: gone (a task may remove its file and write a new one), or
        /// something other than a regular file in its place; what a task's end records of it is no feedback.
        package var fileIsNotThere: Bool { error == .noSuchFile || reason == Self.notARegularFile }

        /// The reason of a failure to read something other than a regular file.
        static let notARegularFile = "not a regular file"
    }

    /// The environment variable that gives a task its feedback file's absolute path.
    public static let environmentVariable = "PRX_FEEDBACK_FILE"

    /// The file's path.
    public var path: String

    /// Names the file at `path`.
    public init(path: String) {
        self.path = path
    }

    /// Names the feedback file of task `taskID` in a run's feedback directory: `<directory>/<taskID>.feedback`.
    public init(directory: String, taskID: TaskID) {
        path = (PathSlashes.endsWithSlash(directory) ? directory : directory + "/") + "\(taskID).feedback"
    }

    /// The key/value pairs that `text`, a feedback file's contents, leaves standing at its end.
    public static func parse(_ text: String) -> [String: String] {
        var values: [String: String] = [:]
        // Only the line ends the syntax names: a form feed or U+2028 is part of a value.
        for line in text.split(whereSeparator: { $0 == "\n" || $0 == "\r\n" }) {
            guard line.first == "[", let close = line.firstIndex(of: "]") else { continue }
            let key = line[line.index(after: line.startIndex)..<close]
            let value = line[line.index(after: close)...]
            if key.isEmpty {
                values.removeAll()
            } else if isKey(key) {
                values[String(key)] = value.isEmpty ? nil : String(value)
            }
        }
        return values
    }

    /// The most of a file's end that ``read()`` reads: the last value of a key is what counts, and a task that
    /// writes without end must not make prx hold it all.
    public static let readLimit = 1 << 20

    /// Reads and parses the file: its last ``readLimit`` bytes, from the first line that starts in them.
    ///
    /// The task owns the file and may have put anything in its place: what is not a regular file (a FIFO that
    /// would block the open, a device that never ends) is an error, not a wait.
    ///
    /// The corresponding C functions are `open` (non-blocking), `fstat`, `lseek` and `read`.
    public func read() throws(Failure) -> [String: String] {
        let fd: FileDescriptor
        do {
            fd = try FileDescriptor.openForReading(path)
        } catch {
            throw failure("read", error)
        }
        defer { fd.close() }
        var status = stat()
        guard fstat(fd.rawValue, &status) == 0 else { throw failure("read", .current) }
        guard status.st_mode & S_IFMT == S_IFREG else {
            throw Failure(operation: "read", path: path, reason: Failure.notARegularFile)
        }
        let skipped = max(Int(status.st_size) - Self.readLimit, 0)
        // One byte more than the limit, from the byte before the part read: a line end there means that the
        // part's first line starts in it.
        let limit = skipped > 0 ? Self.readLimit + 1 : Self.readLimit
        if skipped > 0 && lseek(fd.rawValue, off_t(skipped - 1), SEEK_SET) < 0 {
            throw failure("read", .current)
        }
        var bytes: [UInt8] = []
        let buffer = UnsafeMutableRawBufferPointer.allocate(byteCount: 64 * 1024, alignment: 1)
        defer { buffer.deallocate() }
        while true {
            let count: Int
            do {
                count = try fd.read(into: buffer)
            } catch {
                throw failure("read", error)
            }
            if count == 0 || bytes.count >= limit { break }
            bytes += buffer[..<min(count, limit - bytes.count)]
        }
        if skipped > 0 {
            // The first line may have started before the part read.
            bytes = Array(bytes.drop { $0 != UInt8(ascii: "\n") }.dropFirst())
        }
        return Self.parse(String(decoding: bytes, as: UTF8.self))
    }

    /// When the file's contents last changed, on the clock of the file system that holds it (a file server's
    /// clock may differ from prx's): what `prx status` takes the task's last heartbeat to be.
    ///
    /// - Throws: ``Failure`` when the file cannot be looked at, or is no regular file (``Failure/fileIsNotThere``):
    ///   the times of a FIFO or of a device a symbolic link leads to (`/dev/zero`) are no feedback's, as ``read()``
    ///   reads none from them.
    ///
    /// The corresponding C function is `stat`.
    public func lastModified() throws(Failure) -> Date {
        let look = try look()
        guard look.isRegularFile else {
            throw Failure(operation: "look at", path: path, reason: Failure.notARegularFile)
        }
        let modified = look.modified
        return Date(timeIntervalSince1970: Double(modified[0]) + Double(modified[1]) / 1_000_000_000)
    }

    /// Creates the file empty, in place of whatever an earlier attempt left at its path, creating its directory
    /// when it is missing, and returns what a look at it sees.
    ///
    /// The corresponding C functions are `unlink`, then `open` with `O_CREAT | O_EXCL`: a FIFO left in its place
    /// would make a plain `open` for writing wait for a reader.
    func create() throws(Failure) -> Look {
        _ = unlink(path)
        let flags = O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC
        let fd: Int32
        do {
            fd = try retryingInterrupts { Glibc.open(path, flags, 0o644) }
        } catch Errno.noSuchFile {
            // The system's words for what is in the way ("Permission denied"), not Foundation's.
            do throws(DirectoryCreation.Failure) {
                try DirectoryCreation.create((path as NSString).deletingLastPathComponent)
            } catch {
                throw failure("create", Errno(error.errorNumber))
            }
            do {
                fd = try retryingInterrupts { Glibc.open(path, flags, 0o644) }
            } catch {
                throw failure("create", error)
            }
        } catch {
            throw failure("create", error)
        }
        FileDescriptor(rawValue: fd).close()
        return try look()
    }

    private func failure(_ operation: String, _ error: Errno) -> Failure {
        Failure(operation: operation, path: path, reason: error.description, error: error)
    }

    private static func isKey(_ key: Substring) -> Bool {
        guard let first = key.first, !("0"..."9").contains(first) else { return false }
        return !key.contains(where: \.isWhitespace)
    }
}
#endif
