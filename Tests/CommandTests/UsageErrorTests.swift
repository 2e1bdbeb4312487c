import Foundation
import PRXTesting
import Testing

@Suite(.runsProcesses) struct UsageErrorTests {
    @Test(arguments: [
        (["-T", "x", "-C", "true", "-m", "500"], "-m/--max"),
        (["-T", "x", "-C", "true", "-m", "-1"], "-m/--max must be between 1 and 100 (got -1)"),
        (["-T", "x", "-C", "true", "-s", "-0.5"], "-s/--sleep must be between 0 and 60 seconds (got -0.5)"),
        (["-T", "x", "-C", "true", "-t", "0"], "-t/--timeout"),
        (["-T", "x", "-C", "true", "-s", "61"], "-s/--sleep"),
        // Swift's Double(_:) read it as 16: parallelr (Python's float()) refuses hexadecimal.
        (["-T", "x", "-C", "true", "-s", "0x10"], "-s/--sleep takes a decimal number (got '0x10')"),
        (["-A", "args", "-E", "A,A", "-C", "echo"], "environment variable name 'A' is given twice"),
        (["-C", "true"], "-T/--TasksDir"),
        // It spoke of a configuration file's plugins:, which the user had not written (a --set of one is named).
        (["-r"], "prx: error: either -T/--TasksDir, -A/--arguments-file or --source is required (see 'prx --help')\n"),
        (["-r", "--set", "dir.path=x"], "prx: error: either -T/--TasksDir, -A/--arguments-file or --source is "
            + "required: --set dir.path gives the source dir its settings, not the choice of it: choose it with "
            + "--source dir (see 'prx --help')\n"),
        (["-T", "", "-C", "true"], "-T/--TasksDir takes paths, and one given is empty"),
        // It named a setting of a plugin (args-file.file) the user never wrote.
        (["-A", "", "-C", "echo @ARG@"], "-A/--arguments-file takes a file, and the one given is empty"),
        (["-T", "x", "-C", "true", "--bogus"], "--bogus"),
        (["-T", "a", "b", "-A", "args", "-C", "true"], "single template file"),
        (["-A", "args", "-S", "dash", "-C", "true"], "dash"),
        (["-T", "x", "-C", " "], "-C/--Command must not be empty"),
        (["-A", "args", "-C", "bash @TASK@"], "uses @TASK@, which with -A/--arguments-file is the template file"),
        (["-A", "args", "-C", "true", "-r", "--log-dir", ""], "--log-dir must name a directory"),
        (["-A", "args", "-C", "true", "-r", "--json", ""], "--json must name a file"),
        (["run", "x/recipe.lua", "--log-dir", ""], "--log-dir must name a directory"),
        // The run was resumed with its own flags, these left unused without a word.
        (["--resume", "20261203-120000-1", "-m", "5"], "-m/--max is not taken with --resume and --resume-failed"),
        (["--resume-failed", "20261203-120000-1", "--json", "x.jsonl"], "--json is not taken with --resume"),
        (["--resume", "20261203-120000-1", "--show-config"], "--show-config and --check-dependencies are not taken"),
        // The flag given is named: --resume was, for both.
        (["--resume-failed", "20261203-120000-1", "--validate-config"],
            "--check-dependencies are not taken with --resume-failed"),
        // swift-argument-parser's "Unknown option '-5'": a negative number after -k is its value, as argparse reads it.
        (["-k", "-5"], "prx: error: -k/--kill takes a PID or all (got '-5')"),
        (["--kill=-5", "--yes"], "prx: error: -k/--kill takes a PID or all (got '-5')"),
        (["-k", "-0.5"], "prx: error: -k/--kill takes a PID or all (got '-0.5')"),
        // Each was "a PID is only taken by -k/--kill", naming neither the word nor the mistake.
        (["-T", "x", "-C", "bash", "@TASK@", "-r"],
            "prx: error: unexpected argument '@TASK@' after -C/--Command 'bash': quote the whole command template, "
                + "as in -C 'bash @TASK@'\n"),
        (["stauts"], "prx: error: unexpected argument 'stauts': did you mean prx status?\n"),
        (["histroy", "--json"], "prx: error: unexpected argument 'histroy': did you mean prx history?\n"),
        // Other tools' commands and options: they were told that prx takes options only, or offered the nearest.
        (["help"], "prx: error: unexpected argument 'help': prx has no help command: did you mean prx --help?\n"),
        (["help", "run"],
            "prx: error: unexpected argument 'help': prx has no help command: did you mean prx run --help?\n"),
        (["version"], "prx: error: unexpected argument 'version': prx has no version command or option\n"),
        (["--version"], "prx: error: unknown option '--version': prx has no version option\n"),
        (["-V"], "prx: error: unknown option '-V': prx has no version option\n"),
        (["history", "--version"], "prx: error: unknown option '--version': prx has no version option\n"),
        (["recipe.lua", "-r"],
            "prx: error: unexpected argument 'recipe.lua': a Lua recipe is run with prx run recipe.lua\n"),
        (["-A", "args", "more.txt", "-C", "echo @ARG@"],
            "prx: error: unexpected argument 'more.txt' after -A/--arguments-file 'args': "
                + "-A/--arguments-file takes one value\n"),
        (["-r", "12345"], "prx: error: unexpected argument '12345': a PID is taken by -k/--kill only (prx -k 12345)\n"),
        (["-T", "x", "-r", "-C", "true", "--", "x"],
            "prx: error: unexpected argument 'x': prx takes options and their values only (see 'prx --help')\n"),
        // An option prx does not have is named, with the one it most likely misspells, or none when none is near:
        // the word after it was named instead ("unexpected argument 'x'"), or a hint as far as any ('--run').
        (["-T", "x", "-C", "true", "--csv", "x"],
            "prx: error: unknown option '--csv': did you mean --set csv.path=x?\n"),
        (["-T", "x", "-C", "true", "--csv=x"], "prx: error: unknown option '--csv': did you mean --set csv.path=x?\n"),
        (["-T", "x", "-C", "true", "--timout", "5"],
            "prx: error: unknown option '--timout': did you mean --timeout?\n"),
        (["-T", "x", "-c", "true"], "prx: error: unknown option '-c': did you mean -C?\n"),
        (["-T", "x", "-C", "true", "--bogus", "x"], "prx: error: unknown option '--bogus' (see 'prx --help')\n"),
        (["-T", "x", "-C", "true", "-rx", "5"], "prx: error: unknown option '-x' (see 'prx --help')\n"),
        (["run", "x/recipe.lua", "--csv", "x"], "prx: error: unknown option '--csv': did you mean --set csv.path=x?\n"),
        (["run", "x/recipe.lua", "--dryrun"], "prx: error: unknown option '--dryrun': did you mean --dry-run?\n"),
        // A recipe's run has no -D: it was offered -d, the debug flag ("did you mean -d?").
        (["run", "x/recipe.lua", "-r", "-D"], "prx: error: unknown option '-D': -D/--daemon detaches a run of flags "
            + "mode (prx … -r -D); a recipe's run cannot be a daemon (-d is --debug)\n"),
        (["run", "x/recipe.lua", "-rD"], "prx: error: unknown option '-D': -D/--daemon detaches a run of flags "
            + "mode (prx … -r -D); a recipe's run cannot be a daemon (-d is --debug)\n"),
        (["run", "x/recipe.lua", "--daemon"], "prx: error: unknown option '--daemon': -D/--daemon detaches a run of "
            + "flags mode (prx … -r -D); a recipe's run cannot be a daemon\n"),
        // The other commands have no -D either, and no recipe: they said "a recipe's run cannot be a daemon" too.
        (["history", "-D"],
            "prx: error: unknown option '-D': -D/--daemon detaches a run of flags mode (prx … -r -D)\n"),
        (["status", "-D"],
            "prx: error: unknown option '-D': -D/--daemon detaches a run of flags mode (prx … -r -D)\n"),
        (["plugins", "--daemon"],
            "prx: error: unknown option '--daemon': -D/--daemon detaches a run of flags mode (prx … -r -D)\n"),
        // The other commands refuse in prx's words, with the fix where there is one: they said swift-argument-parser's
        // "Unknown option '--jsn'. Did you mean '--json'?", "Unexpected argument 'release'", "Missing expected
        // argument '<task>'", capitalised, and nothing of the recipe's arguments going after --.
        (["history", "--jsn"], "prx: error: unknown option '--jsn': did you mean --json?\n"),
        (["plugins", "--jsn"], "prx: error: unknown option '--jsn': did you mean --json?\n"),
        (["status", "--json"], "prx: error: unknown option '--json' (see 'prx status --help')\n"),
        (["plugins", "foo"],
            "prx: error: unexpected argument 'foo': prx plugins takes options only (see 'prx plugins --help')\n"),
        (["history", "a", "b"], "prx: error: unexpected argument 'b': prx history takes [<run-id>] and options only "
            + "(see 'prx history --help')\n"),
        (["feedback", "20261203-120000-1"],
            "prx: error: missing <task>: prx feedback takes <run> <task> (see 'prx feedback --help')\n"),
        (["run"], "prx: error: missing <recipe.lua>: prx run takes <recipe.lua> (see 'prx run --help')\n"),
        (["run", "x/recipe.lua", "release"], "prx: error: unexpected argument 'release': arguments for the recipe go "
            + "after --, as in prx run x/recipe.lua -- release\n"),
        (["run", "x/recipe.lua", "release", "v 2", "-r", "--", "x"], "prx: error: unexpected argument 'release': "
            + "arguments for the recipe go after --, as in prx run x/recipe.lua -r -- release 'v 2' x\n"),
        // An empty name was dropped, so that the names after it took other fields.
        (["-A", "args", "-S", "comma", "-E", "HOST,,PORT", "-C", "true"], "'HOST,,PORT' has an empty entry"),
    ])
    func badUsageIsOneLineAndExitTwo(arguments: [String], mention: String) async throws {
        let home = try TemporaryDirectory()
        defer { home.remove() }
        try home.write("args", "a\n")
        try home.write("x/t.sh", "true\n")
        let outcome = try await PRXProcess.run(arguments, home: home.path, directory: home.path)
        #expect(outcome.status == 2)
        let lines = outcome.stderr.split(separator: "\n")
        #expect(lines.count == 1, "\(outcome.stderr)")
        #expect(outcome.stderr.hasPrefix("prx: error: "))
        #expect(outcome.stderr.contains(mention))
    }

