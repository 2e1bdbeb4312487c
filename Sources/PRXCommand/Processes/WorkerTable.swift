import Foundation
import PRXPlugins

/// The `--list-workers` listing, laid out as parallelr lays it out, with a Progress column added:
///
/// ```text
/// Found 1 running prx process(es):
///
/// PID      Status     Start Time           Log File                                    Summary File                                Progress
/// ---------------------------------------------------------------------------------------------------------------------------------------
/// 12345    running    2025-09-29 14:30:15  parallelr_12345_29Sep25_143015.log          parallelr_12345_29Sep25_143015_summary.csv  12/40
/// ```
///
/// Files are shown by name; they are in the run's log directory. A name's control characters, and the status's, are
/// written as escapes (``ControlCharacterEscaping``), as the summary report, `prx status` and `prx history` write them:
/// a line break in a `log.path` split a run's row in two, and an escape sequence acted on the terminal. Without runs it
/// is one line, `No running prx processes found.`
enum WorkerTable {
    /// The listing of `entries`, each line ending in a newline, start times in the local time of the time zone prx
    /// runs in (`TZ`) as the C library reads it, as the log file names, `prx history` and `prx status` give them
    /// (Foundation's `TimeZone` reads no POSIX rule such as `JST-9`, and took the machine's zone for one), or in UTC
    /// with `inUTC`: the tests, so that the times they expect do not depend on where they run.
    static func render(_ entries: [RunEntry], inUTC: Bool = false) -> String {
        guard !entries.isEmpty else { return "No running prx processes found.\n" }
        let header = row("PID", "Status", "Start Time", "Log File", "Summary File", "Progress")
        var text = "Found \(entries.count) running prx process(es):\n\n"
        text += header + "\n" + String(repeating: "-", count: header.count) + "\n"
        for entry in entries {
            // A start no clock gives (an entry's `startTime` of 1e19 seconds), which no date shows, is not known.
            let start = LocalTimeConverter.format(entry.startTime, strftime: "%Y-%m-%d %H:%M:%S", inUTC: inUTC)
            text += row(
                String(entry.pid), ControlCharacterEscaping.escaped(entry.status), start.isEmpty ? "-" : start,
                fileName(entry.logFile), fileName(entry.summaryFile), entry.progress) + "\n"
        }
        return text
    }

    /// One line: each column padded to its width (a longer value keeps one space before the next column).
    private static func row(
        _ pid: String, _ status: String, _ start: String, _ log: String, _ summary: String, _ progress: String
    ) -> String {
        pad(pid, 9) + pad(status, 11) + pad(start, 21) + pad(log, 44) + pad(summary, 44) + progress
    }

    /// `value` padded to `width` code points, as Python's `ljust` pads (a combining mark is one), or followed by one
    /// space when it is that long.
    private static func pad(_ value: String, _ width: Int) -> String {
        let length = value.unicodeScalars.count
        return length < width ? value + String(repeating: " ", count: width - length) : value + " "
    }

    /// The name of the file at `path`, after its last `/` (``PathSlashes``), its control characters escaped.
    private static func fileName(_ path: String) -> String {
        ControlCharacterEscaping.escaped(PathSlashes.splitAtLast(path[...]).map { String($0.name) } ?? path)
    }
}
