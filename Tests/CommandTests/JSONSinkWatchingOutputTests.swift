import Foundation
import PRXTesting
import Testing

/// A sink registered as `json` that watches output (``PRXKernel/Sink/watchesOutput``) never received any: prx told
/// the run's JSON file through a wrapper (`CutShortRunMarkingSink`) that passed on its events and flushes only, so the
/// sink watched nothing. `prx-with-test-plugins` registers `json` again, and its sink, given `output_copy`, writes
/// the tasks' output it was given there as the run ends.
@Suite(.runsProcesses) struct JSONSinkWatchingOutputTests {
    /// The tasks' output reaches the sink chosen as `json`, by `--json` and by a recipe's `prx.sink("json", …)`.
    @Test(arguments: [false, true])
    func aSinkRegisteredAsJSONIsGivenTheTasksOutput(inRecipe: Bool) async throws {
        let bench = try Workbench()
        defer { bench.root.remove() }
        let folder = try bench.tasks(2) { "echo said-\($0)\n" }
        try bench.root.write("recipe.lua", """
            prx.task { "echo", "said-1" }
            prx.task { "echo", "said-2" }
            prx.sink("json", { path = "run.jsonl", output_copy = "output.txt" })
            """)
        let arguments = inRecipe
            ? ["run", "recipe.lua", "-r", "-m", "1"]
            : ["-T", folder, "-C", "bash @TASK@", "-r", "-m", "1", "--json", "run.jsonl",
               "--set", "json.output_copy=output.txt"]
        let outcome = try await bench.prxWithTestPlugins(arguments)
        #expect(outcome.status == 0, "\(outcome.stderr)")
        let output = try String(contentsOfFile: bench.root.file("output.txt"), encoding: .utf8)
        #expect(output == "said-1\nsaid-2\n")
        let lines = try String(contentsOfFile: bench.root.file("run.jsonl"), encoding: .utf8).split(separator: "\n")
        #expect(lines.count == 3, "\(lines)")
    }
}