    /// A run that no flag gives a source, whose user configuration's `plugins:` gives the source glob its settings, is
    /// told so, at the entry's line, and how to choose it; one without such an entry is not (the table above).
    @Test func aMissingSourceNamesTheConfigurationEntryOfOne() async throws {
        let home = try TemporaryDirectory()
        defer { home.remove() }
        let file = try home.write("cfg/prx.yaml", "plugins:\n  glob:\n    patterns: [x]\n")
        let outcome = try await PRXProcess.run(["-C", "bash @TASK@", "-r"], home: home.path, directory: home.path)
        #expect(outcome.status == 2)
        #expect(outcome.stderr == "prx: error: either -T/--TasksDir, -A/--arguments-file or --source is required: "
            + "\(file):2 gives the source glob its settings, not the choice of it: choose it with --source glob "
            + "(see 'prx --help')\n")
    }

    /// `--yes` answers `-k`'s question and is refused without it, before anything else is judged, as `prx history`
    /// refuses it without `--clear`: it was taken and did nothing without a word (a dry run, `--list-workers`,
    /// `--validate-config`, exit 0), and `prx --yes` alone was told that -T or -A was missing.
    @Test(arguments: [
        ["-T", "x", "-C", "bash @TASK@", "--yes"], ["-T", "x", "-C", "bash @TASK@", "-r", "--yes"], ["--yes"],
        ["--list-workers", "--yes"], ["--validate-config", "--yes"], ["--show-config", "--yes"],
    ])
    func yesWithoutKillIsRefused(arguments: [String]) async throws {
        let home = try TemporaryDirectory()
        defer { home.remove() }
        try home.write("x/t.sh", "touch \(home.file("ran"))\n")
        let outcome = try await PRXProcess.run(arguments, home: home.path, directory: home.path)
        #expect(outcome.status == 2)
        #expect(outcome.stderr == "prx: error: --yes is only taken with -k/--kill, which it answers "
            + "(see 'prx --help')\n")
        #expect(outcome.stdout.isEmpty, "\(outcome.stdout)")
        #expect(!FileManager.default.fileExists(atPath: home.file("ran")))
        let answered = try await PRXProcess.run(["-k", "--yes"], home: home.path, directory: home.path)
        #expect(answered.status == 0, "\(answered.stderr)")
    }

    /// `--list-workers` and `-k` are refused with `--resume` and `--resume-failed`, as `--validate-config` is: each
    /// was done and the resumption dropped without a word (the worker table printed, every prx asked to stop; exit 0).
    @Test(arguments: [
        (["--resume", "20261206-155137-1", "--list-workers"], "--list-workers is not taken with --resume"),
        (
            ["--list-workers", "--resume-failed", "20261206-155137-1"],
            "--list-workers is not taken with --resume-failed"
        ),
        (["--resume", "20261206-155137-1", "-k", "--yes"], "-k/--kill is not taken with --resume"),
        (["-k", "--resume-failed", "20261206-155137-1"], "-k/--kill is not taken with --resume-failed"),
    ])
    func listingOrStoppingWorkersTakesNoResumption(arguments: [String], refusal: String) async throws {
        let home = try TemporaryDirectory()
        defer { home.remove() }
        let outcome = try await PRXProcess.run(arguments, home: home.path, directory: home.path)
        #expect(outcome.status == 2)
        #expect(outcome.stderr == "prx: error: \(refusal) (see 'prx --help')\n")
        #expect(outcome.stdout.isEmpty, "\(outcome.stdout)")
    }

    /// Each command's usage line and usage errors name it as it is typed, `prx run`: the usage line read
    /// `run <recipe.lua> …`, a command that does not exist, and an error sent the user to `prx --help`, which does
    /// not describe the command's options.
    @Test(arguments: [
        ("run", "<recipe.lua>", ["run", "--bogus"]), ("history", "[<run-id>]", ["history", "a", "b"]),
        ("status", "[<run>]", ["status", "a", "b"]), ("feedback", "<run>", ["feedback"]),
        ("plugins", "[--json]", ["plugins", "x"]),
    ])
    func aCommandsUsageNamesItAsTyped(command: String, operands: String, wrong: [String]) async throws {
        let home = try TemporaryDirectory()
        defer { home.remove() }
        let help = try await PRXProcess.run([command, "--help"], home: home.path, directory: home.path)
        #expect(help.status == 0)
        #expect(help.stdout.contains("\nUSAGE: prx \(command) \(operands)"), "\(help.stdout)")
        let refused = try await PRXProcess.run(wrong, home: home.path, directory: home.path)
        #expect(refused.status == 2)
        #expect(refused.stderr.hasSuffix(" (see 'prx \(command) --help')\n"), "\(refused.stderr)")
    }

    /// An argument that is not UTF-8 is refused: it ran with U+FFFD in place of its bytes (another command than
    /// the one given), or named a file that does not exist. The error shows the bytes that are not UTF-8 as `\xNN`
    /// (it showed U+FFFD, the same for every byte), the rest as it is, its control characters escaped.
    @Test(arguments: [
        (#"echo \377 @ARG@"#, #"echo \xff @ARG@"#),
        (#"caf\303\251\351\n\033\376\377"#, #"café\xe9\n\x1b\xfe\xff"#),
    ])
    func anArgumentThatIsNotUTF8IsRefused(printed: String, shown: String) async throws {
        let home = try TemporaryDirectory()
        defer { home.remove() }
        try home.write("args", "a\n")
        let outcome = try await PRXProcess.run(
            ["-c", #"exec "$0" -A args -C "$(printf '\#(printed)')" -r"#, PRXProcess.executablePath],
            executable: "/bin/sh", home: home.file("home"), directory: home.path)
        #expect(outcome.status == 2)
        #expect(outcome.stderr == "prx: error: argument 4 is not UTF-8 (it reads '\(shown)'); prx takes its "
            + "arguments, commands and paths as UTF-8\n", "\(outcome.stderr)")
        #expect(!FileManager.default.fileExists(atPath: home.file("home/logs")))
    }

    /// A directory variable prx reads that is not UTF-8 is refused: its script configuration went unread (a
    /// directory named with U+FFFD does not exist), and its caps with it. The error shows the byte as `\xNN`.
    @Test(arguments: ["PRX_CONFIG_DIR", "PRX_HOME", "HOME"])
    func aDirectoryVariableThatIsNotUTF8IsRefused(name: String) async throws {
        let home = try TemporaryDirectory()
        defer { home.remove() }
        let outcome = try await PRXProcess.run(
            ["-c", #"\#(name)="$(printf '/tmp/caf\351')" exec "$0" --validate-config"#, PRXProcess.executablePath],
            executable: "/bin/sh", home: home.file("home"), directory: home.path)
        #expect(outcome.status == 2)
        #expect(outcome.stderr == "prx: error: \(name) is not UTF-8 (it reads '/tmp/caf\\xe9'); prx takes its "
            + "paths as UTF-8\n", "\(outcome.stderr)")
    }

    /// The message used to be Foundation's "The operation could not be completed. (NSCocoaErrorDomain error 512.)".
    /// The error names the flag that chooses the directory, and no configuration key (it named `logging.log_dir`,
    /// which prx, like parallelr, does not have).
    @Test func aLogDirectoryThatCannotBeMadeNamesTheFlagAndTheReason() async throws {
        let home = try TemporaryDirectory()
        defer { home.remove() }
        try home.write("args", "a\n")
        try home.write("plain", "not a directory\n")
        let outcome = try await PRXProcess.run(
            ["-A", "args", "-C", "true @ARG@", "-r", "--log-dir", "plain/logs"], home: home.file("home"),
            directory: home.path)
        #expect(outcome.status == 2)
        #expect(outcome.stderr == "prx: error: cannot create the log directory (--log-dir) "
            + "plain/logs: ./plain is not a directory\n")
    }

    /// A log directory named through a loop of symbolic links is refused with the link's own error, for the run and
    /// for a directory under it: it was `./loop1 is not a directory`, which sent the user looking for a file there.
    @Test(arguments: ["loop1", "loop1/sub"])
    func aLogDirectoryThroughALoopOfLinksNamesTheLoop(logDirectory: String) async throws {
        let home = try TemporaryDirectory()
        defer { home.remove() }
        try home.write("args", "a\n")
        #expect(symlink("loop2", home.file("loop1")) == 0)
        #expect(symlink("loop1", home.file("loop2")) == 0)
        let outcome = try await PRXProcess.run(
            ["-A", "args", "-C", "true @ARG@", "-r", "--log-dir", logDirectory], home: home.file("home"),
            directory: home.path)
        #expect(outcome.status == 2)
        #expect(outcome.stderr == "prx: error: cannot create the log directory (--log-dir) "
            + "\(logDirectory): Too many levels of symbolic links\n")
    }

    /// The home's own log directory that cannot be made (a regular file at `PRX_HOME/logs`) is not blamed on
    /// `--log-dir`, which was not given: the error said `the log directory (--log-dir)`.
    @Test func theHomesLogDirectoryThatCannotBeMadeNamesNoFlag() async throws {
        let home = try TemporaryDirectory()
        defer { home.remove() }
        try home.write("args", "a\n")
        try home.write("home/logs", "not a directory\n")
        let outcome = try await PRXProcess.run(
            ["-A", "args", "-C", "true @ARG@", "-r"], home: home.file("home"), directory: home.path)
        #expect(outcome.status == 2)
        #expect(outcome.stderr == "prx: error: cannot create the log directory \(home.file("home/logs")): "
            + "\(home.file("home/logs")) is not a directory\n")
    }

    /// A dry run stopped by its source (a line over 16 MiB) still prints the commands before it, as `-r` runs
    /// them: they were lost with the error, unwritten in the dry run's buffer.
    @Test func aDryRunStoppedByItsSourcePrintsWhatCameBefore() async throws {
        let home = try TemporaryDirectory()
        defer { home.remove() }
        let long = String(repeating: "z", count: 17_000_000)
        try home.write("args", "first\n\(long)\n")
        let outcome = try await PRXProcess.run(
            ["-A", "args", "-C", "echo @ARG@"], home: home.file("home"), directory: home.path)
        #expect(outcome.status == 2)
        #expect(outcome.stdout == "echo first\n")
        #expect(outcome.stderr
            == "prx: error: cannot read arguments file args: a line is longer than 16 MiB (args:2)\n")
    }

    /// An arguments line with fewer fields than `-E` names is that line's `ERROR`, and the other lines run, exit 1,
    /// from a regular file and from a pipe alike (README: not a refusal of the whole file before anything runs): a
    /// regular file was read whole first and refused, line 201 stopping every task (exit 2), and a pipe ran the
    /// lines before it and cancelled those after it (exit 2).
    @Test(arguments: [false, true])
    func aShortLineIsItsOwnTasksErrorAndTheOthersRun(fromAPipe: Bool) async throws {
        let bench = try Workbench()
        defer { bench.root.remove() }
        let lines = (1...200).map { "h\($0),\($0)" } + ["lonely", "h202,202"]
        try bench.root.write("hosts.csv", lines.joined(separator: "\n") + "\n")
        let file = fromAPipe ? "/dev/stdin" : "hosts.csv"
        let flags = ["-A", file, "-S", "comma", "-E", "HOST,PORT", "-C", "touch \(bench.root.path)/ran-$HOST", "-r"]
        let script = (fromAPipe ? "cat hosts.csv | " : "") + "\"$0\" \"$@\""
        let outcome = try await PRXProcess(
            ["sh", "-c", script, PRXProcess.executablePath] + flags, executable: "/usr/bin/env", home: bench.home,
            directory: bench.root.path
        ).wait(killingAfter: 60)
        #expect(outcome.status == 1, "\(outcome.stderr)")
        #expect(outcome.stderr.isEmpty, "\(outcome.stderr)")
        let records = try await bench.summaryRecords()
        #expect(records.count == 202)
        let errors = records.filter { $0["status"] != "SUCCESS" }
        #expect(errors.map { $0["status"] } == ["ERROR"], "\(errors)")
        #expect(errors.first?["error_message"] == "\(file):201: 2 environment variable names (-E) but only 1 field")
        let ran = try FileManager.default.contentsOfDirectory(atPath: bench.root.path).filter { $0.hasPrefix("ran-") }
        #expect(ran.count == 201 && ran.contains("ran-h202"), "\(ran.count)")
    }

    @Test func aMissingTaskPathIsNamed() async throws {
        let home = try TemporaryDirectory()
        defer { home.remove() }
        let outcome = try await PRXProcess.run(["-T", "/nonexistent/prx-tasks", "-C", "bash @TASK@"], home: home.path)
        #expect(outcome.status == 2)
        #expect(outcome.stderr.contains("/nonexistent/prx-tasks"))
    }

    /// `prx run --help` said the logs go to `~/parallelr/logs` by default, where a run with `PRX_HOME` set writes
    /// them to `$PRX_HOME/logs`: the recipe command's help has no other line saying so, as flags mode's has.
    @Test(arguments: [["run", "--help"], ["--help"]])
    func helpNamesTheLogDirectoryThatPRXHomeGives(arguments: [String]) async throws {
        let home = try TemporaryDirectory()
        defer { home.remove() }
        let outcome = try await PRXProcess.run(arguments, home: home.path)
        #expect(outcome.status == 0)
        let words = outcome.stdout.split(whereSeparator: \.isWhitespace).joined(separator: " ")
        let logDirectory = "(default: ~/parallelr/logs, or $PRX_HOME/logs with PRX_HOME set)"
        #expect(words.contains(logDirectory), "\(outcome.stdout)")
    }

    @Test func helpListsEveryFlagWithItsDefault() async throws {
        let home = try TemporaryDirectory()
        defer { home.remove() }
        let outcome = try await PRXProcess.run(["--help"], home: home.path)
        #expect(outcome.status == 0)
        for flag in ["--TasksDir", "--Command", "--run", "--max", "--timeout", "--sleep", "--file-extension",
                     "--arguments-file", "--env-var", "--separator", "--debug", "--enable-stop-limits",
                     "--no-task-output-log", "--log-dir", "--json"] {
            #expect(outcome.stdout.contains(flag), "\(flag)")
        }
        #expect(outcome.stdout.contains("default: 20"))
        #expect(outcome.stdout.contains("default: 600"))
    }

    /// A home whose log directory cannot be made left behind the parents prx had made for it: under `umask 777` (as a
    /// user other than root) `PRX_HOME` itself, made with no permissions, which no one could use. Those made are
    /// removed again; a name too long to make stands in for the permission here, which root would not be refused.
    @Test func aHomeThatCannotBeMadeLeavesNoDirectoryBehind() async throws {
        let root = try TemporaryDirectory()
        defer { root.remove() }
        try root.write("args", "a\n")
        let home = root.file("made/also/" + String(repeating: "x", count: 300))
        let outcome = try await PRXProcess.run(
            ["-A", "args", "-C", "true @ARG@", "-r"], home: home, directory: root.path)
        #expect(outcome.status == 2)
        #expect(outcome.stderr == "prx: error: cannot create the log directory \(home)/logs: File name too long\n")
        #expect(!FileManager.default.fileExists(atPath: root.file("made")))
        #expect(FileManager.default.fileExists(atPath: root.file("args")))
    }
}
