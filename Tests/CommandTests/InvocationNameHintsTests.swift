import Foundation
import PRXTesting
import Testing

/// The hints and usage lines that name a command to type name it as prx was started: a build of one's own (`my-prx`,
/// docs/PLUGINS.md) or the `ptasker` link. They said `prx` whatever the name (`(see 'prx run --help')`, `(prx history
/// lists them)`), where the same process's summary and daemon lines used its own. The error lines still start `prx:`,
/// as they do under any name.
@Suite(.runsProcesses) struct InvocationNameHintsTests {
    /// A link called `name` to the built prx in `bench`'s directory.
    private func link(_ name: String, in bench: Workbench) throws -> String {
        let link = bench.root.file(name)
        try FileManager.default.createSymbolicLink(atPath: link, withDestinationPath: PRXProcess.executablePath)
        return link
    }

    @Test(arguments: [
        (["run", "--bogus"], "prx: error: unknown option '--bogus' (see 'NAME run --help')\n"),
        (["history", "bad"],
            "prx: error: run 'bad' is not a run id: prx names runs by start and PID, like 20261204-053113-25733 "
                + "(NAME history lists them)\n"),
        (["-T", "x", "-r", "-C", "true", "--", "x"],
            "prx: error: unexpected argument 'x': prx takes options and their values only (see 'NAME --help')\n"),
        (["stauts"], "prx: error: unexpected argument 'stauts': did you mean NAME status?\n"),
        (["recipe.lua", "-r"],
            "prx: error: unexpected argument 'recipe.lua': a Lua recipe is run with NAME run recipe.lua\n"),
        (["-r", "12345"],
            "prx: error: unexpected argument '12345': a PID is taken by -k/--kill only (NAME -k 12345)\n"),
        (["-T", "x", "-C", "true", "--csv"],
            "prx: error: unknown option '--csv': the csv plugin's settings are given with --set csv.KEY=VALUE "
                + "('NAME plugins' lists them)\n"),
        (["run", "r.lua", "-D"],
            "prx: error: unknown option '-D': -D/--daemon detaches a run of flags mode (NAME … -r -D); "
                + "a recipe's run cannot be a daemon (-d is --debug)\n"),
        (["--set", "nope.x=1", "--validate-config"],
            "prx: error: --set nope.x=1: unknown plugin 'nope' (see 'NAME plugins')\n"),
        (["-D"], "prx: error: -D/--daemon needs -r/--run (see 'NAME --help')\n"),
        (["history", "--clear", "20261203-120000-1"],
            "prx: error: --clear clears the whole history and takes no run (got 20261203-120000-1) "
                + "(see 'NAME history --help')\n"),
        (["feedback", "20261203-120000-1"], "prx: error: missing <task>: NAME feedback takes <run> <task> "
            + "(see 'NAME feedback --help')\n"),
    ])
    func hintsNameTheCommandAsStarted(arguments: [String], expected: String) async throws {
        let bench = try Workbench()
        defer { bench.root.remove() }
        for name in ["my-prx", "ptasker"] {
            let outcome = try await PRXProcess.run(
                arguments, executable: try link(name, in: bench), home: bench.home, directory: bench.root.path)
            #expect(outcome.status == 2)
            #expect(outcome.stderr == expected.replacingOccurrences(of: "NAME", with: name), "\(name)")
        }
    }

    /// Both helps name the log directory the name gives (parallelr's `~/parallelr/logs`, ptasker's `~/ptasker/logs`):
    /// they said `~/parallelr/logs` under `ptasker` too, whose runs write to `~/ptasker/logs`.
    @Test(arguments: [["--help"], ["run", "--help"]])
    func helpNamesTheLogDirectoryOfTheName(arguments: [String]) async throws {
        let bench = try Workbench()
        defer { bench.root.remove() }
        for (name, directory) in [("my-prx", "parallelr"), ("ptasker", "ptasker")] {
            let outcome = try await PRXProcess.run(
                arguments, executable: try link(name, in: bench), home: bench.home, directory: bench.root.path)
            #expect(outcome.status == 0)
            let words = outcome.stdout.split(whereSeparator: \.isWhitespace).joined(separator: " ")
            #expect(words.contains("~/\(directory)/logs"), "\(name): \(outcome.stdout)")
            #expect(!words.contains("~/\(directory == "ptasker" ? "parallelr" : "ptasker")/logs"), "\(name)")
        }
    }

    /// The usage lines of every command's help, and flags mode's list of the other commands, with their options'
    /// help that names a command (`--resume`'s `see 'my-prx history'`).
    @Test func helpNamesTheCommandAsStarted() async throws {
        let bench = try Workbench()
        defer { bench.root.remove() }
        let myPRX = try link("my-prx", in: bench)
        func help(_ arguments: [String]) async throws -> String {
            let outcome = try await PRXProcess.run(
                arguments + ["--help"], executable: myPRX, home: bench.home, directory: bench.root.path)
            #expect(outcome.status == 0)
            return outcome.stdout.split(whereSeparator: \.isWhitespace).joined(separator: " ")
        }
        let flagsMode = try await help([])
        #expect(flagsMode.contains("USAGE: my-prx [<options>]"), "\(flagsMode)")
        #expect(flagsMode.contains("Run a past run (see 'my-prx history') again"))
        #expect(flagsMode.contains("instead of -T/-A (see 'my-prx plugins')"))
        for line in [
            "my-prx plugins [--json] every plugin", "my-prx history [RUN] [--json] [--clear] past runs",
            "my-prx status [RUN] runs going on now", "my-prx feedback RUN TASK a task's",
            "my-prx run recipe.lua [-r] [-- ARGS] a Lua recipe",
        ] {
            #expect(flagsMode.contains(line), "\(line)")
        }
        for command in ["run", "history", "status", "plugins", "feedback"] {
            let text = try await help([command])
            #expect(text.contains("USAGE: my-prx \(command)"), "\(command): \(text)")
        }
        #expect(try await help(["feedback"]).contains("The run, as 'my-prx history' names it."))
    }

    /// A resumption's refusal names the command to type as this process was started.
    @Test func aResumptionsHintNamesTheCommandAsStarted() async throws {
        let bench = try Workbench()
        defer { bench.root.remove() }
        let myPRX = try link("my-prx", in: bench)
        try bench.root.write("tasks/a.sh", "exit 1\n")
        let first = try await PRXProcess.run(
            ["-T", "tasks", "-C", "sh @TASK@", "-r"], executable: myPRX, home: bench.home, directory: bench.root.path)
        #expect(first.status == 1)
        let runID = try #require(bench.runIDs().first)
        let second = try await PRXProcess.run(
            ["--resume-failed", runID], executable: myPRX, home: bench.home, directory: bench.root.path)
        #expect(second.status == 1)
        let third = try await PRXProcess.run(
            ["--resume", runID], executable: myPRX, home: bench.home, directory: bench.root.path)
        #expect(third.status == 2)
        let later = try #require(bench.runIDs().last)
        #expect(third.stderr == "prx: error: run \(runID) was resumed by run \(later); resume that one "
            + "(my-prx --resume \(later))\n")
    }
}
