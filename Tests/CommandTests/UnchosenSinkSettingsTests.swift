import Foundation
import PRXTesting
import Testing

/// A configuration file's `plugins:` entry for a sink the run does not choose (`--sink`, `--json`, a recipe's
/// `prx.sink`) was ignored without a word, though docs/PLUGINS.md spoke of such an entry as if it were a way to use
/// the sink: `plugins: { json: { path: run.jsonl } }` wrote no `run.jsonl`, and nothing said why. The run now warns
/// once, at the entry's line, naming how to choose the sink; an entry of a chosen sink is its settings, as ever.
@Suite(.runsProcesses) struct UnchosenSinkSettingsTests {
    /// prx's arguments, whether the recipe chooses the sink, and how the warning says to choose it, if it warns.
    struct Case: Sendable, CustomTestStringConvertible {
        var arguments: [String]
        var recipeChoosesIt = false
        var choosing: String?
        var testDescription: String { arguments.joined(separator: " ") + (recipeChoosesIt ? " (prx.sink)" : "") }
    }

    static let cases = [
        Case(arguments: ["-T", "tasks", "-C", "bash @TASK@", "-r"], choosing: "--sink json"),
        Case(arguments: ["-T", "tasks", "-C", "bash @TASK@"], choosing: "--sink json"),
        Case(arguments: ["run", "recipe.lua", "-r"], choosing: #"prx.sink("json", …) in the recipe"#),
        Case(arguments: ["-T", "tasks", "-C", "bash @TASK@", "-r", "--sink", "json"]),
        Case(arguments: ["run", "recipe.lua", "-r"], recipeChoosesIt: true),
    ]

    @Test(arguments: cases)
    func anUnchosenSinksSettingsAreWarnedOfOnce(run: Case) async throws {
        let bench = try Workbench()
        defer { bench.root.remove() }
        try bench.tasks(1) { _ in "true\n" }
        let configuration = bench.root.file("home/cfg/prx.yaml")
        try bench.root.write("home/cfg/prx.yaml", "plugins:\n  json:\n    path: run.jsonl\n")
        let sink = run.recipeChoosesIt ? #"prx.sink("json", {})"# : ""
        try bench.root.write("recipe.lua", "prx.task { \"true\" }\n\(sink)\n")
        let outcome = try await bench.prx(run.arguments)
        #expect(outcome.status == 0, "\(outcome.stderr)")
        let warning = "prx: warning: \(configuration):3: the settings of sink json are not used, as the run does not "
            + "choose it (choose it with \(run.choosing ?? ""))\n"
        #expect(outcome.stderr.components(separatedBy: warning).count - 1 == (run.choosing == nil ? 0 : 1))
        #expect(run.choosing != nil || !outcome.stderr.contains("are not used"), "\(outcome.stderr)")
        let written = FileManager.default.fileExists(atPath: bench.root.file("run.jsonl"))
        #expect(written == (run.choosing == nil && run.arguments.contains("-r")))
    }
}
