import Foundation
import Testing
@testable import PRXCommand

extension Processes {
    @Suite struct WorkerTableTests {
        @Test func withoutRunsItSaysSo() {
            #expect(WorkerTable.render([]) == "No running prx processes found.\n")
        }

        @Test func runsAreListedInParallelrsColumnsWithProgress() {
            let entry = RunEntry(
                pid: 12345, identity: ProcessIdentity(startTicks: 1, commandLine: ["prx"]), status: "running",
                startTime: Date(timeIntervalSince1970: 1_759_156_215),
                logFile: "/home/u/parallelr/logs/parallelr_12345_29Sep25_143015.log",
                summaryFile: "/home/u/parallelr/logs/parallelr_12345_29Sep25_143015_summary.csv",
                finished: 12, total: 40)
            let lines = WorkerTable.render([entry], inUTC: true)
                .split(separator: "\n", omittingEmptySubsequences: false)
            #expect(lines[0] == "Found 1 running prx process(es):")
            #expect(lines[1] == "")
            #expect(lines[2].hasPrefix("PID      Status     Start Time           Log File"))
            #expect(lines[2].firstRange(of: "Summary File")?.lowerBound.utf16Offset(in: lines[2]) == 85)
            #expect(lines[3] == Substring(String(repeating: "-", count: lines[2].count)))
            #expect(lines[4] == """
                12345    running    2025-09-29 14:30:15  parallelr_12345_29Sep25_143015.log          \
                parallelr_12345_29Sep25_143015_summary.csv  12/40
                """)
            #expect(lines.count == 6 && lines[5] == "")
        }

        /// A file is named after its path's last `/` code point, and columns are padded by code points, as Python's
        /// `ljust` pads them: a log `\u{0301}run.log` was shown as `logs/\u{0301}run.log` (its `/` one Character
        /// with the mark), and a name holding a mark was padded as one character shorter than parallelr pads it.
        @Test func filesAreNamedAndPaddedByCodePoints() {
            let entry = Self.entry(logFile: "/home/u/logs/\u{0301}run.log", summaryFile: "/home/u/logs/s\u{0301}.csv")
            let line = WorkerTable.render([entry], inUTC: true)
                .split(separator: "\n", omittingEmptySubsequences: false)[4]
            let row = "7        running    1970-01-01 00:00:00  \u{0301}run.log" + String(repeating: " ", count: 36)
                + "s\u{0301}.csv" + String(repeating: " ", count: 38)
            #expect(Array(line.unicodeScalars.prefix(row.unicodeScalars.count)) == Array(row.unicodeScalars))
        }

        /// A bidirectional control in a file's name (a right-to-left override, U+202E) was listed as it is, and
        /// showed the rest of the row reversed; it is an escape now, as a control character is.
        @Test func aBidirectionalControlInAFileNameIsAnEscape() {
            let entry = Self.entry(
                logFile: "/home/u/logs/run\u{202E}gol.log", summaryFile: "/home/u/logs/s\u{2067}.csv")
            let table = WorkerTable.render([entry], inUTC: true)
            #expect(table.contains(#"run\u{202e}gol.log"#) && table.contains(#"s\u{2067}.csv"#), "\(table)")
            #expect(!table.unicodeScalars.contains { $0.value == 0x202E || $0.value == 0x2067 })
        }

        /// The entry of PID 7, started at the epoch, with no progress, naming `logFile` and `summaryFile`.
        private static func entry(logFile: String, summaryFile: String) -> RunEntry {
            RunEntry(
                pid: 7, identity: ProcessIdentity(startTicks: 1, commandLine: ["prx"]), status: "running",
                startTime: Date(timeIntervalSince1970: 0), logFile: logFile, summaryFile: summaryFile, finished: 0,
                total: nil)
        }
    }
}
