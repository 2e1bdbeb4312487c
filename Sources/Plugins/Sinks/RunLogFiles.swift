#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Foundation

/// The paths of one run's log files, named as parallelr names them so that tools written for parallelr find
/// them: `parallelr_{PID}_{TIMESTAMP}.log`, `…_summary.csv` and `…_output.txt` in the log directory.
///
/// The timestamp is the run's start in local time, formatted with parallelr's `custom_date_format`
/// (`%d%b%y_%H%M%S` → `29Sep25_215848`); together with prx's PID it keeps runs from overwriting each other.
public struct RunLogFiles: Sendable, Hashable {
    /// Why log file names cannot be made from a date format.
    public struct DateFormatError: Error, Hashable, CustomStringConvertible {
        /// What is wrong with the names the format makes.
        public enum Reason: Hashable, Sendable {
            /// The format gives nothing, or a `/`.
            case noFileNamePart
            /// The longest file name, on the day the format makes the longest timestamp, would have this many
            /// bytes, more than ``RunLogFiles/longestFileName``.
            case tooLong(bytes: Int)
        }

        /// The format as given.
        public var format: String
        /// What is wrong.
        public var reason: Reason

        /// Creates an error for `format`.
        public init(format: String, reason: Reason = .noFileNamePart) {
            self.format = format
            self.reason = reason
        }

        /// What the format must do, as a configuration warning words it after the key's name.
        public var problem: String {
            switch reason {
            case .noFileNamePart:
                "must give a non-empty file name part without \"/\" or a control character (%n, %t)"
            case .tooLong(let bytes):
                "is too long: it makes log file names of up to \(bytes) bytes (parallelr_PID_TIMESTAMP"
                    + "\(RunLogFiles.longestSuffix)), over the \(RunLogFiles.longestFileName) a file name can have"
            }
        }

        public var description: String {
            "custom_date_format \"\(format)\" \(problem)"
        }
    }

    /// The most bytes a file name can have (Linux's `NAME_MAX`).
    public static let longestFileName = 255

    /// The longest end of the names a run makes, after `parallelr_{PID}_{TIMESTAMP}`: the summary's. The output's
    /// `_output.txt` is shorter, and so is a rotated log's `.log.N` for any `backup_count` under ten million.
    public static let longestSuffix = "_summary.csv"

    /// The widest PID Linux gives (`PID_MAX_LIMIT`, 2^22, 7 digits): a date format that makes names short enough
    /// with it does so for every run.
    public static let widestProcessID: Int32 = 4_194_304

    /// parallelr's default `custom_date_format`.
    public static let defaultDateFormat = "%d%b%y_%H%M%S"

    /// The directory that holds the files.
    public var directory: String
    /// prx's process id, as it appears in the names.
    public var processID: Int32
    /// The formatted start time, as it appears in the names.
    public var timestamp: String

    /// Names the files of a run.
    ///
    /// - Parameters:
    ///   - directory: the log directory (`~/parallelr/logs` for parallelr).
    ///   - processID: prx's own PID.
    ///   - startTime: when the run began.
    ///   - dateFormat: a `strftime` format for the timestamp part.
    /// - Throws: ``DateFormatError`` when the format yields nothing, a `/` or a control character, or makes a name
    ///   longer than a file name can be (``longestFileName``) on any day
    ///   (``LocalTimeConverter/longestFormat(strftime:)``), so that a format is refused or taken the same on every day.
    public init(
        directory: String,
        processID: Int32 = ProcessID.own.rawValue,
        startTime: Date = Date(),
        dateFormat: String = RunLogFiles.defaultDateFormat
    ) throws(DateFormatError) {
        let timestamp = LocalTimeConverter.format(startTime, strftime: dateFormat)
        // A control character (`%n`, `%t`) would put a line break or a tab in every file's name, and break the
        // summary report's lines that name them.
        guard !timestamp.isEmpty, !timestamp.contains("/"), ControlCharacterEscaping.escaped(timestamp) == timestamp
        else { throw DateFormatError(format: dateFormat) }
        // Held to the longest timestamp of any day, not today's: a format is taken or refused the same every day.
        let longestTimestamp = max(
            timestamp.utf8.count, LocalTimeConverter.longestFormat(strftime: dateFormat).utf8.count)
        let longest = "parallelr_\(processID)_\(Self.longestSuffix)".utf8.count + longestTimestamp
        guard longest <= Self.longestFileName else {
            throw DateFormatError(format: dateFormat, reason: .tooLong(bytes: longest))
        }
        self.directory = directory
        self.processID = processID
        self.timestamp = timestamp
    }

    /// The stem every file name shares: `parallelr_12345_29Sep25_215848`.
    public var baseName: String { "parallelr_\(processID)_\(timestamp)" }

    /// The main log: `parallelr_{PID}_{TIMESTAMP}.log`.
    public var mainLog: String { path("\(baseName).log") }

    /// The summary CSV: `parallelr_{PID}_{TIMESTAMP}_summary.csv`.
    public var summaryCSV: String { path("\(baseName)_summary.csv") }

    /// The task output log: `parallelr_{PID}_{TIMESTAMP}_output.txt`.
    public var taskOutput: String { path("\(baseName)_output.txt") }

    private func path(_ name: String) -> String {
        PathSlashes.endsWithSlash(directory) ? directory + name : directory + "/" + name
    }
}
