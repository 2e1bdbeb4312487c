import Foundation
import PRXTesting
import Testing

/// A configuration file's `plugins:` entry for a sink the run does not choose (`--sink`, `--json`, a recipe's
/// `prx.sink`) was ignored without a word, though docs/PLUGINS.md spoke of such an entry as if it were a way to use
/// the sink: `plugins: { json: { path: run.jsonl } }` wrote no `run.jsonl`, and nothing said why. The run now warns
/// once, at the entry's line, naming how to choose the sink; an entry of a chosen sink is its settings, as ever.
///
/// So it was for the other kinds: `plugins: { stop-limits: { max_consecutive_failures: 1 } }` without
/// `--enable-stop-limits` let a run fail every task without halting and without a word, and so did an executor's
/// settings (`plugins: { slurm: … }`) in a run that ran its tasks on `local`. Each plugin the run does not choose is
/// now warned of alike, of whichever kind, naming how to choose it.
@Suite(.runsProcesses) struct UnchosenPluginSettingsTests {
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

extension UnchosenPluginSettingsTests {
    /// prx-with-test-plugins' arguments, and the plugins of the configuration below that the run does not choose, in
    /// the order of the warnings (by kind, then name), each with the line of its first setting in the file and how the
    /// warning says to choose it.
    struct KindsCase: Sendable, CustomTestStringConvertible {
        var arguments: [String]
        var unchosen: [(line: Int, plugin: String, choosing: String)]
        var testDescription: String { arguments.joined(separator: " ") }
    }

    static let configuration = """
        limits:
          max_consecutive_failures: 3
        plugins:
          stop-limits:
            max_consecutive_failures: 1
          queued-local:
            queue_seconds: 0
          halt-after:
            results: 5
          hosts:
            list: hosts.txt

        """

    static let kindsCases = [
        KindsCase(
            arguments: ["-T", "tasks", "-C", "bash @TASK@", "-r"],
            unchosen: [
                (11, "source hosts", "--source hosts"),
                (7, "executor queued-local", "--executor queued-local"),
                (9, "stop-policy halt-after", "--stop-policy halt-after"),
                (5, "stop-policy stop-limits", "--enable-stop-limits"),
            ]),
        KindsCase(
            arguments: [
                "--source", "hosts", "--executor", "queued-local", "--stop-policy", "halt-after",
                "--enable-stop-limits", "-r",
            ],
            unchosen: []),
        KindsCase(
            arguments: ["run", "recipe.lua", "-r"],
            unchosen: [
                (11, "source hosts", #"prx.source("hosts", …) in the recipe"#),
                (7, "executor queued-local", #"prx.config{ executor = "queued-local" } in the recipe"#),
                (9, "stop-policy halt-after", #"prx.stop_policy("halt-after", …) in the recipe"#),
                (5, "stop-policy stop-limits", "prx.config{ stop_limits = true } in the recipe"),
            ]),
    ]

    @Test(arguments: kindsCases)
    func anUnchosenPluginsSettingsAreWarnedOfWhateverItsKind(run: KindsCase) async throws {
        let bench = try Workbench()
        defer { bench.root.remove() }
        try bench.tasks(2) { _ in "exit 1\n" }
        try bench.root.write("hosts.txt", "h1\nh2\n")
        try bench.root.write("recipe.lua", "prx.task { \"false\" }\nprx.task { \"false\" }\n")
        let configuration = bench.root.file("home/cfg/prx.yaml")
        try bench.root.write("home/cfg/prx.yaml", Self.configuration)
        let outcome = try await bench.prxWithTestPlugins(run.arguments)
        let warnings = outcome.stderr.split(separator: "\n").map(String.init)
            .filter { $0.contains("are not used, as the run") }
        let expected = run.unchosen.map { line, plugin, choosing in
            "prx: warning: \(configuration):\(line): the settings of \(plugin) are not used, as the run does not "
                + "choose it (choose it with \(choosing))"
        }
        #expect(warnings == expected, "\(outcome.stderr)")
    }
}
