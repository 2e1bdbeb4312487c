import Foundation
import PRXTesting
import Testing

/// The parallelr flags one by one, each on the built binary: what it changes in the files a run leaves.
@Suite(.runsProcesses) struct ParallelrFlagsTests {
    @Test func fileExtensionKeepsOnlyThoseFiles() async throws {
        let bench = try Workbench()
        defer { bench.root.remove() }
        for name in ["a.txt", "b.log", "c.sh", "d.txt.bak"] {
            try bench.root.write("tasks/\(name)", "true\n")
        }
        let folder = bench.root.file("tasks")
        let outcome = try await bench.prx(["-T", folder, "--file-extension", "txt,log", "-C", "bash @TASK@", "-r"])
        #expect(outcome.status == 0, "\(outcome.stderr)")
        let files = try await bench.summaryRecords().compactMap { $0["task_file"] }.sorted()
        #expect(files == ["\(folder)/a.txt", "\(folder)/b.log"])
    }

    /// The main log counts the task files found, in parallelr's words (`Discovered 3 task files`, `… with
    /// extensions: .txt, .log` with a filter, each extension once, as parallelr's set of them has it), after the
    /// configuration files it names and before `Starting parallel execution`; the arguments modes, which read their
    /// lines as the run goes, have no such line, as a dry run has no log. parallelr's debug output "includes the task
    /// discovery process", which prx's log had nothing of.
    @Test func theLogCountsTheTaskFilesFound() async throws {
        let bench = try Workbench()
        defer { bench.root.remove() }
        for name in ["a.txt", "b.LOG", "c.sh"] {
            try bench.root.write("tasks/\(name)", "true\n")
        }
        try bench.root.write("args.txt", "1\n2\n")
        for (arguments, line) in [
            (["-T", "tasks", "-C", "bash @TASK@"], "Discovered 3 task files"),
            (["-T", "tasks", "--file-extension", "TXT, .log", "-C", "bash @TASK@"],
             "Discovered 2 task files with extensions: .txt, .log"),
            // Each once, as parallelr's set of them has it.
            (["-T", "tasks", "--file-extension", "TXT, .log,txt,LOG", "-C", "bash @TASK@"],
             "Discovered 2 task files with extensions: .txt, .log"),
            (["-A", "args.txt", "-C", "true @ARG@"], nil),
        ] {
            let outcome = try await bench.prx(arguments + ["-r"])
            #expect(outcome.status == 0, "\(outcome.stderr)")
            let logFile = try #require(bench.logFiles(endingWith: ".log").first)
            let messages = try String(contentsOfFile: logFile, encoding: .utf8).split(separator: "\n")
                .map { $0.split(separator: " - ", maxSplits: 4).last.map(String.init) ?? "" }
            try FileManager.default.removeItem(atPath: bench.logs)
            let discovered = messages.filter { $0.hasPrefix("Discovered") }
            #expect(discovered == (line.map { [$0] } ?? []), "\(arguments): \(messages)")
            if let line {
                #expect(messages.firstIndex(of: line) == 2, "\(messages)")
                #expect(messages.firstIndex(of: "Starting parallel execution") == 3, "\(messages)")
            }
        }
    }

