import Foundation
import PRXTesting
import Testing

/// `--validate-config` refuses what a run with the same command line refuses before any task starts without looking
/// at a file: it said "✓ Configuration is valid", exit 0, for `-T tasks -C … --sink json`, which every run refuses for
/// its missing `json.path`, and for `-A args.txt -C … --set args-file.command=…`, whose two commands every run
/// refuses.
@Suite(.runsProcesses) struct ValidateConfigRunRefusalsTests {
    /// Command lines every run refuses before its first task, each with the start of the run's message.
    static let refusedCommandLines: [([String], String)] = [
        (["-T", "tasks", "-C", "bash @TASK@", "--sink", "json"],
            "sink 'json' needs the setting json.path (--set json.path=… or a configuration file)"),
        (["-A", "args.txt", "-C", "echo @ARG@", "--set", "args-file.command=echo @ARG@"],
            "-C/--Command and --set args-file.command exclude each other: each gives the command"),
        (["-T", "tasks", "-C", "bash @TASK@", "--feedback", "--set", "local.feedback=false"],
            "--feedback and --set local.feedback exclude each other: each gives whether tasks get feedback files"),
        (["-T", "tasks", "-C", "bash @TASK@", "--heartbeat-timeout", "5", "--set", "local.heartbeat_timeout=10"],
            "--heartbeat-timeout and --set local.heartbeat_timeout exclude each other: "
                + "each gives the heartbeat timeout"),
        (["-A", "args.txt", "-C", "echo @ARG@", "--set", "args-file.file=other.txt"],
            "-A/--arguments-file and --set args-file.file exclude each other: each gives the arguments file"),
        (["-T", "tasks", "-C", "sh @TASK@", "--set", "glob.patterns=tk"],
            "-T/--TasksDir and --set glob.patterns exclude each other: each gives the task paths"),
        (["-A", "args.txt", "-C", "echo @ARG@", "-S", "comma", "--set", "args-file.separator=tab"],
            "-S/--separator and --set args-file.separator exclude each other: each gives the field separator"),
        (["-T", "tasks", "-C", "sh @TASK@", "--json", "a.jsonl", "--set", "json.path=b.jsonl"],
            "--json and --set json.path exclude each other: each gives the JSON file"),
        (["-T", "tasks", "-C", "sh @TASK@", "--sync", "--set", "csv.sync=false"],
            "--sync and --set csv.sync exclude each other: each gives whether the CSV summary is synced to the disk"),
        (["-A", "args.txt", "-T", "tasks/task1.sh", "-C", "sh @TASK@", "--set", "args-file.template=other.sh"],
            "-T/--TasksDir and --set args-file.template exclude each other: each gives the template file"),
        (["-A", "args.txt", "-C", "echo @ARG@", "-E", "HOST", "--set", "args-file.env=PORT"],
            "-E/--env-var and --set args-file.env exclude each other: each gives the environment variables' names"),
        (["-T", "tasks", "-C", "sh @TASK@", "--file-extension", "sh", "--set", "glob.ext=txt"],
            "--file-extension and --set glob.ext exclude each other: each gives the task files' extensions"),
        (["-T", "tasks", "-C", "sh @TASK@", "-d", "--set", "log.level=INFO"],
            "-d/--debug and --set log.level exclude each other: each gives the log level"),
        (["-T", "tasks"], "-C/--Command is required"),
        (["-T", "tasks", "-C", " "], "-C/--Command must not be empty"),
        (["-T", "tasks", "-C", "bash @TASK@", "--json", ""], "--json must name a file"),
        (["-A", "args.txt", "-T", "tasks/task1.sh", "-T", "tasks", "-C", "echo @ARG@"],
            "-T/--TasksDir with -A/--arguments-file must be a single template file"),
        (["--source", "glob", "--set", "glob.command=bash @TASK@"],
            "source 'glob' needs the setting glob.patterns (--set glob.patterns=… or a configuration file)"),
        (["-A", "args.txt", "-S", "comma", "--parser", "parse.lua", "-C", "echo @ARG@"],
            "--parser needs -A/--arguments-file, and replaces -S/--separator and --source"),
    ]

