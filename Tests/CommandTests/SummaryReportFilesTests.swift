import Foundation
import PRXTesting
import Testing

/// The summary report's `Log Files:` names the files the run wrote. A plugin registered in the place of `csv`,
/// `output` or `log` that writes no file (its rows sent to a service: `prx-with-test-plugins`' sinks of
/// `PRX_TEST_FILELESS_SINKS`) had the run's own file named all the same, where there was none.
@Suite(.runsProcesses) struct SummaryReportFilesTests {
    @Test func aPluginInABuiltInsPlaceThatWritesNoFileHasNoneNamed() async throws {
        let bench = try Workbench()
        defer { bench.root.remove() }
        try bench.tasks(2) { _ in "true\n" }
        let outcome = try await PRXProcess.run(
            ["-T", "tasks", "-C", "sh @TASK@", "-r"],
            executable: PRXProcess.executablePath(named: "prx-with-test-plugins"), home: bench.home,
            environment: ["PRX_TEST_FILELESS_SINKS": "1"], directory: bench.root.path)
        #expect(outcome.status == 0, "\(outcome.stderr)")
        #expect(
            outcome.stdout.contains("\nLog Files:\n- Main Log: none\n- Summary: none\n- Output: none\n\n"),
            "\(outcome.stdout)")
        #expect((try? FileManager.default.contentsOfDirectory(atPath: bench.logs)) ?? [] == [])
    }
}
