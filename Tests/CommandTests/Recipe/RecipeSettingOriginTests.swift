import Foundation
import PRXTesting
import Testing

/// A recipe run's refusal of a source's setting named the recipe's `prx.source` line whatever gave the value: a
/// `--set` (`recipes/g.lua:1: task path does not exist: nd3 (glob.patterns)`) or a `prx.set` on another line, where
/// `dir.path` named no line for a `--set` and the `prx.set` line for one. Every setting's refusal now names where its
/// value came from: the recipe line that gave it (its `prx.source` table or its `prx.set`), the configuration file's
/// line, or the `--set` that gave it (the message naming its setting, as flags mode does).
///
/// The recipe is in `recipes/`, and prx runs in the workbench's root.
@Suite(.runsProcesses) struct RecipeSettingOriginTests {
    /// A source setting given one way and refused: the user configuration's `plugins:` entries, the recipe's lines,
    /// the command line's flags, and the error prx gives (`CONFIG` for the configuration file's path).
    struct Case: Sendable, CustomTestStringConvertible {
        var label: String
        var entries: String = ""
        var recipe: String
        var flags: [String] = []
        var error: String
        var testDescription: String { label }
    }

    static let glob = #"prx.source("glob", { command = "echo @TASK@" })"#
    static let globWithPatterns = #"prx.source("glob", { patterns = "x.txt", command = "echo @TASK@" })"#
    static let argumentsFile = #"prx.source("args-file", { command = "echo @ARG@" })"#
    static let argumentsFileWithFile = #"prx.source("args-file", { file = "args.txt", command = "echo @ARG@" })"#
    static let separator = "unknown separator 'bogus' (args-file.separator); use one of: space, whitespace, tab, "
        + "comma, semicolon, pipe, colon"

    static let cases = [
        Case(
            label: "glob.patterns from --set", recipe: globWithPatterns, flags: ["--set", "glob.patterns=nd3"],
            error: "--set glob.patterns=nd3: task path does not exist: nd3 (glob.patterns)"),
        Case(
            label: "args-file.file from --set", recipe: argumentsFileWithFile,
            flags: ["--set", "args-file.file=nf.txt"],
            error: "--set args-file.file=nf.txt: cannot open arguments file nf.txt: No such file or directory "
                + "(args-file.file)"),
        Case(
            label: "args-file.separator from --set", recipe: argumentsFileWithFile,
            flags: ["--set", "args-file.separator=bogus"], error: "--set args-file.separator=bogus: \(separator)"),
        Case(
            label: "glob.patterns from prx.set", recipe: "\(glob)\n\nprx.set(\"glob.patterns\", \"nothere\")",
            error: "recipes/recipe.lua:3: task path does not exist: nothere (glob.patterns)"),
        Case(
            label: "args-file.file from prx.set", recipe: "\(argumentsFile)\n\nprx.set(\"args-file.file\", \"nf.txt\")",
            error: "recipes/recipe.lua:3: cannot open arguments file RECIPES/nf.txt: No such file or directory "
                + "(args-file.file)"),
        Case(
            label: "args-file.separator from prx.set",
            recipe: "\(argumentsFileWithFile)\n\nprx.set(\"args-file.separator\", \"bogus\")",
            error: "recipes/recipe.lua:3: \(separator)"),
        // A prx.set called through pcall: its path was taken from the current directory, not the recipe's, and an
        // earlier prx.set's line was named for its value; then the prx.source line, Lua giving pcall no line. It is
        // the line calling pcall now.
        Case(
            label: "args-file.file from a prx.set through pcall",
            recipe: "\(argumentsFile)\npcall(prx.set, \"args-file.file\", \"nf.txt\")",
            error: "recipes/recipe.lua:2: cannot open arguments file RECIPES/nf.txt: No such file or directory "
                + "(args-file.file)"),
        Case(
            label: "args-file.file from a prx.set through pcall after one with a line",
            recipe: "prx.set(\"args-file.file\", \"args.txt\")\n\(argumentsFile)\n"
                + "pcall(prx.set, \"args-file.file\", \"nf.txt\")",
            error: "recipes/recipe.lua:3: cannot open arguments file RECIPES/nf.txt: No such file or directory "
                + "(args-file.file)"),
        // Guards: these named their places already.
        Case(
            label: "glob.patterns from the prx.source table",
            recipe: "\n" + #"prx.source("glob", { patterns = "nothere", command = "echo @TASK@" })"#,
            error: "recipes/recipe.lua:2: task path does not exist: nothere (glob.patterns)"),
        Case(
            label: "glob.patterns from the configuration file", entries: "glob:\n    patterns: nd4", recipe: glob,
            error: "CONFIG:3: task path does not exist: nd4 (glob.patterns)"),
        Case(
            label: "args-file.separator from the configuration file", entries: "args-file:\n    separator: bogus",
            recipe: argumentsFileWithFile, error: "CONFIG:3: \(separator)"),
        Case(
            label: "dir.path from --set", recipe: #"prx.source("dir", { path = ".", command = "echo @TASK@" })"#,
            flags: ["--set", "dir.path=x"], error: "--set dir.path=x: task path does not exist: x (dir.path)"),
        Case(
            label: "glob.patterns that nothing gave", recipe: glob,
            error: "recipes/recipe.lua:1: source 'glob' needs the setting glob.patterns"),
    ]

    /// The error names where the refused value came from, in a dry run and a run alike, exit 2.
    @Test(arguments: cases)
    func aRefusedSettingNamesWhereItsValueCameFrom(_ given: Case) async throws {
        let bench = try Workbench()
        defer { bench.root.remove() }
        try bench.root.write("recipes/x.txt", "")
        try bench.root.write("recipes/args.txt", "a\n")
        let configuration = try bench.root.write(
            "home/cfg/prx.yaml", "plugins:\n  \(given.entries.isEmpty ? "{}" : given.entries)\n")
        try bench.root.write("recipes/recipe.lua", given.recipe + "\n")
        let error = given.error.replacingOccurrences(of: "CONFIG", with: configuration)
            .replacingOccurrences(of: "RECIPES", with: bench.root.file("recipes"))
        for run in [[], ["-r"]] {
            let outcome = try await bench.prx(["run", "recipes/recipe.lua"] + run + given.flags)
            #expect(outcome.status == 2, "\(run)")
            #expect(outcome.stderr == "prx: error: \(error)\n", "\(run)")
        }
    }
}
