import Foundation
import PRXTesting
import Testing
@testable import PRXCommand

extension Processes {
    /// How `--list-workers` lists a live run whose registry entry holds what no prx writes there.
    @Suite(.runsProcesses) struct DamagedRegistryEntryListingTests {
        /// A start no clock gives (1e19 seconds from 1970, past `time_t`; or a year past `int`, which `localtime_r`
        /// refuses) took `--list-workers` down with a trap (SIGILL, exit 132) as it converted it, and so the listing of
        /// every other run; the other showed a date of no calendar (`-1623965465-01-00`). The run is listed with its
        /// start not known (`-`), as the others are.
        @Test(arguments: [1e19, -1e19, 1e300, -1e18, 1e17])
        func aStartNoClockGivesIsNotKnown(seconds: Double) async throws {
            let listed = try await Self.listing(status: "running", startTime: Date(timeIntervalSince1970: seconds))
            #expect(listed.status == 0, "\(listed.stderr)")
            #expect(listed.stderr.isEmpty, "\(listed.stderr)")
            #expect(listed.row.dropFirst().prefix(2) == ["running", "-"], "\(listed.stdout)")
        }

        /// A status holding control characters (an escape sequence, a line break) was listed as it is: the escape
        /// acted on the terminal, and the line break made a row of its own. It is escaped, as the file names are.
        @Test func aStatusControlCharactersAreEscapes() async throws {
            let listed = try await Self.listing(status: "run\u{1B}[2J\nning", startTime: Date())
            #expect(listed.status == 0, "\(listed.stderr)")
            #expect(listed.row.dropFirst().first == #"run\x1b[2J\nning"#, "\(listed.stdout)")
            #expect(!listed.stdout.unicodeScalars.contains("\u{1B}"), "\(listed.stdout)")
        }

        /// `prx --list-workers` of a registry holding the entry of a live `sleep` with `status` and `startTime`, and
        /// its last row's columns, expected to be the sleeper's.
        private static func listing(
            status: String, startTime: Date
        ) async throws -> (status: Int32, stdout: String, stderr: String, row: [Substring]) {
            let bench = try Workbench()
            defer { bench.root.remove() }
            let sleeper = try await ShellProcess("exec sleep 30", awaitingProgram: "sleep")
            defer { sleeper.stop() }
            let identity = try #require(ProcessIdentity.of(sleeper.pid))
            try RunRegistry(directory: bench.home + "/run").write(RunEntry(
                pid: sleeper.pid, identity: identity, status: status, startTime: startTime,
                logFile: "/logs/run.log", summaryFile: "/logs/run_summary.csv", finished: 0, total: nil))
            let listed = try await bench.prx(["--list-workers"])
            let row = listed.stdout.split(separator: "\n").last?.split(separator: " ") ?? []
            #expect(row.first == Substring(String(sleeper.pid)), "\(listed.stdout)")
            return (listed.status, listed.stdout, listed.stderr, row)
        }
    }
}
