import Foundation
import PRXTesting
import Testing

@Suite(.runsProcesses) struct RecipePluginTests {
    @Test func aRecipeChoosesSourcesSinksTheExecutorAndSettings() async throws {
        let bench = try Workbench()
        defer { bench.root.remove() }
        let folder = try bench.tasks(2) { _ in "printf 'abcdefgh'\n" }
        let json = bench.root.file("run.jsonl")
        try bench.root.write("recipe.lua", """
            prx.config { executor = "local" }
            prx.set("local.max_output_capture", 3)
            prx.task { "true", name = "first" }
            prx.source("dir", { path = "\(folder)", command = "bash @TASK@" })
            prx.sink("json", { path = "\(json)" })
            """)
        let outcome = try await bench.prx(["run", bench.root.file("recipe.lua"), "-r"])
        #expect(outcome.status == 0, "\(outcome.stderr)")
        let lines = try String(contentsOfFile: json, encoding: .utf8).split(separator: "\n")
        let tasks = try lines.map { try JSONSerialization.jsonObject(with: Data($0.utf8)) as! [String: Any] }
            .filter { $0["type"] as? String == "task" }
        #expect(tasks.count == 3)
        #expect(Set(tasks.compactMap { $0["id"] as? Int }) == [1, 2, 3])
        #expect(tasks.filter { ($0["label"] as? String)?.hasSuffix(".sh") == true }
            .allSatisfy { $0["stdout"] as? String == "fgh" })
    }

    /// A `prx.set` held to a cap is a warning at its line, as `prx.config`'s are: it named no line. A `--set` of the
    /// same setting wins, and is no line of the recipe: the warning names `--set`, as in flags mode.
    @Test(arguments: [
        ([String](), "prx: warning: recipe.lua:2: local.max_output_capture 50000 is above"),
        (["--set", "local.max_output_capture=60000"], "prx: warning: --set: local.max_output_capture 60000 is above"),
    ])
    func aSettingHeldToItsCapIsAWarningAtTheLineThatAskedForIt(flags: [String], warning: String) async throws {
        let bench = try Workbench()
        defer { bench.root.remove() }
        try bench.root.write("recipe.lua", """
            prx.task { "true", name = "t" }
            prx.set("local.max_output_capture", 50000)
            """)
        let outcome = try await bench.prx(["run", "recipe.lua", "-r"] + flags)
        #expect(outcome.status == 0, "\(outcome.stderr)")
        #expect(outcome.stderr == warning + " limits.max_allowed_output 10000 (default); using 10000\n")
    }

    /// A setting's value is a string, number, boolean or an array of them: an array in the array was joined in as its
    /// items (`ext = {{"txt"}}` was `txt`, `{{5}}` was 5), which the recipe's message says it is not; refused at the
    /// line.
    @Test(arguments: [
        #"prx.source("dir", { path = "d", command = "cat @TASK@", ext = {{"txt"}} })"#,
        #"prx.set("local.max_output_capture", {{5}})"#,
    ])
    func anArrayInASettingsArrayIsRefused(line: String) async throws {
        let bench = try Workbench()
        defer { bench.root.remove() }
        try bench.root.write("d/a.txt", "x\n")
        try bench.root.write("recipe.lua", "prx.task { \"true\", name = \"t\" }\n\(line)\n")
        let outcome = try await bench.prx(["run", "recipe.lua", "-r"])
        #expect(outcome.status == 2)
        let setting = line.contains("ext") ? "dir.ext" : "local.max_output_capture"
        #expect(outcome.stderr
            == "prx: error: recipe.lua:2: setting \(setting) must be a string, number, boolean or list of them\n")
        #expect(bench.logFiles(endingWith: "").isEmpty)
    }

    /// A `prx.source`'s tasks get the recipe's time limit, and every task is held to `max_argument_length`, as in
    /// flags mode: the source's tasks had no time limit at all, and the recipe's own tasks no argument limit.
    @Test func everyTaskHasTheTimeLimitAndTheArgumentLimit() async throws {
        let bench = try Workbench()
        defer { bench.root.remove() }
        try bench.root.write("slow.txt", "30\n")
        try bench.root.write("recipe.lua", """
            prx.config { timeout = 1 }
            prx.source("args-file", { file = "slow.txt", command = "sleep @ARG@" })
            prx.task { "echo", string.rep("x", 2000), name = "long" }
            prx.task { name = "made", cmd = function() return { "echo", string.rep("y", 1500) } end }
            prx.task { "true", name = "short" }
            prx.task { name = "later", after = "short", cmd = function() return { "echo", string.rep("z", 1200) } end }
            """)
        let outcome = try await bench.prx(["run", "recipe.lua", "-r"])
        #expect(outcome.status == 1, "\(outcome.stderr)")
        let records = Dictionary(uniqueKeysWithValues: try await bench.summaryRecords().map { ($0["task_file"]!, $0) })
        #expect(records["30"]?["status"] == "TIMEOUT")
        #expect(records["long"]?["status"] == "ERROR")
        #expect(records["long"]?["error_message"]
            == "argument 2 is 2000 characters long, over max_argument_length 1000")
        #expect(records["made"]?["status"] == "ERROR")
        #expect(records["made"]?["error_message"]?.contains("argument 2 is 1500 characters long") == true)
        #expect(records["short"]?["status"] == "SUCCESS")
        #expect(records["later"]?["status"] == "ERROR")
        #expect(records["later"]?["error_message"]?.contains("argument 2 is 1200 characters long") == true)
    }

    /// Sink paths in a recipe are taken from its directory, as its other paths are; they used to be taken from
    /// the directory prx ran in.
    @Test func sinkPathsAreRelativeToTheRecipe() async throws {
        let bench = try Workbench()
        defer { bench.root.remove() }
        try bench.root.write("sub/recipe.lua", """
            prx.task { "true", name = "only" }
            prx.sink("json", { path = "run.jsonl" })
            prx.set("csv.path", "rows.csv")
            """)
        let outcome = try await bench.prx(["run", "sub/recipe.lua", "-r"])
        #expect(outcome.status == 0, "\(outcome.stderr)")
        let files = ["sub/run.jsonl", "sub/rows.csv", "run.jsonl", "rows.csv"].map {
            FileManager.default.fileExists(atPath: bench.root.file($0))
        }
        #expect(files == [true, true, false, false])
    }

    /// A recipe's `args-file` source reads its `file` from the recipe's directory, as its `template` and every other
    /// path of the recipe: it was read from where prx ran. A whole float (`10 / 2`) is a whole number to `prx.set`,
    /// as to `prx.config` (it was refused as '5.0').
    @Test func anArgumentsFileIsTakenFromTheRecipesDirectory() async throws {
        let bench = try Workbench()
        defer { bench.root.remove() }
        try bench.root.write("rec/args.txt", "l1\nl2\n")
        try bench.root.write("rec/tmpl.txt", "t\n")
        try bench.root.write("rec/r.lua", """
            prx.source("args-file", { file = "args.txt", command = "echo @ARG@ @TASK@", template = "tmpl.txt" })
            prx.set("local.max_output_capture", 10 / 2)
            """)
        try bench.root.write("elsewhere/.keep", "")
        let outcome = try await PRXProcess.run(
            ["run", "../rec/r.lua"], home: bench.home, directory: bench.root.file("elsewhere"))
        #expect(outcome.status == 0, "\(outcome.stderr)")
        #expect(outcome.stdout.hasPrefix("l1: echo l1 \(bench.root.file("rec/tmpl.txt"))\nl2: "), "\(outcome.stdout)")
    }

    /// A run writing two JSON files, `--json`'s and a `prx.sink`'s, listed only the first in its summary report:
    /// each is listed, as each is written.
    @Test func theReportListsEveryJSONFile() async throws {
        let bench = try Workbench()
        defer { bench.root.remove() }
        try bench.root.write("sub/recipe.lua", """
            prx.task { "true", name = "only" }
            prx.sink("json", { path = "recipe.jsonl" })
            """)
        let outcome = try await bench.prx(["run", "sub/recipe.lua", "-r", "--json", "flag.jsonl"])
        #expect(outcome.status == 0, "\(outcome.stderr)")
        let files = [bench.root.file("flag.jsonl"), bench.root.file("sub/recipe.jsonl")]
        #expect(outcome.stdout.split(separator: "\n").filter { $0.hasPrefix("- JSON: ") }
            == files.map { "- JSON: \($0)" }, "\(outcome.stdout)")
        for file in files {
            #expect(try String(contentsOfFile: file, encoding: .utf8).contains(#""label":"only""#), "\(file)")
        }
    }

    /// A run writing two CSV summaries, logs or output files (the default one and a `prx.sink`'s) listed only the
    /// first of each kind in its summary report: each file written is listed, once however many sinks write it (a
    /// stream such as `/dev/null`, the one kind of file sinks may share), a `prx.sink`'s summary or output file without
    /// the note parallelr gives the run's own (`(session-specific)`, `(enabled by default, …)`).
    @Test func theReportListsEveryFileOfEachKind() async throws {
        let bench = try Workbench()
        defer { bench.root.remove() }
        try bench.root.write("sub/recipe.lua", """
            prx.task { "true", name = "only" }
            prx.sink("csv", { path = "one.csv" })
            prx.sink("csv", { path = "two.csv" })
            prx.sink("log", { path = "one.log" })
            prx.sink("output", { path = "one.out" })
            prx.sink("output", { path = "/dev/null" })
            prx.sink("output", { path = "/dev/null" })
            """)
        let outcome = try await bench.prx(["run", "sub/recipe.lua", "-r"])
        #expect(outcome.status == 0, "\(outcome.stderr)")
        let listed = outcome.stdout.split(separator: "\n").filter {
            $0.hasPrefix("- Main Log: ") || $0.hasPrefix("- Summary: ") || $0.hasPrefix("- Output: ")
        }.map(String.init)
        let csv = bench.logFiles(endingWith: "_summary.csv")
        let mainLog = bench.logFiles(endingWith: ".log")
        let out = bench.logFiles(endingWith: "_output.txt")
        #expect(csv.count == 1 && mainLog.count == 1 && out.count == 1)
        let sub = bench.root.file("sub")
        #expect(listed == [
            "- Main Log: \(mainLog[0]) (rotating)", "- Main Log: \(sub)/one.log (rotating)",
            "- Summary: \(csv[0]) (session-specific)", "- Summary: \(sub)/one.csv", "- Summary: \(sub)/two.csv",
            "- Output: \(out[0]) (enabled by default, disable with --no-task-output-log)",
            "- Output: \(sub)/one.out", "- Output: /dev/null",
        ], "\(outcome.stdout)")
        for file in ["one.csv", "two.csv", "one.log", "one.out"] {
            #expect(try String(contentsOfFile: "\(sub)/\(file)", encoding: .utf8).contains("only"), "\(file)")
        }
    }

    /// `--set` sets a chosen plugin's setting over the recipe's `prx.set`, a path taken from the directory prx runs
    /// in, as RECIPES.md says; `prx run` refused the flag.
    @Test func theSetFlagGoesOverTheRecipe() async throws {
        let bench = try Workbench()
        defer { bench.root.remove() }
        try bench.root.write(
            "sub/recipe.lua", "prx.task { \"true\", name = \"only\" }\nprx.set(\"csv.path\", \"rows.csv\")\n")
        let outcome = try await bench.prx(["run", "sub/recipe.lua", "-r", "--set", "csv.path=flag.csv"])
        #expect(outcome.status == 0, "\(outcome.stderr)")
        #expect(FileManager.default.fileExists(atPath: bench.root.file("flag.csv")))
        #expect(!FileManager.default.fileExists(atPath: bench.root.file("sub/rows.csv")))
        let stray = try await bench.prx(["run", "sub/recipe.lua", "--set", "slurm.partition=x"])
        #expect(stray.status == 2)
        #expect(stray.stderr == "prx: error: --set slurm.partition=x: unknown plugin 'slurm' (see 'prx plugins')\n")
    }

    /// A plugin's own table wins over `prx.set`, wherever the two lines come: `prx.set("csv.path", …)` moves the
    /// built-in summary and a `prx.sink("csv", { path = … })` keeps its file, where `prx.set` wrote over the sink's
    /// path too, so that both summaries wrote one file and the run was refused ("csv.path and csv.path (r.lua:2)
    /// name the same file"). A setting the table leaves out comes from `prx.set`, for a source as for a sink. The
    /// report lists both summaries, at paths the recipe chose, without parallelr's `(session-specific)`, which they
    /// had: neither is named by the session, as the run's own summary in the log directory is.
    @Test(arguments: [true, false])
    func aPluginsOwnSettingsWinOverPrxSet(setComesFirst: Bool) async throws {
        let bench = try Workbench()
        defer { bench.root.remove() }
        try bench.root.write("a/one.sh", "")
        try bench.root.write("b/two.sh", "")
        let set = "prx.set(\"csv.path\", \"rows.csv\") prx.set(\"dir.command\", \"echo set @TASK@\")"
        let plugins = """
            prx.sink("csv", { path = "all.csv" })
            prx.source("dir", { path = "a", command = "echo own @TASK@" })
            prx.source("dir", { path = "b" })
            """
        let lines = setComesFirst ? [set, plugins] : [plugins, set]
        try bench.root.write("recipe.lua", (["prx.task { \"true\", name = \"only\" }"] + lines).joined(separator: "\n"))
        let dry = try await bench.prx(["run", "recipe.lua"])
        #expect(dry.status == 0, "\(dry.stderr)")
        #expect(dry.stdout.contains("echo own \(bench.root.file("a/one.sh"))"), "\(dry.stdout)")
        #expect(dry.stdout.contains("echo set \(bench.root.file("b/two.sh"))"), "\(dry.stdout)")
        let outcome = try await bench.prx(["run", "recipe.lua", "-r"])
        #expect(outcome.status == 0, "\(outcome.stderr)")
        for file in ["rows.csv", "all.csv"] {
            let rows = try bench.root.read(file).split(separator: "\n")
            #expect(rows.count == 4 && rows.contains { $0.contains(";only;true;") }, "\(file): \(rows)")
        }
        let listed = outcome.stdout.split(separator: "\n").filter { $0.hasPrefix("- Summary: ") }
        #expect(listed == ["- Summary: \(bench.root.file("rows.csv"))", "- Summary: \(bench.root.file("all.csv"))"],
            "\(outcome.stdout)")
    }

    /// A `prx.set` and a plugin's table that name one file are refused with one line naming both lines, and one
    /// setting that gives two sinks their file — a `prx.set` and a `prx.sink` without a `path` of its own, or a
    /// `--set` over the recipe's — is named once, where the error read "csv.path and csv.path (r.lua:3)". A `--set`
    /// over the recipe's `prx.sink` was named at no line ("prx: error: csv.path names one file for two sinks"): the
    /// line of the `prx.sink` that made it a second sink of that file is named.
    @Test(arguments: [
        ("prx.sink(\"csv\", { path = \"same.csv\" })\nprx.set(\"csv.path\", \"same.csv\")", [String](),
         "r.lua:3: csv.path and csv.path (r.lua:2) name the same file"),
        ("prx.sink(\"csv\")\nprx.set(\"csv.path\", \"same.csv\")", [],
         "r.lua:3: csv.path names one file for two sinks"),
        ("prx.sink(\"csv\", { path = \"all.csv\" })", ["--set", "csv.path=same.csv"],
         "r.lua:2: csv.path names one file for two sinks"),
        ("prx.sink(\"csv\")", ["--set", "csv.path=same.csv"], "r.lua:2: csv.path names one file for two sinks"),
        ("prx.set(\"csv.path\", \"rows.csv\")\nprx.sink(\"csv\", { path = \"all.csv\" })",
         ["--set", "csv.path=same.csv"], "r.lua:3: csv.path names one file for two sinks"),
    ])
    func aPrxSetAndASinkOfOneFileAreNamedOnce(lines: String, flags: [String], expected: String) async throws {
        let bench = try Workbench()
        defer { bench.root.remove() }
        try bench.root.write("r.lua", "prx.task { \"true\", name = \"only\" }\n\(lines)\n")
        let outcome = try await bench.prx(["run", "r.lua", "-r"] + flags)
        #expect(outcome.status == 2)
        #expect(outcome.stderr == "prx: error: \(expected), \(bench.root.file("same.csv")): their lines would tear "
            + "into each other (give each a file of its own)\n")
        #expect(!FileManager.default.fileExists(atPath: bench.root.file("same.csv")))
        #expect(bench.logFiles(endingWith: "").isEmpty)
    }

    /// A `prx.sink` of a built-in sink without a `path` of its own writes the run's file, which the built-in sink
    /// writes: refused without naming the recipe line ("the run's CSV summary names one file for two sinks"). Now
    /// the line of the `prx.sink` call is named. Two logs, each adding at the end, would mix their lines, not tear
    /// them, and are refused so.
    @Test(arguments: [
        ("csv", "the run's CSV summary", "_summary.csv: their lines would tear into each other"),
        ("log", "the run's log", ".log: their lines would be mixed in one file"),
    ])
    func aBuiltInSinkWithoutAPathOfItsOwnIsRefusedAtItsLine(sink: String, file: String, suffix: String)
        async throws
    {
        let bench = try Workbench()
        defer { bench.root.remove() }
        try bench.root.write("r.lua", "prx.task { \"true\", name = \"only\" }\nprx.sink(\"\(sink)\")\n")
        let outcome = try await bench.prx(["run", "r.lua", "-r"])
        #expect(outcome.status == 2)
        #expect(outcome.stderr.hasPrefix("prx: error: r.lua:2: \(file) names one file for two sinks, \(bench.logs)/"),
            "\(outcome.stderr)")
        #expect(outcome.stderr.hasSuffix(
            "\(suffix) (give each a file of its own)\n"), "\(outcome.stderr)")
        #expect(bench.logFiles(endingWith: "").isEmpty)
    }

    @Test(arguments: [
        ("prx.sink(\"promethus\", {})", "unknown sink 'promethus' (valid: csv, json, log, output)"),
        ("prx.source(\"dir\", { pth = \"x\" })", "unknown setting 'pth' for source 'dir' (valid: command, "),
        ("prx.sink(\"json\", { path = { x = 1 } })", "setting json.path must be a string, number, boolean or list"),
        // An array was joined with commas into one text, which a path took as a file name (`a,b`).
        ("prx.sink(\"json\", { path = { \"a\", \"b\" } })",
            "setting json.path must be a single value, not a list (got 'a,b')"),
        ("prx.config { executor = \"slurm\" }", "unknown executor 'slurm' (valid: local)"),
        ("prx.set(\"slurm.partition\", \"x\")", "prx.set: no plugin is called 'slurm' (valid: args-file, csv, "),
        ("prx.set(\"json.pth\", \"x\")", "unknown setting 'pth' for sink 'json' (valid: path, sync)"),
        ("prx.set(\"local.max_output_capture\", \"lots\")",
            "setting local.max_output_capture must be a whole number (got 'lots')"),
        ("prx.set(\"stop-limits.max_failure_rate\", 0.2)",
            "prx.set: no chosen plugin is called 'stop-limits' (choose stop-policy stop-limits with "
                + "prx.config{ stop_limits = true } in the recipe; chosen: csv, local, log, output)"),
        // Raised as the source is made: it named no line, and a dry run did not make it.
        ("prx.source(\"dir\", { path = \"nope\", command = \"true\" })", "task path does not exist: nope (dir.path)"),
        // Found as the sink was made, after the log files were: a dry run passed it.
        ("prx.sink(\"json\")", "sink 'json' needs the setting json.path"),
        // An empty path was made absolute from the recipe's directory, which named the directory: a dry run passed
        // it, and -r said "recipe.lua:2: cannot open /…: Is a directory". Refused as `--set csv.path=` is.
        ("prx.set(\"csv.path\", \"\")", "setting csv.path must be text that is not empty (got '')"),
        ("prx.sink(\"csv\", { path = \"\" })", "setting csv.path must be text that is not empty (got '')"),
        ("prx.set(\"log.path\", \"\")", "setting log.path must be text that is not empty (got '')"),
        ("prx.set(\"output.path\", \"\")", "setting output.path must be text that is not empty (got '')"),
        ("prx.sink(\"output\", { path = \"\" })", "setting output.path must be text that is not empty (got '')"),
        // json.path, dir.path and args-file.file are paths too, which an empty text named none of: the sink's
        // said "sink 'json' needs the setting json.path", and a prx.set of it over a prx.sink's path passed.
        ("prx.sink(\"json\", { path = \"\" })", "setting json.path must be text that is not empty (got '')"),
        ("prx.sink(\"json\", { path = \"j1.json\" }); prx.set(\"json.path\", \"\")",
            "setting json.path must be text that is not empty (got '')"),
        ("prx.source(\"dir\", { path = \"\", command = \"true\" })",
            "setting dir.path must be text that is not empty (got '')"),
        ("prx.source(\"args-file\", { file = \"\", command = \"echo @ARG@\" })",
            "setting args-file.file must be text that is not empty (got '')"),
    ])
    func aWrongPluginChoiceIsAnErrorAtItsLineAndNothingRuns(line: String, message: String) async throws {
        let bench = try Workbench()
        defer { bench.root.remove() }
        try bench.root.write("recipe.lua", "prx.task { \"touch\", \"\(bench.root.file("ran"))\" }\n\(line)\n")
        for arguments in [["run", "recipe.lua"], ["run", "recipe.lua", "-r"]] {
            let outcome = try await bench.prx(arguments)
            #expect(outcome.status == 2)
            #expect(outcome.stderr.hasPrefix("prx: error: recipe.lua:2: \(message)"), "\(outcome.stderr)")
            #expect(outcome.stderr.split(separator: "\n").count == 1)
        }
        #expect(!FileManager.default.fileExists(atPath: bench.root.file("ran")))
        #expect(bench.logFiles(endingWith: "").isEmpty, "no log file is made")
    }

    /// An `args-file` source whose file cannot be opened ended its message with `(-A)`, a flag no one gave a
    /// recipe: it names the source's setting, after the line of the `prx.source`.
    @Test(arguments: [
        ("missing.txt", "cannot open arguments file PATH: No such file or directory"),
        ("folder", "arguments file is a directory: PATH"),
    ])
    func anArgumentsFileThatCannotBeOpenedNamesTheSourcesSetting(file: String, message: String) async throws {
        let bench = try Workbench()
        defer { bench.root.remove() }
        try bench.root.write("folder/x", "")
        try bench.root.write("recipe.lua", """
            prx.task { "true", name = "a" }
            prx.source("args-file", { file = "\(file)", command = "echo @ARG@" })
            """)
        let expected = message.replacingOccurrences(of: "PATH", with: bench.root.file(file))
        try await Self.expectRefused(in: bench, saying: "recipe.lua:2: \(expected) (args-file.file)")
    }

    /// A `glob` or `dir` source whose paths give no task file, or an `args-file` source whose template cannot be
    /// used, named `-T` (and `--file-extension`), flags no one gave a recipe: each names the source's setting, after
    /// the line of the `prx.source`, in a dry run and a run.
    @Test(arguments: [
        (#"prx.source("glob", { patterns = { "none/*.x" }, command = "echo @TASK@" })"#,
         "no file matches the pattern none/*.x (glob.patterns)"),
        (#"prx.source("glob", { patterns = { "missing" }, command = "echo @TASK@" })"#,
         "task path does not exist: missing (glob.patterns)"),
        (#"prx.source("glob", { patterns = { "folder" }, ext = { "log" }, command = "echo @TASK@" })"#,
         "no task files with extension log found (glob.patterns, glob.ext)"),
        (#"prx.source("dir", { path = "empty", command = "echo @TASK@" })"#,
         "no task files found in the given paths (dir.path)"),
        (#"prx.source("dir", { path = "folder", ext = { "log" }, command = "echo @TASK@" })"#,
         "no task files with extension log found (dir.path, dir.ext)"),
        (#"prx.source("args-file", { file = "hosts.txt", template = "none.txt", command = "echo @TASK@" })"#,
         "template file not found: none.txt (args-file.template)"),
        (#"prx.source("args-file", { file = "hosts.txt", template = "folder", command = "echo @TASK@" })"#,
         "with args-file.file, args-file.template must be a template file, not the directory folder; leave out "
            + "args-file.template to run the command on each line directly (args-file.template)"),
    ])
    func aSourceWhosePathsGiveNoTaskNamesItsSettings(source: String, message: String) async throws {
        let bench = try Workbench()
        defer { bench.root.remove() }
        try bench.root.write("folder/x.txt", "")
        try FileManager.default.createDirectory(atPath: bench.root.file("empty"), withIntermediateDirectories: false)
        try bench.root.write("hosts.txt", "h1\n")
        try bench.root.write("recipe.lua", "prx.task { \"true\", name = \"a\" }\n\(source)\n")
        try await Self.expectRefused(in: bench, saying: "recipe.lua:2: \(message)")
    }

    /// A source's `ext`, a `prx.set` of it, or the `ext` of `prx.dir` or `prx.glob`, that names no extension is
    /// refused at its recipe line, naming the setting or the function, in a dry run and a run: it kept every file.
    /// An empty `ext` is no filter.
    @Test(arguments: [
        (#"prx.source("glob", { patterns = { "folder" }, ext = ".", command = "echo @TASK@" })"#, "glob.ext '.'"),
        (#"prx.source("dir", { path = "folder", ext = { ".", "" }, command = "echo @TASK@" })"#, "dir.ext '.,'"),
        (#"prx.set("glob.ext", " ") prx.source("glob", { patterns = { "folder" }, command = "echo @TASK@" })"#,
         "glob.ext ' '"),
        (#"for _, f in ipairs(prx.dir("folder", { ext = "." })) do prx.task { "echo", f } end"#, "prx.dir: ext '.'"),
        (#"for _, f in ipairs(prx.glob("folder/*", { ext = ". ," })) do prx.task { "echo", f } end"#,
         "prx.glob: ext '. ,'"),
    ])
    func anExtNamingNoExtensionIsRefusedAtItsLine(source: String, named: String) async throws {
        let bench = try Workbench()
        defer { bench.root.remove() }
        try bench.root.write("folder/a.txt", "")
        try bench.root.write("recipe.lua", "prx.task { \"true\", name = \"a\" }\n\(source)\n")
        try await Self.expectRefused(
            in: bench,
            saying: "recipe.lua:2: \(named) names no extension, so no task file would match: write them as txt,log")
        #expect(bench.logFiles(endingWith: "").isEmpty, "\(bench.logFiles(endingWith: ""))")
        guard source.contains("ext = \".\"") else { return }
        try bench.root.write("recipe.lua", source.replacingOccurrences(of: "ext = \".\"", with: "ext = \"\"") + "\n")
        let unfiltered = try await bench.prx(["run", "recipe.lua"])
        #expect(unfiltered.status == 0, "\(unfiltered.stderr)")
        #expect(unfiltered.stdout.contains("echo \(bench.root.file("folder/a.txt"))"), "\(unfiltered.stdout)")
    }

    /// An `args-file` source's `separator` or `env` that cannot be used named `-S` or `-E`, flags no one gave a
    /// recipe: each names the source's setting, after the line of the `prx.source`.
    @Test(arguments: [
        (#"separator = "bogus""#,
         "unknown separator 'bogus' (args-file.separator); use one of: space, whitespace, tab, comma, semicolon, "
            + "pipe, colon"),
        (#"env = "A,A""#,
         "environment variable name 'A' is given twice; each name takes a field of its own (args-file.env)"),
        (#"env = "A,,B""#,
         "environment variable list 'A,,B' has an empty entry; write the names as NAME1,NAME2 (args-file.env)"),
    ])
    func anArgumentsFilesSeparatorOrNamesThatCannotBeUsedNameTheirSetting(
        setting: String, message: String
    ) async throws {
        let bench = try Workbench()
        defer { bench.root.remove() }
        try bench.root.write("hosts.txt", "h1 1\n")
        try bench.root.write("recipe.lua", """
            prx.task { "true", name = "a" }
            prx.source("args-file", { file = "hosts.txt", command = "echo @ARG@", \(setting) })
            """)
        try await Self.expectRefused(in: bench, saying: "recipe.lua:2: \(message)")
    }

    /// What a recipe's `prx.source` says as it builds its tasks (its tasks' errors, a line's with too few fields for
    /// its names among them, its warnings, a command template that cannot be split) names the source's settings, and
    /// the recipe line but in a task's error, where it named flags the recipe never gave: "file mode has no arguments
    /// file (-A)", "arguments-only mode has no template file (-T)" (now refused before any task, naming the settings),
    /// "2 environment variable names (-E)", "the command (-C) … and -E names no variable".
    @Test(arguments: [
        (#""dir", { path = "files", command = "echo @TASK@ @ARG@" }"#, 1,
         "@ARG@ has no value for task file {root}/files/a.sh: a task file has no arguments line (dir.command)"),
        (#""args-file", { file = "hosts.txt", command = "echo @TASK@" }"#, 2,
         "prx: error: recipe.lua:2: args-file.command uses @TASK@, which with args-file.file is the template file: "
            + "give it with args-file.template\n"),
        (#""args-file", { file = "hosts.txt", command = "echo $H", env = "H,P" }"#, 1,
         "{root}/hosts.txt:1: 2 environment variable names (args-file.env) but only 1 field"),
        (#""args-file", { file = "hosts.txt", command = "echo hi" }"#, 0,
         "prx: warning: recipe.lua:2: the command (args-file.command) has no @ARG@ or @ARG_N@ placeholder and "
            + "args-file.env names no variable: the arguments lines are not used\n"),
        (#""args-file", { file = "hosts.txt", command = "echo $H", env = "H", separator = "space" }"#, 0,
         "prx: warning: recipe.lua:2: {root}/hosts.txt:1: 2 fields but 1 environment variable name "
            + "(args-file.env); fields after the first set no variable\n"),
        (#""dir", { path = "files", command = "echo 'x" }"#, 2,
         "prx: error: recipe.lua:2: command template cannot be split: no closing quotation for ' at character 6 "
            + "(dir.command)\n"),
        (#""dir", { path = "odd", command = "echo @TASK@" }"#, 1,
         "task file {root}/odd/b\\xff.sh: its name is not UTF-8, which prx cannot pass to a command (dir.path)"),
    ])
    func whatASourceSaysAsItBuildsItsTasksNamesItsSettings(source: String, status: Int32, message: String)
        async throws
    {
        let bench = try Workbench()
        defer { bench.root.remove() }
        try bench.root.write("hosts.txt", "h1 22\n")
        try bench.root.write("files/a.sh", "true\n")
        try FileManager.default.createDirectory(atPath: bench.root.file("odd"), withIntermediateDirectories: true)
        let oddName = Array(bench.root.file("odd/b").utf8) + [0xFF] + Array(".sh".utf8) + [0]
        close(oddName.withUnsafeBufferPointer { name in
            name.withMemoryRebound(to: CChar.self) { open($0.baseAddress!, O_CREAT | O_WRONLY, 0o600) }
        })
        try bench.root.write("recipe.lua", """
            prx.task { "true", name = "a" }
            prx.source(\(source))
            """)
        let outcome = try await bench.prx(["run", "recipe.lua", "-r"])
        #expect(outcome.status == status, "\(outcome.stderr)")
        let written = try (bench.logFiles(endingWith: ".log") + bench.logFiles(endingWith: "_summary.csv"))
            .map { try String(contentsOfFile: $0, encoding: .utf8) }
        let everything = ([outcome.stderr] + written).joined(separator: "\n")
        #expect(everything.contains(message.replacingOccurrences(of: "{root}", with: bench.root.path)),
                "\(everything)")
        for flag in ["(-A)", "(-T)", "(-E)", "(-C)", "-E names", "(-S)"] {
            #expect(!everything.contains(flag), "\(everything)")
        }
    }

    /// A sink whose file cannot be opened is an error at the line that gave its path, the `prx.sink` or the last
    /// `prx.set` of it; it named no line. A path given by `--set` is the command line's, and names the `--set` and the
    /// setting.
    @Test(arguments: [
        ("prx.sink(\"json\", { path = \"/nonexistent/dir/x.json\" })", [String](),
            "recipe.lua:2: cannot open /nonexistent/dir/x.json: No such file or directory"),
        ("prx.set(\"csv.path\", \"x.csv\")\nprx.set(\"csv.path\", \"/nonexistent/dir/x.csv\")\n"
            + "prx.set(\"csv.sync\", 1)", [],
            "recipe.lua:3: cannot open /nonexistent/dir/x.csv: No such file or directory"),
        ("prx.set(\"csv.path\", \"x.csv\")", ["--set", "csv.path=/nonexistent/y.csv"],
            "--set csv.path=/nonexistent/y.csv: cannot open /nonexistent/y.csv: No such file or directory (csv.path)"),
    ])
    func aSinkThatCannotOpenItsFileIsAnErrorAtTheLineOfItsPath(lines: String, flags: [String], message: String)
        async throws
    {
        let bench = try Workbench()
        defer { bench.root.remove() }
        try bench.root.write("recipe.lua", "prx.task { \"touch\", \"\(bench.root.file("ran"))\" }\n\(lines)\n")
        let outcome = try await bench.prx(["run", "recipe.lua", "-r"] + flags)
        #expect(outcome.status == 2)
        #expect(outcome.stderr == "prx: error: \(message)\n")
        #expect(!FileManager.default.fileExists(atPath: bench.root.file("ran")))
    }

    /// A dry run shows the tasks of the recipe's `prx.source`s after its own, as `-r` runs them: it showed the
    /// recipe's own alone.
    @Test func aDryRunShowsTheTasksOfTheRecipesSources() async throws {
        let bench = try Workbench()
        defer { bench.root.remove() }
        let folder = try bench.tasks(2) { _ in "true\n" }
        try bench.root.write("recipe.lua", """
            prx.task { "echo", "own", name = "own" }
            prx.source("dir", { path = "\(folder)", command = "sh @TASK@" })
            """)
        let dry = try await bench.prx(["run", "recipe.lua"])
        #expect(dry.status == 0, "\(dry.stderr)")
        #expect(dry.stdout == """
            own: echo own
            \(folder)/task1.sh: sh \(folder)/task1.sh
            \(folder)/task2.sh: sh \(folder)/task2.sh
            # dry run: 3 tasks; add -r to run them

            """)
        #expect(try await bench.prx(["run", "recipe.lua", "-r"]).stdout.contains("Total Tasks: 3"))
    }

    @Test func theStopLimitsTakeTheirSettingsFromTheRecipeAndTheConfiguration() async throws {
        let bench = try Workbench()
        defer { bench.root.remove() }
        try bench.root.write("home/cfg/prx.yaml", "plugins:\n  stop-limits:\n    max_consecutive_failures: 4\n")
        try bench.root.write("recipe.lua", """
            prx.config { stop_limits = true, workers = 1 }
            for i = 1, 6 do prx.task { "false", name = "t" .. i } end
            if prx.args[1] then prx.set("stop-limits.max_consecutive_failures", prx.args[1]) end
            """)
        for (arguments, limit) in [(["run", "recipe.lua", "-r"], 4), (["run", "recipe.lua", "-r", "--", "2"], 2)] {
            let outcome = try await bench.prx(arguments)
            #expect(outcome.status == 1, "\(outcome.stderr)")
            #expect(outcome.stdout.contains("- Halted: \(limit) consecutive failures (limit: \(limit))"),
                "\(outcome.stdout)")
            #expect(try await bench.summaryRecords().filter { $0["status"] == "FAILED" }.count == limit)
            try FileManager.default.removeItem(atPath: bench.logs)
        }
    }

    /// `prx.source`, `prx.sink` and `prx.stop_policy` called without a plugin name show how to call them, and the
    /// call shown works: `prx.source`'s example was a sink's (`prx.source("json", { path = "run.jsonl" })`), itself
    /// refused as an unknown source.
    @Test(arguments: ["source", "sink", "stop_policy"])
    func theUsageErrorsExampleIsACallThatWorks(function: String) async throws {
        let bench = try Workbench()
        defer { bench.root.remove() }
        try bench.root.write("hosts.txt", "localhost\n")
        try bench.root.write("recipe.lua", "prx.\(function)(5)\n")
        let refused = try await bench.prx(["run", "recipe.lua"])
        #expect(refused.status == 2)
        let prefix = "prx: error: recipe.lua:1: prx.\(function) takes a plugin name and a table of settings, e.g. "
        #expect(refused.stderr.hasPrefix(prefix), "\(refused.stderr)")
        let example = String(refused.stderr.dropFirst(prefix.count).dropLast())
        #expect(example.hasPrefix("prx.\(function)("), "\(refused.stderr)")
        try bench.root.write("recipe.lua", example + "\n")
        // The source's example pings: a dry run reports a program it cannot find as not runnable.
        try bench.root.write("bin/ping", "#!/bin/sh\n", executable: true)
        let path = bench.root.file("bin") + ":" + (ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin")
        let followed = try await bench.prx(["run", "recipe.lua"], environment: ["PATH": path])
        #expect(followed.status == 0, "\(followed.stderr)")
        #expect(followed.stderr.isEmpty, "\(followed.stderr)")
    }

    /// Expects `recipe.lua` of `bench` to be refused before anything runs, in a dry run and in a run alike: exit 2
    /// and the one line `prx: error: <message>`.
    private static func expectRefused(in bench: Workbench, saying message: String) async throws {
        for arguments in [["run", "recipe.lua"], ["run", "recipe.lua", "-r"]] {
            let outcome = try await bench.prx(arguments)
            #expect(outcome.status == 2)
            #expect(outcome.stderr == "prx: error: \(message)\n")
        }
    }

    /// A recipe's own task output file (`prx.sink("output", { path = … })`) was listed in the summary report as the
    /// run's is, `(enabled by default, disable with --no-task-output-log)`, with `--no-task-output-log` given too,
    /// which leaves it. The note is the run's own file's alone now.
    @Test(arguments: [[String](), ["--no-task-output-log"]])
    func aRecipesOwnTaskOutputFileIsListedWithoutTheRunsFileNote(flags: [String]) async throws {
        let bench = try Workbench()
        defer { bench.root.remove() }
        let mine = URL(fileURLWithPath: bench.root.path).resolvingSymlinksInPath().appendingPathComponent("mine.txt")
        try bench.root.write("recipe.lua", """
            prx.task { "true", name = "t" }
            prx.sink("output", { path = "mine.txt" })
            """)
        let outcome = try await bench.prx(["run", "recipe.lua", "-r"] + flags)
        #expect(outcome.status == 0, "\(outcome.stderr)")
        let outputs = outcome.stdout.split(separator: "\n").filter { $0.hasPrefix("- Output: ") }
        let own = flags.isEmpty ? outputs.first.map(String.init) : nil
        #expect(outputs.map(String.init) == [own, "- Output: \(mine.path)"].compactMap { $0 }, "\(outcome.stdout)")
        let note = "_output.txt (enabled by default, disable with --no-task-output-log)"
        #expect(own.map { $0.hasSuffix(note) } != false, "\(outcome.stdout)")
    }
}