    /// A `--file-extension` naming no extension (`.`, `,`, a space) is a usage error naming the flag, before anything
    /// runs: it turned filtering off and ran every file, where parallelr makes each empty entry the suffix `.`, which
    /// no file has, and stops with "No task files found matching extensions: .". An empty value is no filter and an
    /// empty entry beside an extension is ignored, as in parallelr. The arguments modes leave a value naming an
    /// extension unused, as it does, with a warning, and refuse one naming none as well, as `--validate-config` does
    /// (they ran it, exit 0).
    @Test(arguments: [".", ",", " ", ". , ."])
    func aFileExtensionNamingNoExtensionIsRefused(list: String) async throws {
        let bench = try Workbench()
        defer { bench.root.remove() }
        for name in ["a.txt", "b.log", "notes."] {
            try bench.root.write("tasks/\(name)", "true\n")
        }
        let folder = bench.root.file("tasks")
        for run in [[], ["-r"]] {
            let outcome = try await bench.prx(["-T", folder, "--file-extension", list, "-C", "bash @TASK@"] + run)
            #expect(outcome.status == 2)
            #expect(outcome.stdout.isEmpty, "\(outcome.stdout)")
            #expect(outcome.stderr.hasPrefix(
                "prx: error: --file-extension '\(list)' names no extension, so no task file would match"),
                "\(outcome.stderr)")
            #expect(outcome.stderr.split(separator: "\n").count == 1, "\(outcome.stderr)")
        }
        #expect(bench.logFiles(endingWith: "").isEmpty, "\(bench.logFiles(endingWith: ""))")
        let unfiltered = try await bench.prx(["-T", folder, "--file-extension", "", "-C", "bash @TASK@", "-r"])
        #expect(unfiltered.status == 0, "\(unfiltered.stderr)")
        #expect(try await bench.summaryRecords().count == 3)
        let arguments = try bench.root.write("args", "x\n")
        let argumentsMode = try await bench.prx(["-A", arguments, "--file-extension", list, "-C", "echo @ARG@"])
        #expect(argumentsMode.status == 2)
        #expect(argumentsMode.stdout.isEmpty, "\(argumentsMode.stdout)")
        #expect(argumentsMode.stderr.hasPrefix(
            "prx: error: --file-extension '\(list)' names no extension, so no task file would match"),
            "\(argumentsMode.stderr)")
        let unused = try await bench.prx(["-A", arguments, "--file-extension", "txt", "-C", "echo @ARG@"])
        #expect(unused.status == 0, "\(unused.stderr)")
        #expect(unused.stdout.contains("echo x"), "\(unused.stdout)")
        #expect(unused.stderr == "prx: warning: --file-extension is not used with -A/--arguments-file\n")
    }

    /// An empty entry beside an extension (`txt,`) keeps that extension's files, as in parallelr, whose `.` for the
    /// empty entry matches nothing.
    @Test func anEmptyEntryBesideAnExtensionIsIgnored() async throws {
        let bench = try Workbench()
        defer { bench.root.remove() }
        for name in ["a.txt", "b.log"] {
            try bench.root.write("tasks/\(name)", "true\n")
        }
        let folder = bench.root.file("tasks")
        let outcome = try await bench.prx(["-T", folder, "--file-extension", "txt, ,.", "-C", "bash @TASK@", "-r"])
        #expect(outcome.status == 0, "\(outcome.stderr)")
        #expect(try await bench.summaryRecords().compactMap { $0["task_file"] } == ["\(folder)/a.txt"])
    }

    /// parallelr's argparse takes a short flag's value joined to it (`-m10`); prx took only `-m 10`.
    @Test func aShortFlagsValueMayBeJoinedToIt() async throws {
        let bench = try Workbench()
        defer { bench.root.remove() }
        let arguments = try bench.root.write("hosts.txt", "a,1\nb,2\n")
        let outcome = try await bench.prx(
            ["-A\(arguments)", "-Scomma", "-EHOST,PORT", "-Cecho @ARG_2@", "-m1", "-t30", "-s0", "-r"])
        #expect(outcome.status == 0, "\(outcome.stderr)")
        #expect(outcome.stdout.contains("- Workers: 1"))
        #expect(try await bench.summaryRecords().map { $0["command"] } == ["echo 1", "echo 2"])
        let recipe = try bench.root.write("recipe.lua", "prx.task { \"true\" }\n")
        #expect(try await bench.prx(["run", recipe, "-m2"]).status == 0)
    }

    /// argparse reads a cluster of short options letter by letter, the rest after a value-taking one being its
    /// value (`-rm1`, `-rdt30`, `-k12345`); prx read `-rm1` as `-r -m -1`, so that `-m` took the next argument.
    @Test func shortOptionsMayBeClusteredWithAJoinedValue() async throws {
        let bench = try Workbench()
        defer { bench.root.remove() }
        let folder = try bench.tasks(2) { _ in "true\n" }
        let outcome = try await bench.prx(["-rm1", "-T", folder, "-dt30", "-C", "bash @TASK@"])
        #expect(outcome.status == 0, "\(outcome.stderr)")
        #expect(outcome.stdout.contains("- Workers: 1"))
        #expect(try await bench.summaryRecords().count == 2)
        let log = try String(contentsOfFile: try #require(bench.logFiles(endingWith: ".log").first), encoding: .utf8)
        #expect(log.contains(" - DEBUG - "), "-d of -dt30 turns on DEBUG lines")
        let kill = try await bench.prx(["-k99999"])
        #expect(kill.status == 2)
        #expect(kill.stderr == "prx: error: PID 99999 is not a running prx process (see --list-workers)\n")
        let recipe = try bench.root.write("recipe.lua", "prx.task { \"true\" }\n")
        let run = try await bench.prx(["run", recipe, "-rm1"])
        #expect(run.status == 0, "\(run.stderr)")
        #expect(run.stdout.contains("Completed Successfully: 1\n"), "\(run.stdout)")
    }

    /// parallelr takes `-E` and `-S` without `-A`, and `-p` outside ptasker mode, and does nothing with them; prx
    /// refused `-E` (now a warning), and `-S` (exit 2), and said nothing of `-p`. Each is now a warning naming the
    /// flag, and the run goes on.
    @Test(arguments: [
        (["-E", "HOST"], "-E/--env-var is not used without -A/--arguments-file"),
        (["-S", "comma"], "-S/--separator is not used without -A/--arguments-file"),
        (["-p", "proj"], "-p/--project is not used outside ptasker mode (prx run by a name starting with ptasker)"),
    ])
    func flagsTheRunDoesNotUseAreWarnedOf(flag: [String], warning: String) async throws {
        let bench = try Workbench()
        defer { bench.root.remove() }
        let folder = try bench.tasks(1) { _ in "true\n" }
        let outcome = try await bench.prx(["-T", folder] + flag + ["-C", "bash @TASK@", "-r"])
        #expect(outcome.status == 0, "\(outcome.stderr)")
        #expect(outcome.stderr == "prx: warning: \(warning)\n")
        #expect(try await bench.summaryRecords().map { $0["status"] } == ["SUCCESS"])
    }

    /// argparse takes a unique prefix of a long option (`--Tasks`, `--time`), a value that starts with `-` and holds
    /// a space, and `-k`'s PID joined with `=` or `all`; prx refused each, so that parallelr command lines failed.
    @Test func longOptionsAreSpelledAsArgparseTakesThem() async throws {
        let bench = try Workbench()
        defer { bench.root.remove() }
        let folder = try bench.tasks(2) { _ in "true\n" }
        let outcome = try await bench.prx(
            ["--Tasks", folder, "--Comm", "bash @TASK@", "--time", "30", "--ma=1", "--ru"])
        #expect(outcome.status == 0, "\(outcome.stderr)")
        #expect(outcome.stdout.contains("- Workers: 1"), "\(outcome.stdout)")
        #expect(try await bench.summaryRecords().count == 2)
        // A program of that name, which a dry run looks up.
        try bench.root.write("bin/-x", "#!/bin/sh\n", executable: true)
        let path = bench.root.file("bin") + ":" + (ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin")
        let dashed = try await bench.prx(["-T", "\(folder)/task1.sh", "-C", "-x @TASK@"], environment: ["PATH": path])
        #expect(dashed.status == 0, "\(dashed.stderr)")
        #expect(dashed.stdout.hasPrefix("-x \(folder)/task1.sh\n"), "\(dashed.stdout)")
        let ambiguous = try await bench.prx(["-T", folder, "-C", "bash @TASK@", "--s", "1"])
        #expect(ambiguous.status == 2)
        #expect(ambiguous.stderr.hasPrefix("prx: error: ambiguous option: --s could match --sleep, --separator"))
        for form in [["--kill=99999"], ["-k=99999"]] {
            let kill = try await bench.prx(form)
            #expect(kill.stderr == "prx: error: PID 99999 is not a running prx process (see --list-workers)\n")
        }
        let all = try await bench.prx(["-k", "all", "--yes"])
        #expect(all.status == 0, "\(all.stderr)")
        #expect(all.stdout.contains("No running prx processes found."), "\(all.stdout)")
    }

    /// Each task path after `-T` that starts with `-` and holds a space is a path, as argparse reads it: only the
    /// first was, so that `-T a "-x y"` was refused as an unknown option.
    @Test func everyTaskPathMayStartWithADash() async throws {
        let bench = try Workbench()
        defer { bench.root.remove() }
        try bench.tasks(1, in: "a") { _ in "true\n" }
        try bench.root.write("-x y", "true\n")
        try bench.root.write("-z w", "true\n")
        let outcome = try await bench.prx(["-T", "a", "-x y", "-z w", "-C", "bash @TASK@", "-r"])
        #expect(outcome.status == 0, "\(outcome.stderr)")
        #expect(Set(try await bench.summaryRecords().compactMap { $0["task_file"] })
                == [bench.root.file("a/task1.sh"), bench.root.file("-x y"), bench.root.file("-z w")])
    }

    /// After `-T`, an option with its value joined, the value holding a space, was taken for a task path, so that
    /// `-T tasks --Command="bash @TASK@"` was refused: "-C/--Command is required". argparse reads a word that names an
    /// option as that option, and only a word naming none that holds a space (`-T "-odd dir"`) as a value.
    @Test(arguments: [
        ["--Command=bash @TASK@"], ["--Comm=bash @TASK@"], ["-Cbash @TASK@"], ["-C=bash @TASK@"], ["-dCbash @TASK@"],
        ["-odd dir", "-Cbash @TASK@"],
    ])
    func anOptionWithAJoinedValueAfterTheTasksIsAnOption(command: [String]) async throws {
        let bench = try Workbench()
        defer { bench.root.remove() }
        try bench.tasks(1, in: "tasks") { _ in "true\n" }
        try bench.root.write("-odd dir", "true\n")
        let outcome = try await bench.prx(["-T", "tasks"] + command + ["-r"])
        #expect(outcome.status == 0, "\(outcome.stderr)")
        let expected = [bench.root.file("tasks/task1.sh")] + (command.count > 1 ? [bench.root.file("-odd dir")] : [])
        #expect(Set(try await bench.summaryRecords().compactMap { $0["task_file"] }) == Set(expected))
    }

    /// `-m`, `-t` and `-s` take what parallelr's `int()` and `float()` take: whitespace around the number, an
    /// underscore between digits, any script's decimal digits; they were refused, in swift-argument-parser's words
    /// ("The value ' 5' is invalid for '-m <n>'"). What Python refuses is refused in prx's, naming the flag.
    @Test(arguments: [
        (["-m", " 5"], "  max_workers: 5  # flag: -m\n"), (["-m", "1_0"], "  max_workers: 10  # flag: -m\n"),
        (["-m", "+3"], "  max_workers: 3  # flag: -m\n"), (["-m", "\u{FF15}"], "  max_workers: 5  # flag: -m\n"),
        (["-t", "1_0"], "  timeout_seconds: 10  # flag: -t\n"),
        (["-s", " 1_0.5 "], "  task_start_delay: 10.5  # flag: -s\n"),
    ])
    func numberFlagsTakeWhatPythonTakes(flag: [String], line: String) async throws {
        let bench = try Workbench()
        defer { bench.root.remove() }
        let shown = try await bench.prx(["--show-config"] + flag)
        #expect(shown.status == 0, "\(shown.stderr)")
        #expect(shown.stdout.contains(line), "\(shown.stdout)")
        let folder = try bench.tasks(1) { _ in "true\n" }
        let run = try await bench.prx(["-T", folder, "-C", "bash @TASK@", "-r"] + flag)
        #expect(run.status == 0, "\(run.stderr)")
        if flag[0] == "-m" {
            #expect(run.stdout.contains("- Workers: \(line.filter(\.isNumber))\n"), "\(run.stdout)")
        }
    }

    @Test(arguments: [
        (["-m", "1__0"], "-m/--max takes a whole number (got '1__0')"),
        (["-m", "_5"], "-m/--max takes a whole number (got '_5')"),
        (["-t", "5.0"], "-t/--timeout takes a whole number (got '5.0')"),
        (["--timeout=x"], "-t/--timeout takes a whole number (got 'x')"),
        (["-s", "0x10"], "-s/--sleep takes a decimal number (got '0x10')"),
        (["--heartbeat-timeout", "soon"], "--heartbeat-timeout takes a decimal number (got 'soon')"),
        (["-m", "99999999999999999999"], "-m/--max must be between 1 and 100 (got 99999999999999999999)"),
        (["run", "recipe.lua", "-m", "x"], "-m/--max takes a whole number (got 'x')"),
    ])
    func aNumberPythonRefusesIsRefusedNamingTheFlag(flag: [String], message: String) async throws {
        let bench = try Workbench()
        defer { bench.root.remove() }
        let folder = try bench.tasks(1) { _ in "true\n" }
        let arguments = flag.first == "run" ? flag : ["-T", folder, "-C", "bash @TASK@"] + flag
        let outcome = try await bench.prx(arguments)
        #expect(outcome.status == 2)
        let help = flag.first == "run" ? "prx run --help" : "prx --help"
        #expect(outcome.stderr == "prx: error: \(message) (see '\(help)')\n")
    }

    @Test func sleepSpacesTheStarts() async throws {
        let bench = try Workbench()
        defer { bench.root.remove() }
        let folder = try bench.tasks(3) { _ in "true\n" }
        let outcome = try await bench.prx(["-T", folder, "-C", "bash @TASK@", "-r", "-m", "3", "-s", "0.5"])
        #expect(outcome.status == 0, "\(outcome.stderr)")
        let log = try String(contentsOfFile: try #require(bench.logFiles(endingWith: ".log").first), encoding: .utf8)
        let starts = log.split(separator: "\n").filter { $0.contains("Starting task") }.compactMap { line -> Double? in
            guard let time = line.firstMatch(of: /(\d{2}):(\d{2}):(\d{2}),(\d{3})/) else { return nil }
            return Double(time.1)! * 3600 + Double(time.2)! * 60 + Double(time.3)! + Double(time.4)! / 1000
        }
        #expect(starts.count == 3)
        for (earlier, later) in zip(starts, starts.dropFirst()) {
            #expect(later - earlier >= 0.45, "starts \(starts)")
        }
    }

    @Test func debugWritesTheCommandsToTheLog() async throws {
        let bench = try Workbench()
        defer { bench.root.remove() }
        let folder = try bench.tasks(1) { _ in "true\n" }
        _ = try await bench.prx(["-T", folder, "-C", "bash @TASK@", "-r"])
        _ = try await bench.prx(["-T", folder, "-C", "bash @TASK@", "-r", "-d"])
        let logs = try bench.logFiles(endingWith: ".log").map { try String(contentsOfFile: $0, encoding: .utf8) }
        #expect(logs.count == 2)
        #expect(logs.filter {
            $0.contains(" - DEBUG - ") && $0.contains("Command: bash \(folder)/task1.sh")
        }.count == 1)
    }

    @Test func noTaskOutputLogLeavesOutTheOutputFile() async throws {
        let bench = try Workbench()
        defer { bench.root.remove() }
        let folder = try bench.tasks(2) { _ in "echo hi\n" }
        let outcome = try await bench.prx(["-T", folder, "-C", "bash @TASK@", "-r", "--no-task-output-log"])
        #expect(outcome.status == 0, "\(outcome.stderr)")
        #expect(bench.logFiles(endingWith: "_output.txt").isEmpty)
        #expect(bench.logFiles(endingWith: ".log").count == 1)
        #expect(try await bench.summaryRecords().count == 2)
    }

    @Test func aTaskFileOverOneMebibyteIsAnErrorForThatTaskOnly() async throws {
        let bench = try Workbench()
        defer { bench.root.remove() }
        let folder = try bench.tasks(1) { _ in "true\n" }
        try bench.root.write("tasks/big.sh", String(repeating: "#", count: 1_048_577))
        try bench.root.write("tasks/limit.sh", String(repeating: "#", count: 1_048_576))
        let outcome = try await bench.prx(["-T", folder, "-C", "bash @TASK@", "-r"])
        #expect(outcome.status == 1)
        let records = try await bench.summaryRecords()
        let statuses = Dictionary(uniqueKeysWithValues: records.map { ($0["task_file"]!, $0["status"]!) })
        #expect(statuses == [
            "\(folder)/big.sh": "ERROR", "\(folder)/limit.sh": "SUCCESS", "\(folder)/task1.sh": "SUCCESS",
        ])
        let big = try #require(records.first { $0["task_file"] == "\(folder)/big.sh" })
        #expect(big["error_message"]?.contains("max_file_size") == true)
    }

    @Test func fewerEnvironmentNamesThanFieldsIsAWarning() async throws {
        let bench = try Workbench()
        defer { bench.root.remove() }
        let arguments = try bench.root.write("hosts.txt", "alpha,1,x\n")
        let outcome = try await bench.prx([
            "-A", arguments, "-S", "comma", "-E", "HOST", "-r",
            "-C", "sh -c 'echo \"$HOST\" > \(bench.root.path)/host.out'",
        ])
        #expect(outcome.status == 0, "\(outcome.stderr)")
        #expect(outcome.stderr.hasPrefix("prx: warning: "))
        #expect(outcome.stderr.contains("-E"))
        #expect(try bench.root.read("host.out") == "alpha\n")
        let log = try String(contentsOfFile: try #require(bench.logFiles(endingWith: ".log").first), encoding: .utf8)
        #expect(log.contains(" - WARNING - "))
    }

    /// A line with fewer fields than `-E` names is its task's error, in a dry run as in a run, which it fails (exit 1);
    /// it stopped prx before anything ran, exit 2. The dry run exits 1 too, as the run would.
    @Test(arguments: [[String](), ["-r"]])
    func moreEnvironmentNamesThanFieldsIsAnError(run: [String]) async throws {
        let bench = try Workbench()
        defer { bench.root.remove() }
        let arguments = try bench.root.write("hosts.txt", "alpha,1\n")
        let outcome = try await bench.prx([
            "-A", arguments, "-S", "comma", "-E", "HOST,PORT,ENV", "-C", "touch \(bench.root.path)/ran",
        ] + run)
        let message = "\(arguments):1: 3 environment variable names (-E) but only 2 fields"
        #expect(outcome.status == 1, "\(outcome.stderr)")
        if run.isEmpty {
            #expect(outcome.stdout.hasPrefix("# alpha,1: not runnable: \(message)\n"), "\(outcome.stdout)")
        } else {
            let records = try await bench.summaryRecords()
            #expect(records.map { [$0["status"], $0["error_message"]] } == [["ERROR", message]], "\(records)")
        }
        #expect(outcome.stderr.isEmpty, "\(outcome.stderr)")
        #expect(!FileManager.default.fileExists(atPath: bench.root.file("ran")))
    }

    @Test func stopLimitsHaltOnTheFailureRate() async throws {
        let bench = try Workbench()
        defer { bench.root.remove() }
        // In start order (task1, task10, task11, …) never five failures in a row, but 6 of the first 10.
        let folder = try bench.tasks(30, in: "rate") { $0 % 3 == 1 ? "exit 0\n" : "exit 1\n" }
        let outcome = try await bench.prx(["-T", folder, "-C", "bash @TASK@", "-r", "-m", "1", "--enable-stop-limits"])
        #expect(outcome.status == 1)
        #expect(outcome.stdout.contains("failure rate"), "\(outcome.stdout)")
        let records = try await bench.summaryRecords()
        #expect(records.count == 30)
        #expect(records.filter { $0["status"] != "CANCELLED" }.count == 10)
    }
}
