import Foundation
import PRXTesting
import Testing

/// A value joined to a long option with `=` is read as argparse reads it. An empty one (`--max=`) is the option's
/// value, as `--max ""` and `-m=` are, which the command refuses by the option where no run could take it, or takes:
/// swift-argument-parser refused it in its own words, naming no run's rule (`Missing value for '--max <n>'`). A value
/// joined to a flag (`--run=x`, `--run=`) is refused by name: an empty one was taken for the flag, so that `--run=` ran
/// the tasks and `prx history --clear= --yes=` cleared the history, and another was refused in the parser's words.
@Suite(.runsProcesses) struct JoinedOptionValueTests {
    /// Each kind of option: a whole number, a decimal number, a command template, a file, a directory, a name among
    /// a list, a run's id, a plugin's name, each of `prx run`'s.
    @Test(arguments: [
        (["-T", "t", "-C", "true", "--max="], "-m/--max takes a whole number (got '') (see 'prx --help')"),
        (["-T", "t", "-C", "true", "--timeout="], "-t/--timeout takes a whole number (got '') (see 'prx --help')"),
        (["-T", "t", "-C", "true", "--sleep="], "-s/--sleep takes a decimal number (got '') (see 'prx --help')"),
        (["-T", "t", "-C", "true", "--heartbeat-timeout="],
            "--heartbeat-timeout takes a decimal number (got '') (see 'prx --help')"),
        (["-T", "t", "--Command="], "-C/--Command must not be empty (see 'prx --help')"),
        (["-C", "echo @ARG@", "--arguments-file="],
            "-A/--arguments-file takes a file, and the one given is empty (see 'prx --help')"),
        (["-T", "t", "-C", "true", "--json="], "--json must name a file (see 'prx --help')"),
        (["-T", "t", "-C", "true", "--log-dir="], "--log-dir must name a directory (see 'prx --help')"),
        (["-A", "args", "-C", "echo @ARG@", "--separator="],
            "unknown separator '' (-S); use one of: space, whitespace, tab, comma, semicolon, pipe, colon"),
        (["-T", "t", "-C", "true", "--resume="],
            "--resume '' is not a run id: prx names runs by start and PID, like 20261204-053113-25733 (prx history "
                + "lists them)"),
        (["-T", "t", "-C", "true @TASK@", "--executor="], "unknown executor '' (valid: local)"),
        (["-T", "t", "-C", "true", "--sink="], "unknown sink '' (valid: csv, json, log, output)"),
        // Each was read as the file named '': `cannot open : No such file or directory`.
        (["-T", "t", "-C", "true", "--hook="], "--hook must name a Lua file (see 'prx --help')"),
        (["-A", "args", "-C", "echo @ARG@", "--parser="], "--parser must name a Lua file (see 'prx --help')"),
        (["run", "r.lua", "--max="], "-m/--max takes a whole number (got '') (see 'prx run --help')"),
        (["run", "r.lua", "--json="], "--json must name a file (see 'prx run --help')"),
        (["run", "r.lua", "--log-dir="], "--log-dir must name a directory (see 'prx run --help')"),
    ])
    func anEmptyJoinedValueIsTheOptionsValue(arguments: [String], message: String) async throws {
        let bench = try Self.workbench()
        defer { bench.root.remove() }
        let outcome = try await Self.refusal(of: arguments, on: bench, is: message)
        // The same as the value given apart, `--max ""`.
        var apart = arguments
        apart[apart.count - 1].removeLast()
        apart.append("")
        #expect(try await bench.prx(apart).stderr == outcome.stderr)
    }

    /// An empty value some options take: `--file-extension=`, every file, as parallelr takes it.
    @Test func anEmptyValueAnOptionTakesIsTaken() async throws {
        let bench = try Self.workbench()
        defer { bench.root.remove() }
        try bench.root.write("t/b.txt", "true\n")
        let outcome = try await bench.prx(["-T", "t", "-C", "echo @TASK@", "--file-extension="])
        #expect(outcome.status == 0)
        #expect(outcome.stderr == "")
        #expect(outcome.stdout.contains("echo \(bench.root.file("t/a.sh"))\n"))
        #expect(outcome.stdout.contains("echo \(bench.root.file("t/b.txt"))\n"))
    }

