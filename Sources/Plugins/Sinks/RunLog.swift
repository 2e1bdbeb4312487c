#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Foundation
import Synchronization

/// The run's main log, `parallelr_{PID}_{TIMESTAMP}.log`, in parallelr's line format and with its size-based
/// rotation. ``LogSink`` writes the run's events to it; the command writes its own warnings to the same log.
///
/// A line reads
/// `2025-09-29 14:30:15,123 - P12345 - INFO - [ThreadPoolExecutor-0_0] - Worker 1: Starting task ./tasks/task1.sh`:
/// local time with milliseconds, `P` and prx's PID, the level, the thread (`MainThread` for run-level lines,
/// `ThreadPoolExecutor-0_N-1` for the lines of worker N's task, as Python's thread pool names its threads) and the
/// message, exactly as parallelr's Python logging format writes it; another ``LogLineFormat`` (parallelr's
/// `logging.file_format`) lays the same out otherwise.
///
/// A line is written at once (one `write(2)`, no fsync), so a killed prx loses no line it logged, unless it is
/// ``log(_:_:worker:deferred:)``ged as deferred: ``LogSink`` defers its lines to the end of the scheduler's turn,
/// when it calls ``flush()`` and the turn's lines take one `write`. A line written at once first writes the
/// deferred ones, so lines stay in the order of the calls.
///
/// Every line the log holds is one line: the control characters of a message are written as escapes
/// (``ControlCharacterEscaping``: `\n`, `\x1b`) here, whoever logs it (the run's events, prx's warnings, the
/// configuration files named at the run's start), so that a line break in a file's name cannot start a line of its
/// own, nor an escape sequence act on the terminal of a person reading the log. A text of several lines (the
/// daemon's summary report) is logged with ``log(_:lines:worker:deferred:)``: each line escaped on its own, and the
/// lines kept apart, under the first line's prefix, as Python's logging writes a message of several lines.
///
/// Rotation works like Python's `RotatingFileHandler`: when a line would take the file past `maxBytes`, the
/// file becomes `.log.1` (`.log.1` becomes `.log.2`, and so on up to `backupCount`; the oldest is replaced)
/// and a new file is started. A `maxBytes` or `backupCount` of 0 never rotates, and neither does a log that is not
/// a regular file (a FIFO, a device such as `/dev/null`, a socket, or a symbolic link to one), as Python's handler
/// does not: its size is no file's size, and renaming it would move the FIFO or the device itself away and leave a
/// regular file in its place. Whether the log is a regular file is what `fstat` says of the file opened, when the
/// log is opened and again when a rotation opens its fresh file.
///
/// Rotation renames and replaces only regular files and symbolic links (a link as itself, what it points to
/// untouched): a directory, a FIFO, a socket or a device at a name it would rename (`run.log.2`, to make it
/// `run.log.3`) or replace (the oldest, `run.log.5`) stops it before it renames anything, where Python's handler
/// would move a directory at `run.log.2` to `run.log.3` and fail at the next rotation. A rotation that fails (so, or
/// as a rename or the fresh file's open fails) is not tried again in the run: the log goes on growing past
/// `maxBytes` (in the file written to, `run.log.1` if the fresh file could not be opened), no line is lost, and
/// the failure, naming the path, is a warning, given once (`warn`), not an error: no result is lost.
/// When the lines waiting for the file being rotated out cannot be written (a full disk), the log is not rotated
/// yet: the line is kept as after any failed write, and the rotation is tried again with the next line.
///
/// Thread-safe: lines from any thread are written whole and in the order their calls take the lock.
public final class RunLog: Sendable {
    /// parallelr's `max_log_size_mb` default, in bytes.
    public static let defaultMaxBytes = 10 * 1024 * 1024
    /// parallelr's `backup_count` default.
    public static let defaultBackupCount = 5

    /// The log's path; rotated files are this path plus `.1`, `.2`, ….
    public let path: String
    /// Lines below this level are dropped.
    public let minimumLevel: LogLevel
    /// The size past which the file rotates.
    public let maxBytes: Int
    /// How many rotated files are kept.
    public let backupCount: Int
    /// How a line is laid out.
    public let format: LogLineFormat

    private struct State {
        var file: WriteThroughFile
        var clock = LocalTimeConverter()
        /// Whether a rotation failed, after which the log is not rotated again.
        var rotationFailed = false
    }

    private let processID: Int32
    /// The logger's name in every line, `P12345`.
    private let name: String
    private let state: Mutex<State>
    /// Receives the warning of a failed rotation, outside the lock (it may log it here).
    private let warn: @Sendable (String) -> Void

