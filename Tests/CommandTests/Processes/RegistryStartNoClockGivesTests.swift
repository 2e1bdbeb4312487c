import Foundation
import PRXTesting
import Testing
@testable import PRXCommand

extension Processes {
    /// A live run's registry entry whose start is no time a clock gives (1e19 seconds from 1970, past `time_t`; or a
    /// year past `int`, which `localtime_r` refuses) took `--list-workers` down with a trap (SIGILL, exit 132) as it
    /// converted it, and so the listing of every other run; the other showed a date of no calendar
    /// (`-1623965465-01-00`). The run is listed with its start not known (`-`), as the others are.
    @Suite(.runsProcesses) struct RegistryStartNoClockGivesTests {
        @Test(arguments: [1e19, -1e19, 1e300, -1e18, 1e17])
        func theRunIsListedWithoutAStart(seconds: Double) async throws {
            let bench = try Workbench()
            defer { bench.root.remove() }
            let sleeper = try await ShellProcess("exec sleep 30", awaitingProgram: "sleep")
            defer { sleeper.stop() }
            let registry = RunRegistry(directory: bench.home + "/run")
            let identity = try #require(ProcessIdentity.of(sleeper.pid))
            try registry.write(RunEntry(
                pid: sleeper.pid, identity: identity, status: "running",
                startTime: Date(timeIntervalSince1970: seconds), logFile: "/logs/run.log",
                summaryFile: "/logs/run_summary.csv", finished: 0, total: nil))

            let listed = try await bench.prx(["--list-workers"])
            #expect(listed.status == 0, "\(listed.stderr)")
            #expect(listed.stderr.isEmpty, "\(listed.stderr)")
            let row = try #require(listed.stdout.split(separator: "\n").last)
            #expect(row.hasPrefix(String(sleeper.pid)), "\(listed.stdout)")
            let columns = row.split(separator: " ", omittingEmptySubsequences: true)
            #expect(columns.dropFirst().prefix(2) == ["running", "-"], "\(listed.stdout)")
        }
    }
}