    @Test(arguments: [
        (["-T", "t", "-C", "touch ran", "--run="], "-r/--run takes no value (got '--run=') (see 'prx --help')"),
        (["-T", "t", "-C", "touch ran", "-r", "--ru=x"], "-r/--run takes no value (got '--ru=x') (see 'prx --help')"),
        (["-T", "t", "-C", "touch ran", "-r", "--debug=1"],
            "-d/--debug takes no value (got '--debug=1') (see 'prx --help')"),
        (["-T", "t", "-C", "touch ran", "-r", "--sync="], "--sync takes no value (got '--sync=') (see 'prx --help')"),
        (["run", "r.lua", "--run="], "-r/--run takes no value (got '--run=') (see 'prx run --help')"),
        (["run", "r.lua", "-r", "--dry-run=x"],
            "--dry-run takes no value (got '--dry-run=x') (see 'prx run --help')"),
        (["plugins", "--json="], "--json takes no value (got '--json=') (see 'prx plugins --help')"),
        // Each was refused as the unknown option `-=`.
        (["-T", "t", "-C", "touch ran", "-r="], "-r/--run takes no value (got '-r=') (see 'prx --help')"),
        (["-T", "t", "-C", "touch ran", "-dr=x"], "-r/--run takes no value (got '-dr=x') (see 'prx --help')"),
        (["run", "r.lua", "-r="], "-r/--run takes no value (got '-r=') (see 'prx run --help')"),
    ])
    func aValueJoinedToAFlagIsRefusedByName(arguments: [String], message: String) async throws {
        let bench = try Self.workbench()
        defer { bench.root.remove() }
        try await Self.refusal(of: arguments, on: bench, is: message)
        #expect(!FileManager.default.fileExists(atPath: bench.root.file("ran")))
        #expect(!FileManager.default.fileExists(atPath: bench.logs))
    }

    /// `prx history --clear= --yes=` cleared the history without a question.
    @Test func historyIsNotClearedByFlagsGivenValues() async throws {
        let bench = try Self.workbench()
        defer { bench.root.remove() }
        #expect(try await bench.prx(["-T", "t", "-C", "true", "-r"]).status == 0)
        let journals = try FileManager.default.contentsOfDirectory(atPath: bench.home + "/history")
        #expect(!journals.isEmpty)
        try await Self.refusal(
            of: ["history", "--clear=", "--yes="], on: bench,
            is: "--clear takes no value (got '--clear=') (see 'prx history --help')")
        #expect(try FileManager.default.contentsOfDirectory(atPath: bench.home + "/history") == journals)
    }

    /// `-k=` was `-k`, which stops every prx process the user runs, after asking, where `--kill=` is refused.
    @Test(arguments: [["-k="], ["--kill="], ["-dk="]])
    func anEmptyPIDIsRefused(arguments: [String]) async throws {
        let bench = try Workbench()
        defer { bench.root.remove() }
        try await Self.refusal(
            of: arguments, on: bench, is: "-k/--kill takes a PID or all (got '') (see 'prx --help')")
    }

    /// A workbench with a task file (`t/a.sh`), an arguments file (`args`) and a recipe (`r.lua`) whose task, run,
    /// makes the file `ran`.
    private static func workbench() throws -> Workbench {
        let bench = try Workbench()
        try bench.root.write("t/a.sh", "true\n")
        try bench.root.write("args", "a\n")
        try bench.root.write("r.lua", "prx.task { name = \"a\", cmd = function() return { \"touch\", \"ran\" } end }\n")
        return bench
    }

    /// prx's outcome for `arguments` on `bench`, expected to be the refusal `message`: that line alone, exit 2.
    @discardableResult
    private static func refusal(
        of arguments: [String], on bench: Workbench, is message: String
    ) async throws -> PRXProcess.Outcome {
        let outcome = try await bench.prx(arguments)
        #expect(outcome.status == 2)
        #expect(outcome.stdout == "")
        #expect(outcome.stderr == "prx: error: \(message)\n")
        return outcome
    }
}
