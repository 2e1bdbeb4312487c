import Foundation
import PRXTesting
import Testing

/// A resumption of a killed run cuts the CSV summary and `--json`'s file back to the sizes its journal last recorded
/// before its sinks open them; one refused after that (a sink's file that cannot be opened, by a built-in sink or by
/// a plugin's factory) left them cut, the rows of the killed run's last turn gone, though it ran nothing. It now puts
/// them back: a refused resumption changes no file, and the next resumption cuts them and runs those tasks as before.
@Suite(.runsProcesses) struct RefusedResumptionResultFilesTests {
    /// The binary and the sink whose file cannot be opened when the run is resumed.
    struct Case: CustomTestStringConvertible, Sendable {
        /// `prx`, or `prx-with-test-plugins`, whose `log` is a plugin's, made by its factory.
        var binary: String
        /// The sink's `path` setting, in the directory `o`.
        var setting: String
        var testDescription: String { "\(binary) \(setting)" }
    }

    /// The labels of the tasks whose rows the CSV summary at `csv` holds, in its order.
    private static func csvLabels(_ csv: String) throws -> [String] {
        try String(contentsOfFile: csv, encoding: .utf8).split(separator: "\n").dropFirst()
            .map { String($0.split(separator: ";", omittingEmptySubsequences: false)[5]) }
    }

    @Test(arguments: [
        Case(binary: "prx", setting: "output.path"), Case(binary: "prx-with-test-plugins", setting: "log.path"),
    ])
    func aResumptionRefusedAfterTheCutLeavesTheResultFilesAsTheyWere(_ test: Case) async throws {
        let bench = try Workbench()
        defer { bench.root.remove() }
        try bench.root.write("args.txt", "1\n2\n3\n")
        let binary = PRXProcess.executablePath(named: test.binary)
        let csv = bench.root.file("summary.csv"), json = bench.root.file("results.jsonl")
        let sinkFile = bench.root.file("o/file.txt")
        try bench.root.write("o/file.txt", "")
        let first = try await PRXProcess.run(
            ["-A", "args.txt", "-C", "echo @ARG@", "-r", "-m", "1", "--json", json, "--set", "csv.path=\(csv)",
             "--set", "\(test.setting)=\(sinkFile)"],
            executable: binary, home: bench.home, directory: bench.root.path)
        #expect(first.status == 0, "\(first.stderr)")
        // The journal as a kill -9 leaves it between the result files' writes of the last task's row and its own:
        // the rows of task 3 past the sizes it last recorded.
        let journalPath = try #require(bench.journals().first)
        let journal = try String(contentsOfFile: journalPath, encoding: .utf8)
        let lastEnd = try #require(journal.range(of: "{\"event\":\"task_finished\"", options: .backwards))
        try String(journal[..<lastEnd.lowerBound]).write(toFile: journalPath, atomically: false, encoding: .utf8)
        let runID = try #require(bench.runIDs().first)
        let csvBefore = try Data(contentsOf: URL(fileURLWithPath: csv))
        let jsonBefore = try Data(contentsOf: URL(fileURLWithPath: json))
        #expect(try Self.csvLabels(csv) == ["1", "2", "3"])

        try FileManager.default.removeItem(atPath: sinkFile)
        try FileManager.default.createDirectory(atPath: sinkFile, withIntermediateDirectories: false)
        let refused = try await PRXProcess.run(
            ["--resume", runID], executable: binary, home: bench.home, directory: bench.root.path)
        #expect(refused.status != 0)
        #expect(refused.stderr.contains("cannot open \(sinkFile)"), "\(refused.stderr)")
        #expect(try Data(contentsOf: URL(fileURLWithPath: csv)) == csvBefore)
        #expect(try Data(contentsOf: URL(fileURLWithPath: json)) == jsonBefore)

        try FileManager.default.removeItem(atPath: sinkFile)
        let resumed = try await PRXProcess.run(
            ["--resume", runID], executable: binary, home: bench.home, directory: bench.root.path)
        #expect(resumed.status == 0, "\(resumed.stderr)")
        #expect(try Self.csvLabels(csv) == ["1", "2", "3"])
        let jsonTasks = try String(contentsOfFile: json, encoding: .utf8).split(separator: "\n")
            .filter { $0.contains("\"type\":\"task\"") }
        #expect(jsonTasks.count == 3)
    }
}
