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
        let outcome = try await runWithFilelessSinks(["-T", "tasks", "-C", "sh @TASK@", "-r"], in: bench)
        #expect(outcome.status == 0, "\(outcome.stderr)")
        #expect(outcome.stdout.contains(Self.noFilesNamed), "\(outcome.stdout)")
        #expect((try? FileManager.default.contentsOfDirectory(atPath: bench.logs)) ?? [] == [])
    }

    /// Such a plugin given a file that was there before the run (`--set csv.path=old.csv`), and that leaves it as it
    /// was, had that file named all the same, as it was there: a plugin's file is named once the run has written it.
    @Test func aPluginsFileThatWasThereAndIsLeftAsItWasIsNotNamed() async throws {
        let bench = try Workbench()
        defer { bench.root.remove() }
        try bench.tasks(2) { _ in "true\n" }
        let log = try bench.root.write("old.log", "an earlier log\n")
        let csv = try bench.root.write("old.csv", "an,earlier,summary\n")
        let output = try bench.root.write("old.txt", "an earlier output\n")
        let outcome = try await runWithFilelessSinks(
            [
                "-T", "tasks", "-C", "sh @TASK@", "-r", "--set", "log.path=\(log)", "--set", "csv.path=\(csv)",
                "--set", "output.path=\(output)",
            ], in: bench)
        #expect(outcome.status == 0, "\(outcome.stderr)")
        #expect(outcome.stdout.contains(Self.noFilesNamed), "\(outcome.stdout)")
    }

    /// A daemon's announcement and its run's `--list-workers` row named the main log and CSV summary known before the
    /// run, which such a plugin never writes: they say `not written`.
    @Test func aDaemonNamesNoFileItsPluginsHaveNotWritten() async throws {
        let bench = try Workbench()
        defer { bench.root.remove() }
        let mark = "30\(Int.random(in: 10...99)).\(Int.random(in: 100_000...999_999))"
        try bench.tasks(1) { _ in "sleep \(mark)\n" }
        let started = try await runWithFilelessSinks(["-T", "tasks", "-C", "sh @TASK@", "-r", "-D"], in: bench)
        #expect(started.status == 0, "\(started.stderr)")
        let pid = try #require(started.stdout.firstMatch(of: /PID (\d+)/).flatMap { Int32($0.1) })
        #expect(started.stdout.contains("\nLog file: not written\nSummary file: not written\n"), "\(started.stdout)")
        let listed = try await bench.prx(["--list-workers"])
        let row = try #require(listed.stdout.split(separator: "\n").first { $0.hasPrefix("\(pid) ") }, "\(listed)")
        #expect(row.components(separatedBy: "not written").count == 3, "\(row)")
        #expect(try await bench.prx(["-k", String(pid)]).status == 0)
        #expect(await LiveProcesses.awaitGone(mark, seconds: 10).isEmpty)
    }

    /// The report's `Log Files:` naming no file.
    private static let noFilesNamed = "\nLog Files:\n- Main Log: none\n- Summary: none\n- Output: none\n\n"

    /// Runs `prx-with-test-plugins` with `arguments` in `bench`, its `csv`, `output` and `log` sinks writing no file.
    private func runWithFilelessSinks(_ arguments: [String], in bench: Workbench) async throws -> PRXProcess.Outcome {
        try await PRXProcess.run(
            arguments, executable: PRXProcess.executablePath(named: "prx-with-test-plugins"), home: bench.home,
            environment: ["PRX_TEST_FILELESS_SINKS": "1"], directory: bench.root.path)
    }
}