    /// Opens (creating or appending to) the log at `path`.
    ///
    /// - Parameters:
    ///   - path: usually ``RunLogFiles/mainLog``.
    ///   - processID: prx's PID, written in every line.
    ///   - minimumLevel: the lowest level written; `.debug` for `-d`.
    ///   - maxBytes: rotate when the file would grow past this many bytes (`max_log_size_mb` × 1 MiB).
    ///   - backupCount: how many rotated files to keep (`backup_count`).
    ///   - format: how a line is laid out (`file_format`).
    ///   - warn: receives, once, the failure of a rotation (``PluginContext/warn``).
    /// - Throws: ``SinkFileError`` when the file cannot be opened.
    public init(
        path: String,
        processID: Int32 = ProcessID.own.rawValue,
        minimumLevel: LogLevel = .info,
        maxBytes: Int = RunLog.defaultMaxBytes,
        backupCount: Int = RunLog.defaultBackupCount,
        format: LogLineFormat = LogLineFormat(),
        warn: @escaping @Sendable (String) -> Void = { _ in }
    ) throws(SinkFileError) {
        self.path = path
        self.minimumLevel = minimumLevel
        self.maxBytes = maxBytes
        self.backupCount = backupCount
        self.format = format
        self.processID = processID
        self.name = "P\(processID)"
        self.warn = warn
        let file = try WriteThroughFile(path: path, mode: .append)
        file.cutLosesRows = false
        self.state = Mutex(State(file: file))
    }

    /// Whether the log rotates: a regular file (``WriteThroughFile/isRegularFile``, as the file opened last is), with
    /// a ``maxBytes`` and a ``backupCount`` above 0; what the summary report's `(rotating)` says.
    public var rotates: Bool {
        LogRotation(maxBytes: maxBytes, backupCount: backupCount).rotates && state.withLock { $0.file.isRegularFile }
    }

    /// Whether a line at `level` would be written.
    public func isEnabled(_ level: LogLevel) -> Bool {
        level >= minimumLevel
    }

    /// Writes one line, its control characters as escapes, unless `level` is below ``minimumLevel`` (then `message`
    /// is not even built).
    ///
    /// - Parameters:
    ///   - level: the line's level.
    ///   - message: the text after the last ` - `.
    ///   - worker: the worker slot the line is about, shown as thread `ThreadPoolExecutor-0_N-1`; 0 (the default)
    ///     shows `MainThread`.
    ///   - deferred: whether the line may wait for the next ``flush()`` (or the next line written at once).
    /// - Throws: ``SinkFileError`` when the line, or the lines waiting before it, cannot be written. A rotation that
    ///   fails is warned of instead, and the line is written all the same, to the file as it was.
    public func log(
        _ level: LogLevel, _ message: @autoclosure () -> String, worker: Int = 0, deferred: Bool = false
    ) throws(SinkFileError) {
        guard isEnabled(level) else { return }
        try write(level, ControlCharacterEscaping.escaped(message()), worker: worker, deferred: deferred)
    }

    /// Writes one line whose message is `head` followed by `text`, as ``log(_:_:worker:deferred:)`` writes
    /// `head + text`, without that string being made: ``LogSink`` logs two such lines per task (`Task completed: `
    /// and the task's label). `head` is the caller's own words, holding no control character, and is written as it
    /// is; `text`'s control characters are written as escapes.
    ///
    /// - Parameters: as ``log(_:_:worker:deferred:)``'s, `head` and `text` for its `message`.
    /// - Throws: ``SinkFileError`` as ``log(_:_:worker:deferred:)`` does.
    public func log(
        _ level: LogLevel, _ head: String, then text: String, worker: Int = 0, deferred: Bool = false
    ) throws(SinkFileError) {
        guard isEnabled(level) else { return }
        try write(level, head: head, ControlCharacterEscaping.escaped(text), worker: worker, deferred: deferred)
    }

    /// Writes a message of several `lines`, each with its control characters as escapes, on lines of their own
    /// under the first one's prefix, as Python's logging writes a message with line breaks; nothing when `level` is
    /// below ``minimumLevel``. The lines are one entry of the log: they are written together.
    ///
    /// - Parameters: as ``log(_:_:worker:deferred:)``'s, `lines` (without their line ends) for its `message`.
    /// - Throws: ``SinkFileError`` as ``log(_:_:worker:deferred:)`` does.
    public func log(
        _ level: LogLevel, lines: [String], worker: Int = 0, deferred: Bool = false
    ) throws(SinkFileError) {
        guard isEnabled(level) else { return }
        let text = lines.map(ControlCharacterEscaping.escaped).joined(separator: "\n")
        try write(level, text, worker: worker, deferred: deferred)
    }

