import Foundation
import PRXTesting
import Testing

/// prx found the run's main log by type (`as? LogSink`): a plugin registered as `log` in the built-in's place
/// (docs/PLUGINS.md allows it), which every run chooses and the summary report names as the main log, got neither the
/// lines naming the configuration files nor prx's warnings, and its file was not marked `(rotating)`, while the
/// built-in `LogSink` made by a plugin of another name got them all. The main log is now what the sinks chosen as
/// `log` write, prx's lines going to the first of them that shares its log (`MainLogSink`). `prx-with-test-plugins`
/// registers `log` again (the built-in inside a type of the tests' own, sharing its log) and the built-in as
/// `log-copy`.
@Suite(.runsProcesses) struct ReplacedLogSinkTests {
    @Test(arguments: [
        ["-T", "tasks", "-C", "bash @TASK@", "-r", "--sink", "log-copy", "--set", "log-copy.path=copy.log"],
        ["run", "recipe.lua", "-r"],
    ])
    func theMainLogIsTheSinkChosenAsLogWhateverItsPluginMakes(arguments: [String]) async throws {
        let bench = try Workbench()
        defer { bench.root.remove() }
        try bench.tasks(1) { _ in "true\n" }
        try bench.root.write("recipe.lua", "prx.task { \"true\" }\nprx.sink(\"log-copy\", { path = \"copy.log\" })\n")
        // Warned of, as the replacing `local` of this build does not take it.
        try bench.root.write("home/cfg/prx.yaml", "limits:\n  max_output_capture: 50\n")
        let outcome = try await bench.prxWithTestPlugins(arguments)
        #expect(outcome.status == 0, "\(outcome.stderr)")
        #expect(outcome.stderr.contains("limits.max_output_capture is not used"), "\(outcome.stderr)")
        let mainLog = try #require(bench.logFiles(endingWith: ".log").first)
        let log = try String(contentsOfFile: mainLog, encoding: .utf8)
        #expect(log.contains(" - INFO - [MainThread] - User config: \(bench.home)/cfg/prx.yaml"), "\(log)")
        #expect(log.contains(" - INFO - [MainThread] - Script config: "), "\(log)")
        #expect(
            log.contains(" - WARNING - [MainThread] - \(bench.home)/cfg/prx.yaml:2: limits.max_output_capture is "
                + "not used"), "\(log)")
        #expect(log.contains("Execution completed: {'total': 1"), "\(log)")
        #expect(outcome.stdout.contains("- Main Log: \(mainLog) (rotating)\n"), "\(outcome.stdout)")
        let copy = try String(contentsOfFile: bench.root.file("copy.log"), encoding: .utf8)
        #expect(copy.contains("Execution completed: {'total': 1"), "\(copy)")
        #expect(!copy.contains("config: "), "\(copy)")
        #expect(!copy.contains("max_output_capture"), "\(copy)")
    }
}
