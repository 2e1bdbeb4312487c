import Foundation
import PRXTesting
import Testing

/// A relative path that a configuration file's `plugins:` or a `--set` gave a recipe's run was taken from the
/// recipe's directory for a source (`dir.path`, `glob.patterns`, `args-file.file`, `args-file.template`) and the
/// executor (`local.feedback_dir`), but from the directory prx runs in for a sink's `path`. Every path the
/// configuration files and the command line give is now taken from the directory prx runs in, as in flags mode; the
/// paths the recipe writes itself still from the recipe's directory.
///
/// Each test runs prx in the workbench's root with the recipe in `recipes/`, both holding files of the same names
/// whose contents say which directory they are in.
@Suite(.runsProcesses) struct RecipeConfigurationPathsTests {
    /// One way of giving a source its paths: the configuration file's `plugins:` entries, the recipe's lines, the
    /// command line's flags, and the outputs of the tasks the source made.
    struct Case: Sendable, CustomTestStringConvertible {
        var label: String
        var entries: String = ""
        var recipe: String
        var flags: [String] = []
        var outputs: [String]
        var testDescription: String { label }
    }

    static let cases = [
        Case(
            label: "dir.path from the file", entries: "dir:\n    path: scripts",
            recipe: #"prx.source("dir", { command = "sh @TASK@" })"#, outputs: ["script in cwd"]),
        Case(
            label: "glob.patterns from the file", entries: "glob:\n    patterns: [scripts/*.sh]",
            recipe: #"prx.source("glob", { command = "sh @TASK@" })"#, outputs: ["script in cwd"]),
        Case(
            label: "args-file.file from the file", entries: "args-file:\n    file: args.txt",
            recipe: #"prx.source("args-file", { command = "echo @ARG@" })"#, outputs: ["line in cwd"]),
        // Two paths of one source from two places: each taken from its own directory.
        Case(
            label: "args-file.template from the file, its file from the recipe",
            entries: "args-file:\n    template: template.txt",
            recipe: #"prx.source("args-file", { file = "args.txt", command = "cat @TASK@" })"#,
            outputs: ["template in cwd"]),
        Case(
            label: "dir.path from --set", recipe: #"prx.source("dir", { command = "sh @TASK@" })"#,
            flags: ["--set", "dir.path=scripts"], outputs: ["script in cwd"]),
        Case(
            label: "dir.path from --set over the recipe's",
            recipe: #"prx.source("dir", { path = "scripts", command = "sh @TASK@" })"#,
            flags: ["--set", "dir.path=scripts"], outputs: ["script in cwd"]),
        // The recipe's own paths are the recipe's, over the file's too.
        Case(
            label: "dir.path from the recipe's table over the file's", entries: "dir:\n    path: scripts",
            recipe: #"prx.source("dir", { path = "scripts", command = "sh @TASK@" })"#,
            outputs: ["script in recipes"]),
        Case(
            label: "dir.path from prx.set", recipe: """
                prx.set("dir.path", "scripts")
                prx.source("dir", { command = "sh @TASK@" })
                """,
            outputs: ["script in recipes"]),
        Case(
            label: "args-file.file from the recipe", entries: "args-file:\n    command: echo @ARG@",
            recipe: #"prx.source("args-file", { file = "args.txt" })"#, outputs: ["line in recipes"]),
    ]

    /// Writes the same-named files into the root (where prx runs) and `recipes/`, and the user configuration with
    /// `entries` under `plugins:`.
    static func bench(entries: String) throws -> Workbench {
        let bench = try Workbench()
        for directory in ["cwd": "", "recipes": "recipes/"] {
            try bench.root.write("\(directory.value)scripts/a.sh", "echo 'script in \(directory.key)'\n")
            try bench.root.write("\(directory.value)args.txt", "line in \(directory.key)\n")
            try bench.root.write("\(directory.value)template.txt", "template in \(directory.key)\n")
        }
        try bench.root.write("home/cfg/prx.yaml", "plugins:\n  \(entries.isEmpty ? "{}" : entries)\n")
        return bench
    }

    /// The tasks' outputs, one line each, from the JSON Lines file `path`.
    static func outputs(inJSONLines path: String) throws -> [String] {
        try String(contentsOfFile: path, encoding: .utf8).split(separator: "\n")
            .map { try JSONSerialization.jsonObject(with: Data($0.utf8)) as! [String: Any] }
            .filter { $0["type"] as? String == "task" }
            .compactMap { ($0["stdout"] as? String)?.trimmingCharacters(in: .newlines) }
    }

    @Test(arguments: cases)
    func aSourcesRelativePathIsTakenFromWhereItWasGiven(_ given: Case) async throws {
        let bench = try Self.bench(entries: given.entries)
        defer { bench.root.remove() }
        try bench.root.write("recipes/recipe.lua", given.recipe + "\n")
        let json = bench.root.file("out.jsonl")
        let outcome = try await bench.prx(["run", "recipes/recipe.lua", "-r", "--json", json] + given.flags)
        #expect(outcome.status == 0, "\(outcome.stderr)")
        #expect(try Self.outputs(inJSONLines: json) == given.outputs)
    }

    /// A sink's `path` from the file is taken from the directory prx runs in (as it was), one from the recipe from
    /// the recipe's directory.
    @Test func aSinksRelativePathIsTakenFromWhereItWasGiven() async throws {
        let bench = try Self.bench(entries: "json:\n    path: from-file.jsonl")
        defer { bench.root.remove() }
        try bench.root.write("recipes/recipe.lua", """
            prx.task { "echo", "done", name = "t" }
            prx.sink("json")
            prx.sink("json", { path = "from-recipe.jsonl" })
            """)
        let outcome = try await bench.prx(["run", "recipes/recipe.lua", "-r"])
        #expect(outcome.status == 0, "\(outcome.stderr)")
        #expect(try Self.outputs(inJSONLines: bench.root.file("from-file.jsonl")) == ["done"])
        #expect(try Self.outputs(inJSONLines: bench.root.file("recipes/from-recipe.jsonl")) == ["done"])
        #expect(!FileManager.default.fileExists(atPath: bench.root.file("recipes/from-file.jsonl")))
        #expect(!FileManager.default.fileExists(atPath: bench.root.file("from-recipe.jsonl")))
    }

    /// The executor's `local.feedback_dir` from the file is taken from the directory prx runs in: the task's
    /// feedback file, and the run's journal that `prx feedback` reads, are there.
    @Test func theFeedbackDirectoryFromTheFileIsTakenFromTheCurrentDirectory() async throws {
        let bench = try Self.bench(entries: "local:\n    feedback: true\n    feedback_dir: feedback")
        defer { bench.root.remove() }
        try bench.root.write("recipes/recipe.lua", #"prx.task { sh = "echo '[step]one' >> \"$PRX_FEEDBACK_FILE\"" }"#)
        let outcome = try await bench.prx(["run", "recipes/recipe.lua", "-r"])
        #expect(outcome.status == 0, "\(outcome.stderr)")
        let runs = try FileManager.default.contentsOfDirectory(atPath: bench.root.file("feedback"))
        let run = try #require(runs.count == 1 ? runs.first : nil, "\(runs)")
        let files = try FileManager.default.contentsOfDirectory(atPath: bench.root.file("feedback/\(run)"))
        #expect(files == ["1.feedback"])
        #expect(!FileManager.default.fileExists(atPath: bench.root.file("recipes/feedback")))
        let feedback = try await bench.prx(["feedback", run, "1"])
        #expect(feedback.status == 0, "\(feedback.stderr)")
        #expect(feedback.stdout.contains("\"step\""), "\(feedback.stdout)")
    }
}