    /// Writes `head` (none by default) and `text`, whose control characters are escapes already but for the line
    /// breaks that separate its lines, as one entry, rotating the log first when it would grow past ``maxBytes``.
    private func write(
        _ level: LogLevel, head: String = "", _ text: String, worker: Int, deferred: Bool
    ) throws(SinkFileError) {
        let now = Date()
        var rotationFailure: SinkFileError?
        defer {
            if let rotationFailure { warn(rotationFailure.description) }
        }
        try state.withLock { (state: inout State) throws(SinkFileError) in
            // The default format's fields before the message take 68 bytes or more (`2026-12-07 05:10:22,702 - P1144 -
            // INFO - [ThreadPoolExecutor-0_0] - `), which a row of 64 outgrew at every line.
            var line = RowBuffer(capacity: 128 + head.utf8.count + text.utf8.count)
            format.render(
                LogLineFormat.Line(
                    time: state.clock.convert(now), created: now.timeIntervalSince1970, level: level, name: name,
                    processID: processID, worker: worker, messageHead: head, message: text),
                into: &line)
            line.append(byte: UInt8(ascii: "\n"))
            var failedWrite: SinkFileError?
            if shouldRotate(state, adding: line.count) {
                do throws(SinkFileError) {
                    // The deferred lines belong to the file being rotated out; when they cannot be written, the log
                    // is not rotated yet, and the line is kept as after any failed write.
                    try state.file.flush()
                    do throws(SinkFileError) {
                        state.file = try rotate()
                    } catch {
                        state.rotationFailed = true
                        rotationFailure = error
                    }
                } catch {
                    failedWrite = error
                }
            }
            try state.file.add(line)
            if !deferred {
                try state.file.flush()
            }
            if let failedWrite { throw failedWrite }
        }
    }

    /// Writes the deferred lines.
    ///
    /// - Throws: ``SinkFileError`` when they cannot be written.
    public func flush() throws(SinkFileError) {
        try state.withLock { (state: inout State) throws(SinkFileError) in try state.file.flush() }
    }

    /// Throws when the file the log writes to now was deleted during the run
    /// (``WriteThroughFile/checkStillNamed()``): its lines are lost with it.
    public func checkStillNamed() throws(SinkFileError) {
        try state.withLock { (state: inout State) throws(SinkFileError) in try state.file.checkStillNamed() }
    }

    /// Whether adding `count` bytes to the log as `state` has it rotates it first: a regular file, not empty, that
    /// they would take past ``maxBytes``, and no rotation failed before.
    private func shouldRotate(_ state: State, adding count: Int) -> Bool {
        LogRotation(maxBytes: maxBytes, backupCount: backupCount).rotates && !state.rotationFailed
            && state.file.isRegularFile && state.file.size > 0 && state.file.size + count > maxBytes
    }

    /// Shifts the backups up by one, moves the log to `.1`, and opens a fresh log. The current file stays open
    /// (and, renamed, the one written to) until its replacement is open. Renames nothing when a name it would
    /// rename or replace holds what is neither a regular file nor a symbolic link.
    ///
    /// - Throws: ``SinkFileError`` naming the path in the way, or the rename or the open that failed.
    ///
    /// The corresponding C function is `rename`.
    private func rotate() throws(SinkFileError) -> WriteThroughFile {
        let consequence = "\(path) is not rotated again in this run"
        let renames = LogRotation(maxBytes: maxBytes, backupCount: backupCount).renames(of: path)
        if let (name, file) = Self.firstFileNotToRename(in: renames) {
            throw SinkFileError(
                operation: "rotate", path: path,
                detail: "\(name) is \(file.typeName), which rotation neither renames nor replaces; \(consequence)")
        }
        for (source, destination) in renames {
            if rename(source, destination) != 0 && errno != ENOENT {
                var error = SinkFileError(operation: "rename \(source) to", path: destination, errorNumber: errno)
                error.detail = consequence
                throw error
            }
        }
        do throws(SinkFileError) {
            let file = try WriteThroughFile(path: path, mode: .truncate)
            file.cutLosesRows = false
            return file
        } catch {
            var error = error
            let whereItGoesOn = "the log goes on in \(LogRotation.backupPath(of: path, number: 1)); " + consequence
            error.detail = error.detail.map { "\($0); \(whereItGoesOn)" } ?? whereItGoesOn
            throw error
        }
    }

    /// The first name among `renames` whose file (not followed, if a symbolic link) a rotation must not move or
    /// replace, as it is neither a regular file nor a symbolic link: a rename's source, or its destination when the
    /// source is there to replace it. `nil` when every rename may go ahead.
    ///
    /// The corresponding C function is `lstat`.
    private static func firstFileNotToRename(
        in renames: [(source: String, destination: String)]
    ) -> (name: String, file: FileIdentity)? {
        for (source, destination) in renames {
            guard let moved = FileIdentity(ofNameAt: source) else { continue }
            for (name, file) in [(source, moved), (destination, FileIdentity(ofNameAt: destination))] {
                if let file, !file.isRegularFile && !file.isSymbolicLink { return (name, file) }
            }
        }
        return nil
    }
}