    /// Each is refused by `--validate-config` with the run's line on standard error, exit 2, nothing on standard
    /// output, as by a run and a dry run; no log is written.
    @Test(arguments: refusedCommandLines)
    func whatARunRefusesBeforeItsFirstTaskIsRefused(flags: [String], message: String) async throws {
        let bench = try Workbench()
        defer { bench.root.remove() }
        try bench.tasks(1) { _ in "true\n" }
        try bench.root.write("args.txt", "a\n")
        try bench.root.write("parse.lua", "return function(line) return { line } end\n")
        let run = try await bench.prx(flags + ["-r"])
        #expect(run.status == 2, "\(run.stderr)")
        #expect(run.stderr.hasPrefix("prx: error: \(message)"), "\(run.stderr)")
        let dryRun = try await bench.prx(flags)
        #expect(dryRun.status == 2, "\(dryRun.stderr)")
        #expect(dryRun.stderr == run.stderr)
        let validation = try await bench.prx(flags + ["--validate-config"])
        expectRefused(validation, asRefused: run)
        #expect(bench.logFiles(endingWith: "_summary.csv").isEmpty, "no run ran")
    }

    /// A flag and a `--set` of the setting it gives are refused by `--show-config` too, in the run's line, exit 2,
    /// nothing on standard output: it showed the `--set`'s value, as the run had taken it.
    @Test(arguments: refusedCommandLines.filter { $0.1.contains(" exclude each other: ") })
    func aFlagBesideASetOfItsSettingIsRefusedByShowConfig(flags: [String], message: String) async throws {
        let bench = try Workbench()
        defer { bench.root.remove() }
        try bench.tasks(1) { _ in "true\n" }
        try bench.root.write("args.txt", "a\n")
        let run = try await bench.prx(flags + ["-r"])
        #expect(run.stderr.hasPrefix("prx: error: \(message)"), "\(run.stderr)")
        let shown = try await bench.prx(flags + ["--show-config"])
        expectRefused(shown, asRefused: run)
    }

    /// The same plugin given what it needs passes: `--set json.path=…` beside `--sink json`, a configuration file's
    /// `glob.patterns` beside `--source glob`; so does a `--set` of a setting a flag gives beside its own, which the
    /// user did not spell out: the `feedback` that `--heartbeat-timeout` turns on, the `json.sync` of `--sync` with
    /// `--json`; and a flag giving a setting the configuration file gives too (`-T` replaces its `glob.patterns`).
    @Test func whatTheRunTakesPasses() async throws {
        let bench = try Workbench()
        defer { bench.root.remove() }
        try bench.tasks(1) { _ in "true\n" }
        try bench.root.write("home/cfg/prx.yaml", "plugins:\n  glob:\n    patterns: \"tasks/*.sh\"\n")
        for flags in [["-T", "tasks", "-C", "bash @TASK@", "--sink", "json", "--set", "json.path=run.jsonl"],
                      ["--source", "glob", "--set", "glob.command=bash @TASK@"],
                      ["-T", "tasks", "-C", "bash @TASK@", "--heartbeat-timeout", "5",
                       "--set", "local.feedback=true"],
                      ["-T", "tasks", "-C", "bash @TASK@", "--sync", "--json", "run.jsonl", "--set", "json.sync=false"],
                      ["-T", "tasks/task1.sh", "-C", "bash @TASK@"]] {
            let validation = try await bench.prx(flags + ["--validate-config"])
            #expect(validation.status == 0, "\(flags): \(validation.stderr)")
            #expect(validation.stdout.hasPrefix("✓ Configuration is valid\n"), "\(flags): \(validation.stdout)")
            let run = try await bench.prx(flags + ["-r"])
            #expect(run.status == 0, "\(flags): \(run.stderr)")
        }
    }
}
