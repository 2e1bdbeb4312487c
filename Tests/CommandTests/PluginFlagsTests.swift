import Foundation
import PRXTesting
import Testing

@Suite(.runsProcesses) struct PluginFlagsTests {
    @Test func pluginsListsEveryBuiltIn() async throws {
        let bench = try Workbench()
        defer { bench.root.remove() }
        let outcome = try await bench.prx(["plugins"])
        #expect(outcome.status == 0)
        for line in ["source dir ", "source glob ", "source args-file ", "executor local ", "sink csv ", "sink log ",
                     "sink output ", "sink json ", "stop-policy stop-limits ",
                     "local.max_output_capture <integer, 0 or more> (default: 1000): ",
                     "local.heartbeat_timeout <number, above 0 and at most 1000000000>: ",
                     "log.level <string, one of DEBUG, INFO, WARNING, ERROR, CRITICAL> (default: INFO): ",
                     "log.format <string, a Python logging format> (default: %(asctime)s",
                     "dir.path <string, not empty> (required): ", "glob.ext <list>: ",
                     "csv.sync <boolean> (default: false): "] {
            #expect(outcome.stdout.contains(line), "\(line)")
        }
        let json = try await bench.prx(["plugins", "--json"])
        let list = try JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as? [[String: Any]]
        #expect(list?.compactMap { $0["name"] as? String }.sorted()
            == ["args-file", "csv", "dir", "glob", "json", "local", "log", "output", "stop-limits"])
        // Named members, as the text listing names them: the bounds were Swift's own encoding (`{"atLeast":
        // {"_0": 0}}`) and the default `defaultValue`.
        func setting(_ plugin: String, _ name: String) -> NSDictionary? {
            let settings = list?.first { $0["name"] as? String == plugin }?["settings"] as? [[String: Any]]
            return (settings?.first { $0["name"] as? String == name }).map { NSDictionary(dictionary: $0) }
        }
        #expect(setting("local", "max_output_capture") == [
            "name": "max_output_capture", "type": "integer", "default": "1000", "required": false,
            "bounds": ["min": 0], "help": "characters kept of the end of each task's stdout and stderr",
        ])
        #expect(setting("local", "termination_grace")?["bounds"] as? NSDictionary == ["min": 0, "max": 1_000_000_000])
        #expect(setting("local", "heartbeat_timeout")?["bounds"] as? NSDictionary == ["above": 0, "max": 1_000_000_000])
        #expect(setting("log", "format")?["bounds"] as? NSDictionary == ["format": "python-logging"])
        #expect((setting("log", "level")?["bounds"] as? NSDictionary)?["oneOf"] as? [String]
            == ["DEBUG", "INFO", "WARNING", "ERROR", "CRITICAL"])
        #expect(setting("json", "path")?["required"] as? Bool == true)
    }

    /// `prx plugins` showed a default that is empty as `(default: )`, and no setting's bounds, which `--json` gives:
    /// a list's bounds, which hold for each element, among them. An empty default is now `(default: "")`, and each
    /// setting's bounds follow its type, as `--json` has them.
    @Test func pluginsShowsEmptyDefaultsAndTheBoundsOfEachSetting() async throws {
        let bench = try Workbench()
        defer { bench.root.remove() }
        let outcome = try await bench.prxWithTestPlugins(["plugins"])
        #expect(outcome.status == 0)
        for line in [
            "    halt-on-exit.codes <list, each from 0 to 255> (required): the exit codes that halt the run\n",
            "    halt-on-exit.reason <string> (default: \"\"): the halt's reason (empty: exit code N)\n",
            "    halt-after.results <integer, 0 or more> (default: 0): ",
        ] {
            #expect(outcome.stdout.contains(line), "\(line)")
        }
        let json = try await bench.prxWithTestPlugins(["plugins", "--json"])
        let list = try JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as? [[String: Any]]
        let settings = list?.first { $0["name"] as? String == "halt-on-exit" }?["settings"] as? [[String: Any]]
        #expect(settings?.first?["bounds"] as? NSDictionary == ["min": 0, "max": 255])
        #expect(settings?.last?["default"] as? String == "")
    }

    @Test(arguments: [
        (["--sink", "promethus"], "unknown sink 'promethus' (valid: csv, json, log, output)"),
        (["--executor", "slurm"], "unknown executor 'slurm' (valid: local)"),
        (["--stop-policy", "never"], "unknown stop-policy 'never' (valid: stop-limits)"),
        (["--set", "csv.pth=x"], "unknown setting 'pth' for sink 'csv' (valid: path, sync)"),
        (["--set", "local.max_output_capture=lots"],
         "setting local.max_output_capture must be a whole number (got 'lots')"),
        // Out of range, not of the wrong type, which "must be a whole number" said.
        (["--set", "local.max_output_capture=99999999999999999999"],
         "setting local.max_output_capture must be a whole number from 0 to 9223372036854775807 "
            + "(got '99999999999999999999')"),
        (["--set", "log.backup_count=-99999999999999999999"], "setting log.backup_count must be from 0 to "),
        (["--set", "local.termination_grace=-1"],
         "setting local.termination_grace must be from 0 to 1000000000 (got '-1')"),
        (["--set", "stop-limits.max_failure_rate=2", "--enable-stop-limits"],
         "setting stop-limits.max_failure_rate must be from 0 to 1 (got '2')"),
        (["--set", "nothing"], "--set takes NAME.KEY=VALUE (got 'nothing')"),
        (["--set", "slurm.partition=x"], "--set slurm.partition=x: unknown plugin 'slurm' (see 'prx plugins')"),
        // Found as the sink was made, after the log files were: a dry run passed it.
        (["--sink", "json"],
         "prx: error: sink 'json' needs the setting json.path (--set json.path=… or a configuration file)"),
        // The system's refusal named no setting: "cannot open : No such file or directory".
        (["--set", "output.path="],
         "prx: error: --set output.path=: setting output.path must be text that is not empty (got '')"),
        (["--sink", "json", "--set", "json.path="],
         "prx: error: --set json.path=: setting json.path must be text that is not empty (got '')"),
    ])
    func aBadPluginOrSettingIsOneLineAndRunsNothing(extra: [String], message: String) async throws {
        let bench = try Workbench()
        defer { bench.root.remove() }
        let folder = try bench.tasks(1) { _ in "touch \(bench.root.file("ran"))\n" }
        for run in [[], ["-r"]] {
            let outcome = try await bench.prx(["-T", folder, "-C", "bash @TASK@"] + run + extra)
            #expect(outcome.status == 2)
            #expect(outcome.stderr.split(separator: "\n").count == 1, "\(outcome.stderr)")
            #expect(outcome.stderr.contains(message), "\(outcome.stderr)")
        }
        #expect(!FileManager.default.fileExists(atPath: bench.root.file("ran")))
        #expect(bench.logFiles(endingWith: "").isEmpty, "no log file is made")
    }

    /// Of two wrong `--set`s, a run names the first on the command line, as `--validate-config` does, and a recipe's
    /// run too: a run judged them as it made its plugins, the executor (`local`) before the sinks (`log`), and a
    /// plugin's settings in the order it declares them (`max_output_capture` before `termination_grace`), so that the
    /// two named different ones. The line names the `--set` as given, then the plugin's refusal.
    @Test(arguments: [
        ["log.level=abc", "local.termination_grace=abc"], ["local.termination_grace=abc", "log.level=abc"],
        ["local.termination_grace=abc", "local.max_output_capture=abc"],
        ["stop-limits.max_failure_rate=abc", "local.termination_grace=abc"],
    ])
    func theFirstWrongSetOnTheCommandLineIsNamed(assignments: [String]) async throws {
        let bench = try Workbench()
        defer { bench.root.remove() }
        let folder = try bench.tasks(1) { _ in "touch \(bench.root.file("ran"))\n" }
        let sets = assignments.flatMap { ["--set", $0] }
        let first = String(assignments[0].prefix { $0 != "=" })
        let recipe = try bench.root.write("recipe.lua", "prx.task { sh = \"touch \(bench.root.file("ran"))\" }\n")
        let run = ["-T", folder, "-C", "bash @TASK@"]
        for command in [run, run + ["-r"], ["--validate-config"], ["run", recipe], ["run", recipe, "-r"]] {
            let outcome = try await bench.prx(command + sets)
            #expect(outcome.status == 2, "\(command)")
            #expect(
                outcome.stderr.hasPrefix("prx: error: --set \(assignments[0]): setting \(first) must be "),
                "\(command): \(outcome.stderr)")
        }
        #expect(!FileManager.default.fileExists(atPath: bench.root.file("ran")))
    }

    /// A `--sink` that adds nothing is refused in one line naming it, by a dry run, a run and `--validate-config`
    /// alike: one of the sinks every run has was taken without a word, `--sink output` beside `--no-task-output-log`
    /// wrote the output file that flag turns off (the summary saying `disable with --no-task-output-log`), and
    /// `--sink json` beside `--json` or given twice made one JSON sink.
    @Test(arguments: [
        (["--sink", "csv"], "--sink csv adds nothing: every run writes the CSV summary (give it settings with --set "
            + "csv.KEY=VALUE)"),
        (["--sink", "log"], "--sink log adds nothing: every run writes the main log (give it settings with --set "
            + "log.KEY=VALUE)"),
        (["--sink", "output"], "--sink output adds nothing: every run writes the task output file unless "
            + "--no-task-output-log turns it off (give it settings with --set output.KEY=VALUE)"),
        (["--sink", "output", "--no-task-output-log"], "--sink output and --no-task-output-log exclude each other: "
            + "one writes the task output file, the other turns it off"),
        (["--json", "run.jsonl", "--sink", "json"], "--sink json adds nothing: --json run.jsonl writes the JSON Lines "
            + "file already (give it settings with --set json.KEY=VALUE)"),
        (["--sink", "json", "--sink", "json", "--set", "json.path=run.jsonl"], "--sink json is given twice, and a run "
            + "has one sink of each name: give it once"),
    ])
    func aSinkFlagThatAddsNothingIsRefused(flags: [String], message: String) async throws {
        let bench = try Workbench()
        defer { bench.root.remove() }
        let folder = try bench.tasks(1) { _ in "touch \(bench.root.file("ran"))\n" }
        for mode in [[], ["-r"], ["--validate-config"]] {
            let outcome = try await bench.prx(["-T", folder, "-C", "bash @TASK@"] + mode + flags)
            #expect(outcome.status == 2)
            #expect(outcome.stderr == "prx: error: \(message) (see 'prx --help')\n", "\(mode)")
        }
        #expect(!FileManager.default.fileExists(atPath: bench.root.file("ran")))
        #expect(bench.logFiles(endingWith: "").isEmpty, "\(bench.logFiles(endingWith: ""))")
    }

    /// A `--sink` or `--stop-policy` prx has no plugin of is refused as unknown before anything else is said of it,
    /// by a dry run, a run and `--validate-config` alike, as an unknown `--source` is: given twice, it was refused as
    /// given twice, and `--validate-config` passed it.
    @Test(arguments: [
        (["--sink", "bogus", "--sink", "bogus"], "unknown sink 'bogus' (valid: csv, json, log, output)"),
        (["--sink", "json", "--sink", "bogus", "--sink", "json"],
            "unknown sink 'bogus' (valid: csv, json, log, output)"),
        (["--sink", "csv", "--sink", "bogus"], "unknown sink 'bogus' (valid: csv, json, log, output)"),
        (["--stop-policy", "bogus", "--stop-policy", "bogus"], "unknown stop-policy 'bogus' (valid: stop-limits)"),
    ])
    func anUnknownPluginNameIsSaidFirst(flags: [String], message: String) async throws {
        let bench = try Workbench()
        defer { bench.root.remove() }
        let folder = try bench.tasks(1) { _ in "touch \(bench.root.file("ran"))\n" }
        for (mode, outcome) in try await bench.prxInEveryMode(["-T", folder, "-C", "bash @TASK@"] + flags) {
            #expect(outcome.status == 2, "\(mode)")
            #expect(outcome.stderr == "prx: error: \(message)\n", "\(mode)")
        }
        #expect(!FileManager.default.fileExists(atPath: bench.root.file("ran")))
    }

    /// A result file that cannot be opened, or whose first line (the CSV's header) cannot be written, refuses the run
    /// in one line naming the flag or setting that gave its path, as a recipe's line is named: it named the file
    /// alone, which left `csv.path=/dev/full` to be guessed from "cannot write to /dev/full". The run's own files
    /// made before it are removed: an empty log and output file and a summary of a header alone were left. A `--set`
    /// that gave the path is named in front, as a configuration file's line would be.
    @Test(arguments: [
        (["--set", "csv.path=/dev/full"],
         "--set csv.path=/dev/full: cannot write to /dev/full: No space left on device (csv.path)"),
        (["--json", "missing/run.jsonl"], "cannot open missing/run.jsonl: No such file or directory (--json)"),
        (["--sink", "json", "--set", "json.path=missing/run.jsonl"],
         "--set json.path=missing/run.jsonl: cannot open missing/run.jsonl: No such file or directory (json.path)"),
        (["--set", "output.path=missing/out.txt"],
         "--set output.path=missing/out.txt: cannot open missing/out.txt: No such file or directory (output.path)"),
    ])
    func aResultFileThatCannotBeStartedNamesItsSetting(flags: [String], message: String) async throws {
        let bench = try Workbench()
        defer { bench.root.remove() }
        let folder = try bench.tasks(1) { _ in "touch \(bench.root.file("ran"))\n" }
        let outcome = try await bench.prx(["-T", folder, "-C", "bash @TASK@", "-r"] + flags)
        #expect(outcome.status == 2)
        #expect(outcome.stderr == "prx: error: \(message)\n")
        #expect(!FileManager.default.fileExists(atPath: bench.root.file("ran")))
        #expect(bench.logFiles(endingWith: "").isEmpty, "\(bench.logFiles(endingWith: ""))")
    }

    /// The run's own log, in a log directory where no file can be made (`/proc`), names `--log-dir`, the flag that
    /// chose the directory, as a result file names the flag or setting that gave its path: the line named the file
    /// alone.
    @Test func aLogThatCannotBeOpenedInTheChosenLogDirectoryNamesLogDir() async throws {
        let bench = try Workbench()
        defer { bench.root.remove() }
        let folder = try bench.tasks(1) { _ in "touch \(bench.root.file("ran"))\n" }
        let outcome = try await bench.prx(["-T", folder, "-C", "bash @TASK@", "-r", "--log-dir", "/proc"])
        #expect(outcome.status == 2)
        #expect(outcome.stderr.hasPrefix("prx: error: cannot open /proc/parallelr_"), "\(outcome.stderr)")
        #expect(outcome.stderr.hasSuffix(".log: No such file or directory (--log-dir)\n"), "\(outcome.stderr)")
        #expect(!FileManager.default.fileExists(atPath: bench.root.file("ran")))
    }

    /// An arguments file that cannot be opened is named by what gave it: `-A`, or the setting `args-file.file`
    /// when `--set` gave it (with `--source args-file`); the message ended with `(-A)` either way, naming a flag the
    /// user had not given. The `--set` is named in front.
    @Test(arguments: [
        (["--source", "args-file", "--set", "args-file.file=missing.txt", "--set", "args-file.command=echo @ARG@"],
         "missing.txt", "args-file.file"),
        (["-A", "folder", "-C", "echo @ARG@"], "folder", "-A"),
        (["--source", "args-file", "--set", "args-file.file=folder", "--set", "args-file.command=echo @ARG@"],
         "folder", "args-file.file"),
    ])
    func anArgumentsFileThatCannotBeOpenedNamesWhatGaveIt(flags: [String], file: String, origin: String) async throws {
        let bench = try Workbench()
        defer { bench.root.remove() }
        try bench.root.write("hosts.txt", "h1\n")
        try bench.root.write("folder/x", "")
        let problem = file == "folder"
            ? "arguments file is a directory: folder"
            : "cannot open arguments file missing.txt: No such file or directory"
        let given = origin == "-A" ? "" : "--set \(origin)=\(file): "
        for run in [[], ["-r"]] {
            let outcome = try await bench.prx(flags + run)
            #expect(outcome.status == 2)
            #expect(outcome.stderr == "prx: error: \(given)\(problem) (\(origin))\n")
        }
        #expect(bench.logFiles(endingWith: "").isEmpty, "\(bench.logFiles(endingWith: ""))")
    }

    /// Task paths that give no task file are named by what gave them: `-T` and `--file-extension`, or the settings
    /// `glob.patterns`, `glob.ext` and `dir.path` when `--source` or `--set` gave them; it said `(-T)` either way. The
    /// `--set` that gave the setting named first is named in front.
    @Test(arguments: [
        (["--source", "glob", "--set", "glob.patterns=missing", "--set", "glob.command=echo @TASK@"],
         "--set glob.patterns=missing: task path does not exist: missing (glob.patterns)"),
        (["-T", "missing", "-C", "echo @TASK@"], "task path does not exist: missing (-T)"),
        (["-T", "folder", "-C", "echo @TASK@", "--set", "glob.ext=log"],
         "--set glob.ext=log: no task files with extension log found (-T, glob.ext)"),
        (["--source", "dir", "--set", "dir.path=empty", "--set", "dir.command=echo @TASK@"],
         "--set dir.path=empty: no task files found in the given paths (dir.path)"),
        (["-A", "hosts.txt", "-T", "none.txt", "-C", "echo @TASK@"], "template file not found: none.txt (-T)"),
        (["-A", "hosts.txt", "-C", "echo @TASK@", "--set", "args-file.template=none.txt"],
         "--set args-file.template=none.txt: template file not found: none.txt (args-file.template)"),
    ])
    func taskPathsThatGiveNoTaskAreNamedByWhatGaveThem(flags: [String], message: String) async throws {
        let bench = try Workbench()
        defer { bench.root.remove() }
        try bench.root.write("folder/x.txt", "")
        try FileManager.default.createDirectory(atPath: bench.root.file("empty"), withIntermediateDirectories: false)
        try bench.root.write("hosts.txt", "h1\n")
        for run in [[], ["-r"]] {
            let outcome = try await bench.prx(flags + run)
            #expect(outcome.status == 2)
            #expect(outcome.stderr == "prx: error: \(message)\n")
        }
    }

    /// A `glob.ext` or `dir.ext` that names no extension (`.`, `,`, a space), from `--set` or the configuration's
    /// `plugins:`, is refused as `--file-extension` is, naming the setting (and the `--set`, or the file's line), in a
    /// dry run and a run: it kept every file. An empty value is no filter, and an empty entry beside an extension is
    /// ignored, as in parallelr.
    @Test(arguments: [
        (["--source", "glob", "--set", "glob.patterns=folder", "--set", "glob.command=echo @TASK@"], "glob", "."),
        (["--source", "dir", "--set", "dir.path=folder", "--set", "dir.command=echo @TASK@"], "dir", ","),
        (["-T", "folder", "-C", "echo @TASK@"], "glob", " "),
        (["-T", "folder", "-C", "echo @TASK@"], "glob", ". , ."),
    ])
    func anExtensionSettingNamingNoExtensionIsRefused(flags: [String], source: String, list: String) async throws {
        let bench = try Workbench()
        defer { bench.root.remove() }
        try bench.root.write("folder/a.txt", "")
        try bench.root.write("folder/b.log", "")
        let message = "\(source).ext '\(list)' names no extension, so no task file would match: write them as txt,log"
        for run in [[], ["-r"]] {
            let outcome = try await bench.prx(flags + ["--set", "\(source).ext=\(list)"] + run)
            #expect(outcome.status == 2)
            #expect(outcome.stdout.isEmpty, "\(outcome.stdout)")
            #expect(outcome.stderr == "prx: error: --set \(source).ext=\(list): \(message)\n")
        }
        #expect(bench.logFiles(endingWith: "").isEmpty, "\(bench.logFiles(endingWith: ""))")
        let unfiltered = try await bench.prx(flags + ["--set", "\(source).ext="])
        #expect(unfiltered.status == 0, "\(unfiltered.stderr)")
        #expect(unfiltered.stdout.hasSuffix("# dry run: 2 tasks; add -r to run them\n"), "\(unfiltered.stdout)")
        let beside = try await bench.prx(flags + ["--set", "\(source).ext=txt, ,."])
        #expect(beside.stdout == "echo \(bench.root.file("folder/a.txt"))\n# dry run: 1 task; add -r to run it\n")
        let path = try bench.root.write("home/cfg/prx.yaml", "plugins:\n  \(source):\n    ext: \"\(list)\"\n")
        let configured = try await bench.prx(flags)
        #expect(configured.status == 2)
        #expect(configured.stderr == "prx: error: \(path):3: \(message)\n")
    }

    /// In flags mode (`-A` or `-T` chose the source) a task's error speaks of flags mode's modes also where a `--set`
    /// gave the command template in place of `-C`: it said "a task file has no arguments line (glob.command)", a
    /// recipe's words beside flags mode's flags. (`@TASK@` without a template file is refused before any task:
    /// TaskPlaceholderWithoutTemplateTests.)
    @Test(arguments: [
        (["-T", "folder", "--set", "glob.command=echo @ARG@"],
         "# {root}/folder/a.sh: not runnable: @ARG@ has no value for task file {root}/folder/a.sh: file mode has no "
            + "arguments file (-A)"),
    ])
    func aCommandSetOverTheFlagKeepsFlagsModesWords(flags: [String], line: String) async throws {
        let bench = try Workbench()
        defer { bench.root.remove() }
        try bench.root.write("args.txt", "h1\n")
        try bench.root.write("folder/a.sh", "true\n")
        let outcome = try await bench.prx(flags)
        #expect(outcome.status == 1, "\(outcome.stderr)")
        let expected = line.replacingOccurrences(of: "{root}", with: bench.root.path)
        #expect(outcome.stdout == expected + "\n# dry run: 1 task, 1 not runnable; add -r to run it\n",
            "\(outcome.stdout)")
    }

    /// The command of the source `-T` or `-A` chose may come from a `--set` or the configuration's `plugins:`, which
    /// `-C` replaces; `-C` beside such a `--set` is refused, naming both. Without `-C`, a `--set` or the file's
    /// command was refused ("-C/--Command is required"), and `-C` beside a `--set` was dropped without a word.
    @Test func theCommandMayComeFromASetOrTheConfigurationButNotFromTwoFlags() async throws {
        let bench = try Workbench()
        defer { bench.root.remove() }
        try bench.root.write("args.txt", "h1\n")
        let folder = try bench.tasks(1) { _ in "true\n" }
        let task = "\(folder)/task1.sh"
        func dryRun(_ flags: [String], prints line: String) async throws {
            let outcome = try await bench.prx(flags)
            #expect(outcome.status == 0, "\(flags): \(outcome.stderr)")
            #expect(outcome.stdout.hasPrefix(line + "\n# dry run: 1 task;"), "\(flags): \(outcome.stdout)")
        }
        try await dryRun(["-T", folder, "--set", "glob.command=echo set @TASK@"], prints: "echo set \(task)")
        try await dryRun(["-A", "args.txt", "--set", "args-file.command=echo set @ARG@"], prints: "echo set h1")
        try bench.root.write("parse.lua", "return function(line) return { line:upper() } end\n")
        try await dryRun(
            ["-A", "args.txt", "--parser", "parse.lua", "--set", "args-file.command=echo @ARG@"], prints: "echo H1")
        for (flags, source) in [(["-T", folder], "glob"), (["-A", "args.txt"], "args-file")] {
            let both = try await bench.prx(flags + ["-C", "echo flag", "--set", "\(source).command=echo set", "-r"])
            #expect(both.status == 2)
            #expect(both.stderr == "prx: error: -C/--Command and --set \(source).command exclude each other: each "
                + "gives the command (see 'prx --help')\n")
        }
        let none = try await bench.prx(["-T", folder])
        #expect(none.status == 2)
        #expect(none.stderr == "prx: error: -C/--Command is required (see 'prx --help')\n")
        try bench.root.write("home/cfg/prx.yaml", "plugins:\n  glob:\n    command: echo file @TASK@\n")
        try await dryRun(["-T", folder], prints: "echo file \(task)")
        try await dryRun(["-T", folder, "-C", "echo flag @TASK@"], prints: "echo flag \(task)")
        #expect(bench.logFiles(endingWith: "").isEmpty, "nothing ran")
    }

    /// A run refused after its result files were made (its journal cannot be made) leaves none of its own behind,
    /// and a file the user named stays; the log, output and summary files were left.
    @Test func aRunRefusedAfterItsFilesWereMadeLeavesNoneOfItsOwn() async throws {
        let bench = try Workbench()
        defer { bench.root.remove() }
        let folder = try bench.tasks(1) { _ in "touch \(bench.root.file("ran"))\n" }
        try bench.root.write("home/history", "not a directory\n")
        let json = bench.root.file("run.jsonl")
        let outcome = try await bench.prx(["-T", folder, "-C", "bash @TASK@", "-r", "--json", json])
        #expect(outcome.status == 2)
        #expect(outcome.stderr.hasPrefix("prx: error: cannot create the history directory"), "\(outcome.stderr)")
        #expect(!FileManager.default.fileExists(atPath: bench.root.file("ran")))
        #expect(bench.logFiles(endingWith: "").isEmpty, "\(bench.logFiles(endingWith: ""))")
        #expect(FileManager.default.fileExists(atPath: json))
    }

    /// `--set local.max_output_capture` is held to `limits.max_allowed_output` (10000 by default) with a warning,
    /// as `-m` is to its cap: it kept whatever it was given.
    @Test func aSettingForACappedKeyIsHeldToTheCap() async throws {
        let bench = try Workbench()
        defer { bench.root.remove() }
        let folder = try bench.tasks(1) { _ in "head -c 20000 /dev/zero | tr '\\0' x\n" }
        let json = bench.root.file("run.jsonl")
        let outcome = try await bench.prx(
            ["-T", folder, "-C", "bash @TASK@", "-r", "--set", "local.max_output_capture=50000", "--json", json])
        #expect(outcome.status == 0, "\(outcome.stderr)")
        #expect(outcome.stderr.contains(
            "local.max_output_capture 50000 is above limits.max_allowed_output 10000 (default); using 10000"))
        let first = try String(contentsOfFile: json, encoding: .utf8).split(separator: "\n")[0]
        let object = try JSONSerialization.jsonObject(with: Data(first.utf8)) as? [String: Any]
        #expect((object?["stdout"] as? String)?.count == 10000)
    }

    @Test func settingsReachTheBuiltIns() async throws {
        let bench = try Workbench()
        defer { bench.root.remove() }
        let folder = try bench.tasks(2) { _ in "printf 'abcdefghij'\n" }
        let csv = bench.root.file("custom.csv")
        let outcome = try await bench.prx([
            "-T", folder, "-C", "bash @TASK@", "-r", "--set", "csv.path=\(csv)",
            "--set", "local.max_output_capture=4", "--json", bench.root.file("run.jsonl"),
        ])
        #expect(outcome.status == 0, "\(outcome.stderr)")
        let rows = try String(contentsOfFile: csv, encoding: .utf8).split(separator: "\n")
        #expect(rows.count == 3)
        let first = try String(contentsOfFile: bench.root.file("run.jsonl"), encoding: .utf8).split(separator: "\n")[0]
        let object = try JSONSerialization.jsonObject(with: Data(first.utf8)) as? [String: Any]
        #expect(object?["stdout"] as? String == "ghij")
    }

    /// The summary report names the files the sinks wrote, a `path` setting's: it named the default ones, which
    /// were not there, in flags mode and in a recipe alike. The summary is listed without parallelr's
    /// `(session-specific)`, which it had: a path the user chose is one file for every run, which each run empties,
    /// not the session's own file. The output file keeps its note (it is on by default, and `--no-task-output-log`
    /// turns it off), and the log its `(rotating)`.
    @Test(arguments: [false, true])
    func theReportNamesTheFilesWritten(recipe: Bool) async throws {
        let bench = try Workbench()
        defer { bench.root.remove() }
        let folder = try bench.tasks(1) { _ in "true\n" }
        let names = ["csv": "set.csv", "log": "set.log", "output": "set.out"]
        try bench.root.write("recipe.lua", "prx.task { \"true\" }\n"
            + names.map { "prx.set(\"\($0.key).path\", \"\($0.value)\")\n" }.joined())
        let outcome = recipe
            ? try await bench.prx(["run", "recipe.lua", "-r"])
            : try await bench.prx(["-T", folder, "-C", "bash @TASK@", "-r"]
                + names.flatMap { ["--set", "\($0.key).path=\(bench.root.file($0.value))"] })
        #expect(outcome.status == 0, "\(outcome.stderr)")
        let directory = bench.root.path
        #expect(outcome.stdout.contains("- Main Log: \(directory)/set.log (rotating)\n"), "\(outcome.stdout)")
        #expect(outcome.stdout.contains("- Summary: \(directory)/set.csv\n"), "\(outcome.stdout)")
        #expect(outcome.stdout.contains("- Output: \(directory)/set.out (enabled by default"))
        for name in names.values {
            #expect(FileManager.default.fileExists(atPath: bench.root.file(name)))
        }
    }

    @Test func theSourceFlagReplacesTasksFlags() async throws {
        let bench = try Workbench()
        defer { bench.root.remove() }
        let folder = try bench.tasks(3) { _ in "true\n" }
        let outcome = try await bench.prx(
            ["--source", "dir", "--set", "dir.path=\(folder)", "--set", "dir.command=bash @TASK@"])
        #expect(outcome.status == 0, "\(outcome.stderr)")
        #expect(outcome.stdout.contains("bash \(folder)/task2.sh"))
    }

    /// parallelr's source flags beside `--source` are refused, naming the flag and the setting that takes its value:
    /// they give their values only to the source they choose, and were ignored without a word (`--source glob -T
    /// missing` ran the tasks `glob.patterns` gave), by a run and by `--validate-config` alike.
    @Test(arguments: [
        (["--source", "glob", "--set", "glob.patterns=folder", "-T", "missing"],
         "-T/--TasksDir is not taken with --source glob: set glob.patterns instead"),
        (["--source", "glob", "--set", "glob.patterns=folder", "--file-extension", "txt"],
         "--file-extension is not taken with --source glob: set glob.ext instead"),
        (["--source", "dir", "--set", "dir.path=folder", "-C", "echo @TASK@"],
         "-C/--Command is not taken with --source dir: set dir.command instead"),
        (["--source", "args-file", "--set", "args-file.file=hosts.txt", "-A", "hosts.txt"],
         "-A/--arguments-file is not taken with --source args-file: set args-file.file instead"),
    ])
    func aSourceFlagBesideTheSourceFlagIsRefused(flags: [String], message: String) async throws {
        let bench = try Workbench()
        defer { bench.root.remove() }
        try bench.root.write("folder/x.txt", "")
        try bench.root.write("hosts.txt", "h1\n")
        let source = flags[1]
        let touch = ["--set", "\(source).command=touch \(bench.root.file("ran"))"]
        for run in [["-r"], ["--validate-config"]] {
            let outcome = try await bench.prx(flags + (source == "dir" ? [] : touch) + run)
            #expect(outcome.status == 2)
            #expect(outcome.stderr.hasPrefix("prx: error: \(message) (--set "), "\(outcome.stderr)")
            #expect(outcome.stderr.split(separator: "\n").count == 1, "\(outcome.stderr)")
        }
        #expect(!FileManager.default.fileExists(atPath: bench.root.file("ran")))
    }
}
