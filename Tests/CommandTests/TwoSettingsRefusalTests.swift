import Foundation
import PRXTesting
import Testing

/// A source's refusal naming two settings (`no task files with extension log found (dir.path, dir.ext)`) was given
/// the place of the first only: with `dir.ext` from a configuration file, a `prx.set` line or a `--set`, the message
/// named the recipe line of `dir.path` as though it gave both. Each setting from another place than the one in front
/// now says its own (`dir.ext at PATH:3`, `dir.ext from --set`); the first named with a place is in front, a file's
/// beside a `--set`'s, which has none.
@Suite(.runsProcesses) struct TwoSettingsRefusalTests {
    /// A run: the user's configuration file's `plugins:` entry on line 3 (`dir` then `path: folder`), if any, the
    /// recipe (`recipe.lua`) if any, prx's arguments, and its one-line error with `PATH` for the configuration file.
    struct Case: Sendable, CustomTestStringConvertible {
        var entry: (plugin: String, line: String)?
        var recipe: String?
        var arguments: [String]
        var message: String
        var testDescription: String { message }
    }

    static let dirSource = #"prx.source("dir", { path = "folder", command = "echo @TASK@" })"#
    static let noLogFile = "no task files with extension log found"

    static let cases = [
        Case(
            entry: ("dir", "ext: log"), recipe: dirSource, arguments: ["run", "recipe.lua"],
            message: "recipe.lua:2: \(noLogFile) (dir.path, dir.ext at PATH:3)"),
        Case(
            recipe: dirSource + "\nprx.set(\"dir.ext\", \"log\")", arguments: ["run", "recipe.lua"],
            message: "recipe.lua:2: \(noLogFile) (dir.path, dir.ext at recipe.lua:3)"),
        Case(
            recipe: dirSource, arguments: ["run", "recipe.lua", "--set", "dir.ext=log"],
            message: "recipe.lua:2: \(noLogFile) (dir.path, dir.ext from --set)"),
        Case(
            entry: ("dir", "ext: log"),
            arguments: ["--source", "dir", "--set", "dir.path=folder", "--set", "dir.command=echo @TASK@"],
            message: "PATH:3: \(noLogFile) (dir.path from --set, dir.ext)"),
        Case(
            entry: ("dir", "path: folder"),
            arguments: ["--source", "dir", "--set", "dir.ext=log", "--set", "dir.command=echo @TASK@"],
            message: "PATH:3: \(noLogFile) (dir.path, dir.ext from --set)"),
        Case(
            entry: ("args-file", "file: hosts.txt"),
            recipe: #"prx.source("args-file", { template = "folder", command = "echo @TASK@" })"#,
            arguments: ["run", "recipe.lua"],
            message: "recipe.lua:2: with args-file.file at PATH:3, args-file.template must be a template file, not "
                + "the directory folder; leave out args-file.template to run the command on each line directly "
                + "(args-file.template)"),
    ]

    /// Each run is refused, in a dry run and a run alike, exit 2, naming where each setting came from.
    @Test(arguments: cases)
    func aRefusalNamingTwoSettingsNamesWhereEachCameFrom(run: Case) async throws {
        let bench = try Workbench()
        defer { bench.root.remove() }
        try bench.root.write("folder/x.txt", "")
        try bench.root.write("hosts.txt", "h1\n")
        let configuration = bench.root.file("home/cfg/prx.yaml")
        if let entry = run.entry {
            try bench.root.write("home/cfg/prx.yaml", "plugins:\n  \(entry.plugin):\n    \(entry.line)\n")
        }
        if let recipe = run.recipe {
            try bench.root.write("recipe.lua", "prx.task { \"true\" }\n\(recipe)\n")
        }
        let message = run.message.replacingOccurrences(of: "PATH", with: configuration)
        for dryOrRun in [[], ["-r"]] {
            let outcome = try await bench.prx(run.arguments + dryOrRun)
            #expect(outcome.status == 2, "\(dryOrRun)")
            #expect(outcome.stderr == "prx: error: \(message)\n", "\(dryOrRun)")
        }
    }
}
