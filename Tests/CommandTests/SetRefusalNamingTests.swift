import Foundation
import PRXTesting
import Testing

/// A `--set` that the plugin it names refuses (an unknown key, a value of the wrong type or out of bounds) is refused
/// naming the `--set` as given, as one naming no plugin is (`--set bogus.x=1: unknown plugin 'bogus'`), in flags
/// mode (a dry run, a run, `--validate-config`) and in a recipe's run alike. It named the plugin's setting alone
/// (`unknown setting 'bogus' for executor 'local' (valid: …)`), and not the flag it came from. So is a value that the
/// plugin refuses as it is made, or as its values are checked, past the check of its type and bounds, as a
/// configuration file's is named by its file and line: it was named by the setting alone (`glob.ext '.' names no
/// extension, …`).
@Suite(.runsProcesses) struct SetRefusalNamingTests {
    @Test(arguments: [
        (["-C", "sh @TASK@"], "local.bogus=1", "unknown setting 'bogus' for executor 'local' (valid: adopt_orphans, "
            + "feedback, feedback_dir, heartbeat_timeout, max_output_capture, termination_grace, use_process_groups)"),
        (["-C", "sh @TASK@"], "local.max_output_capture=abc",
            "setting local.max_output_capture must be a whole number (got 'abc')"),
        (["-C", "sh @TASK@"], "glob.ext=.",
            "glob.ext '.' names no extension, so no task file would match: write them as txt,log"),
        ([], "glob.command=sh @ARG_0@", "@ARG_0@ names no field; fields count from @ARG_1@ (glob.command)"),
    ])
    func theRefusalNamesTheSet(flags: [String], assignment: String, refusal: String) async throws {
        let bench = try Workbench()
        defer { bench.root.remove() }
        try bench.root.write("tasks/t.sh", "touch \(bench.root.file("ran"))\n")
        try bench.root.write("r.lua", "prx.source(\"glob\", { patterns = { \"tasks\" }, command = \"sh @TASK@\" })\n")
        let line = "prx: error: --set \(assignment): \(refusal)\n"
        for (mode, outcome) in try await bench.prxInEveryMode(["-T", "tasks", "--set", assignment] + flags) {
            #expect(outcome.status == 2, "\(mode)")
            #expect(outcome.stderr == line, "\(mode)")
        }
        for mode in [[], ["-r"]] {
            let outcome = try await bench.prx(["run", "r.lua", "--set", assignment] + mode)
            #expect(outcome.status == 2, "\(mode)")
            #expect(outcome.stderr == line, "\(mode)")
        }
        #expect(!FileManager.default.fileExists(atPath: bench.root.file("ran")))
    }

    /// A directory a `--set` gives that the run cannot make is named by that `--set`, as one a configuration file gives
    /// is named by its file and line.
    @Test func aFeedbackDirectoryTheRunCannotMakeNamesTheSet() async throws {
        let bench = try Workbench()
        defer { bench.root.remove() }
        try bench.root.write("tasks/t.sh", "touch \(bench.root.file("ran"))\n")
        try bench.root.write("file", "")
        let outcome = try await bench.prx(
            ["-T", "tasks", "-C", "sh @TASK@", "-r", "--feedback", "--set", "local.feedback_dir=file/feedback"])
        #expect(outcome.status == 2)
        #expect(outcome.stderr.hasPrefix("prx: error: --set local.feedback_dir=file/feedback: cannot create the "
            + "feedback directory (local.feedback_dir) "), "\(outcome.stderr)")
        #expect(outcome.stderr.split(separator: "\n").count == 1, "\(outcome.stderr)")
        #expect(!FileManager.default.fileExists(atPath: bench.root.file("ran")))
    }

    /// A setting that a plugin the command line chose cannot do without, and that nothing gave, is told how it is
    /// given, where a recipe's run names the recipe's line that chose the plugin: `--sink json` without `json.path`
    /// said only `sink 'json' needs the setting json.path`, which no `--set` gave.
    @Test(arguments: [
        (["-T", "tasks", "-C", "sh @TASK@", "--sink", "json"],
            "sink 'json' needs the setting json.path (--set json.path=… or a configuration file)"),
        (["--source", "glob", "--set", "glob.command=sh @TASK@"],
            "source 'glob' needs the setting glob.patterns (--set glob.patterns=… or a configuration file)"),
    ])
    func aMissingSettingSaysHowToGiveIt(arguments: [String], refusal: String) async throws {
        let bench = try Workbench()
        defer { bench.root.remove() }
        try bench.root.write("tasks/t.sh", "touch \(bench.root.file("ran"))\n")
        for mode in [[], ["-r"]] {
            let outcome = try await bench.prx(arguments + mode)
            #expect(outcome.status == 2, "\(mode)")
            #expect(outcome.stderr == "prx: error: \(refusal)\n", "\(mode)")
        }
        #expect(!FileManager.default.fileExists(atPath: bench.root.file("ran")))
    }
}
