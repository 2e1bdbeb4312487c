import Foundation
import PRXTesting
import Testing

/// What a custom plugin throws as the run goes is said as that plugin's, as its factory's errors are: a source's error
/// from `next()` (the run's error, and the summary's `Task Source Error`), a sink's failure (its warning) and an
/// executor's refusal to begin the run, through `prx-with-test-plugins`' `failing-source`, `failing-sink` and
/// `unready`. Each said the plugin's message alone; a message naming the plugin already is not named so twice.
@Suite(.runsProcesses) struct PluginRunFailureNamingTests {
    /// A source's error is the run's, named as the source's, in a run, a dry run and a recipe; one starting with the
    /// plugin's name is left as it is.
    @Test(arguments: [
        (["--source", "failing-source"], "source 'failing-source': the feed broke"),
        (["--source", "failing-source", "--set", "failing-source.reason=failing-source: gone"], "failing-source: gone"),
        (["run", "recipe.lua"], "source 'failing-source': the feed broke"),
    ])
    func aSourcesErrorNamesTheSource(arguments: [String], message: String) async throws {
        let bench = try Workbench()
        defer { bench.root.remove() }
        try bench.root.write("recipe.lua", "prx.source(\"failing-source\", { tasks = 2 })\n")
        for mode in [[], ["-r"]] {
            let outcome = try await bench.prxWithTestPlugins(arguments + mode)
            #expect(outcome.status == 2, "\(mode): \(outcome.stderr)")
            #expect(outcome.stderr.hasSuffix("prx: error: \(message)\n"), "\(mode): \(outcome.stderr)")
            if mode == ["-r"] {
                #expect(outcome.stdout.contains("Task Source Error: \(message)\n"), "\(outcome.stdout)")
            }
        }
    }

    /// A sink's failure is warned of as the sink's, and the run fails; the run's tasks all ran.
    @Test func aSinksFailureNamesTheSink() async throws {
        let bench = try Workbench()
        defer { bench.root.remove() }
        try bench.tasks(2) { _ in "true\n" }
        let outcome = try await bench.prxWithTestPlugins(["-T", "tasks", "-C", "sh @TASK@", "--sink", "failing-sink", "-r"])
        #expect(outcome.status == 1, "\(outcome.stderr)")
        #expect(
            outcome.stderr.contains("prx: warning: a sink failed: sink 'failing-sink': the service is gone\n"),
            "\(outcome.stderr)")
        #expect(!outcome.stderr.contains("a sink failed: the service is gone"), "\(outcome.stderr)")
    }

    /// A sink whose file a resumption adds to, which the journal flushes out of turn (a task's journal line past 1 MiB)
    /// and which fails then as at each of its turns, is warned of once: the journal threw the failure of the flush out
    /// of turn as its own, and the run warned of it twice, word for word.
    @Test func aSinkFailingOutOfTurnAndAtItsTurnsIsWarnedOfOnce() async throws {
        let bench = try Workbench()
        defer { bench.root.remove() }
        try bench.root.write("long.txt", "true " + String(repeating: "x", count: 1_500_000) + "\n")
        let outcome = try await bench.prxWithTestPlugins([
            "-A", "long.txt", "-C", "true", "--sink", "failing-sink", "--set", "failing-sink.fails_at_flush=true",
            "--set", "failing-sink.path=rows.txt", "-r",
        ])
        #expect(outcome.status == 1, "\(outcome.stderr)")
        let sinkWarnings = outcome.stderr.split(separator: "\n").filter { $0.contains("a sink failed") }
        #expect(
            sinkWarnings == ["prx: warning: a sink failed: sink 'failing-sink': the service is gone"],
            "\(outcome.stderr)")
        #expect(outcome.stdout.components(separatedBy: "Output Error: ").count == 2, "\(outcome.stdout)")
    }

    /// An executor's refusal to begin the run is the run's error, named as the executor's, on the command line and in
    /// a recipe; no task runs.
    @Test(arguments: [
        ["-T", "tasks", "-C", "sh @TASK@", "--executor", "unready"],
        ["run", "recipe.lua"],
    ])
    func anExecutorsRefusalToBeginNamesTheExecutor(arguments: [String]) async throws {
        let bench = try Workbench()
        defer { bench.root.remove() }
        try bench.tasks(1) { _ in "true\n" }
        try bench.root.write("recipe.lua", "prx.task { \"true\" }\nprx.config { executor = \"unready\" }\n")
        let outcome = try await bench.prxWithTestPlugins(arguments + ["-r"])
        #expect(outcome.status == 2, "\(outcome.stderr)")
        #expect(outcome.stderr == "prx: error: executor 'unready': the queue is gone\n")
    }
}
