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
            let lines = WorkerTable.render([entry], timeZone: TimeZone(identifier: "UTC")!)
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
    }
}
