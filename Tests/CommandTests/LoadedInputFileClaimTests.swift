import Foundation
import PRXTesting
import Testing

/// Files the run reads before any result file is opened, beyond its arguments, task and Lua files: the files a
/// recipe (or a `--hook`, `--parser` or `--stop-policy` file) reads with `prx.lines`, `prx.each_line` or `io`, or lists
/// with `prx.dir` or `prx.glob`, as it loads, and the configuration files. A result file that is one of them is refused
/// with one line naming both, where the sink emptied it (the user's host list, or configuration) and prx exited 0, or,
/// the log adding to it, filled it with log lines that the next run read as its own.
@Suite(.runsProcesses) struct LoadedInputFileClaimTests {
    /// A result file that is a file `prx.lines` or `prx.each_line` read as the Lua code loaded is refused, naming
    /// the function and its line, and the file is left as it was.
    @Test(arguments: [
        (["run", "lines.lua", "-r", "--json", "hosts.txt"], "--json and prx.lines (lines.lua:1)"),
        (["run", "each.lua", "-r"], "each.lua:4: csv.path and prx.each_line (each.lua:1)"),
        (["run", "lines.lua", "-r", "--set", "output.path=./sub/../hosts.txt"],
         "output.path and prx.lines (lines.lua:1)"),
        (["-A", "args.txt", "-C", "echo @ARG@", "-r", "--hook", "hook.lua", "--set", "output.path=hosts.txt"],
         "output.path and prx.lines (hook.lua:1)"),
        (["-A", "args.txt", "-C", "echo @ARG@", "-r", "--parser", "parse.lua", "--json", "hosts.txt"],
         "--json and prx.each_line (parse.lua:1)"),
    ])
    func aResultFileThatIsAFileReadAsTheLuaCodeLoadedIsRefused(arguments: [String], expected: String) async throws {
        let bench = try Workbench()
        defer { bench.root.remove() }
        let hosts = (1...20).map { "host\($0)\n" }.joined()
        let files = [
            "hosts.txt": hosts, "args.txt": "1\n2\n", "sub/kept": "",
            "lines.lua": """
                local hosts = prx.lines("hosts.txt")
                for _, host in ipairs(hosts) do prx.task { "touch", "ran." .. host[1] } end
                """,
            "each.lua": """
                for fields in prx.each_line("hosts.txt") do
                  prx.task { "touch", "ran." .. fields[1] }
                end
                prx.sink("csv", { path = "hosts.txt" })
                """,
            "hook.lua": "local hosts = prx.lines(\"hosts.txt\")\nreturn { on_start = function(task) end }\n",
            "parse.lua": "for _ in prx.each_line(\"hosts.txt\") do end\nreturn function(line) return { line } end\n",
        ]
        for (name, text) in files { try bench.root.write(name, text) }
        let outcome = try await bench.prx(arguments)
        let harm = "prx would empty the file it reads (give the results a file of their own)"
        #expect(outcome.status == 2)
        #expect(outcome.stderr.hasPrefix("prx: error: \(expected) name the same file, "), "\(outcome.stderr)")
        #expect(outcome.stderr.hasSuffix("\(bench.root.file("hosts.txt")): \(harm)\n"), "\(outcome.stderr)")
        #expect(outcome.stderr.split(separator: "\n").count == 1, "\(outcome.stderr)")
        #expect(try bench.root.read("hosts.txt") == hosts)
        #expect(bench.logFiles(endingWith: "").isEmpty)
        #expect(bench.journals().isEmpty)
        #expect(!FileManager.default.fileExists(atPath: bench.root.file("ran.host1")))
    }

    /// A result file that is a file the Lua code opened through `io` as it loaded (`io.lines`, `io.open`, `io.input`)
    /// is refused, naming the function and its line, and the file is left as it was: the sink emptied it, exit 0. A
    /// name `io` could not open (under `pcall`) has no file to empty, and a result file may be made there.
    @Test(arguments: [
        (["run", "lines.lua", "-r", "--json", "hosts.txt"], "--json and io.lines (lines.lua:2)"),
        (["run", "input.lua", "-r", "--set", "csv.path=./hosts.txt"], "csv.path and io.input (input.lua:1)"),
        (["-A", "args.txt", "-C", "echo @ARG@", "-r", "--hook", "hook.lua", "--json", "hosts.txt"],
         "--json and io.open (hook.lua:1)"),
    ])
    func aResultFileThatIsAFileOpenedThroughIOAsTheLuaCodeLoadedIsRefused(arguments: [String], expected: String)
        async throws
    {
        let bench = try Workbench()
        defer { bench.root.remove() }
        let hosts = "host1\nhost2\n"
        let files = [
            "hosts.txt": hosts, "args.txt": "1\n",
            "lines.lua": "pcall(io.lines, \"missing.txt\")\n"
                + "for host in io.lines(\"hosts.txt\") do prx.task { \"touch\", \"ran.\" .. host } end\n",
            "input.lua": "io.input(\"hosts.txt\")\n"
                + "for host in io.lines() do prx.task { \"touch\", \"ran.\" .. host } end\n",
            "hook.lua": "local file = io.open(\"hosts.txt\")\nfile:close()\nreturn { on_start = function(task) end }\n",
        ]
        for (name, text) in files { try bench.root.write(name, text) }
        try await expectRefused(arguments, naming: expected, "hosts.txt", holding: hosts, unrun: "ran.host1", in: bench)

        let fine = try await bench.prx(["run", "lines.lua", "-r", "--json", "missing.txt"])
        #expect(fine.status == 0, "\(fine.stderr)")
        #expect(FileManager.default.fileExists(atPath: bench.root.file("ran.host1")))
    }

    /// A result file that is one of the files `prx.dir` or `prx.glob` listed as the Lua code loaded (the task files a
    /// recipe builds its tasks on) is refused, naming the function and its line, and the task file is left as it was:
    /// the sink emptied it, and its task ran the empty file, exit 0. A listed file that is no result file, and a result
    /// file in the listed directory made by the run, are no clash.
    @Test(arguments: [
        (["run", "dir.lua", "-r", "--json", "tasks/b.sh"], "--json and prx.dir (dir.lua:1)"),
        (["run", "glob.lua", "-r", "--set", "csv.path=tasks/./b.sh"], "csv.path and prx.glob (glob.lua:2)"),
        (["-A", "args.txt", "-C", "echo @ARG@", "-r", "--hook", "hook.lua", "--json", "tasks/b.sh"],
         "--json and prx.dir (hook.lua:1)"),
    ])
    func aResultFileThatIsAFileListedAsTheLuaCodeLoadedIsRefused(arguments: [String], expected: String)
        async throws
    {
        let bench = try Workbench()
        defer { bench.root.remove() }
        let task = "touch ran.$(basename \"$0\")\n"
        let files = [
            "tasks/a.sh": task, "tasks/b.sh": task, "args.txt": "1\n",
            "dir.lua": "for _, file in ipairs(prx.dir(\"tasks\")) do prx.task { \"sh\", file } end\n",
            "glob.lua": "local files = {}\nfiles = prx.glob(\"tasks/*.sh\")\n"
                + "for _, file in ipairs(files) do prx.task { \"sh\", file } end\n",
            "hook.lua": "local files = prx.dir(\"tasks\")\nreturn { on_start = function(task) end }\n",
        ]
        for (name, text) in files { try bench.root.write(name, text) }
        try await expectRefused(arguments, naming: expected, "tasks/b.sh", holding: task, unrun: "ran.a.sh", in: bench)

        let fine = try await bench.prx(["run", "dir.lua", "-r", "--json", "tasks/c.json"])
        #expect(fine.status == 0, "\(fine.stderr)")
        #expect(FileManager.default.fileExists(atPath: bench.root.file("ran.b.sh")))
    }

    /// Expects prx, given `arguments`, to refuse the run with the one line naming `expected` and `file` and saying
    /// `harm`, leaving `file` holding `content`, writing no journal, and running no task (`unrun` is not made).
    private func expectRefused(
        _ arguments: [String], naming expected: String, _ file: String, holding content: String, unrun: String,
        in bench: Workbench, harm: String = "prx would empty the file it reads (give the results a file of their own)"
    ) async throws {
        let outcome = try await bench.prx(arguments)
        #expect(outcome.status == 2)
        #expect(outcome.stderr == "prx: error: \(expected) name the same file, \(bench.root.file(file)): \(harm)\n")
        #expect(try bench.root.read(file) == content)
        #expect(bench.journals().isEmpty)
        #expect(!FileManager.default.fileExists(atPath: bench.root.file(unrun)))
    }

    /// A file the Lua code read as it loaded (`prx.lines`, `prx.each_line`, `io`) may not be the log either, though
    /// the log adds to its file: the Lua code reads the file each time it loads, so the next run would read the log's
    /// lines as its own (a host list gaining log lines as hosts). One line names the function and its line and says
    /// what adding would do, and the file is left as it was, where prx ran and exited 0, the file grown by the log.
    @Test(arguments: [
        // Named at the later line, the prx.lines after the prx.set.
        (["run", "lines.lua", "-r"], "lines.lua:2: prx.lines and log.path (lines.lua:1)"),
        (["run", "io.lua", "-r", "--set", "log.path=run.log"], "log.path and io.lines (io.lua:1)"),
        (["-A", "args.txt", "-C", "echo @ARG@", "-r", "--hook", "hook.lua", "--set", "log.path=run.log"],
         "log.path and prx.lines (hook.lua:1)"),
        (["-A", "args.txt", "-C", "echo @ARG@", "-r", "--parser", "parse.lua", "--set", "log.path=./sub/../run.log"],
         "log.path and prx.each_line (parse.lua:1)"),
    ])
    func aFileReadAsTheLuaCodeLoadedMayNotBeTheLogItAddsTo(arguments: [String], expected: String) async throws {
        let bench = try Workbench()
        defer { bench.root.remove() }
        let earlier = "earlier line 1\nearlier line 2\n"
        let files = [
            "run.log": earlier, "args.txt": "1\n", "sub/kept": "",
            "lines.lua": """
                prx.set("log.path", "run.log")
                for _, f in ipairs(prx.lines("run.log", { sep = "space" })) do prx.task { "touch", "ran." .. f[3] } end
                """,
            "io.lua": """
                for line in io.lines("run.log") do prx.task { "touch", "ran." .. line:match("%d+$") } end
                """,
            "hook.lua": "local earlier = prx.lines(\"run.log\")\nreturn { on_start = function(task) end }\n",
            "parse.lua": "for _ in prx.each_line(\"run.log\") do end\nreturn function(line) return { line } end\n",
        ]
        for (name, text) in files { try bench.root.write(name, text) }
        try await expectRefused(
            arguments, naming: expected, "run.log", holding: earlier, unrun: "ran.1", in: bench,
            harm: "prx would add its results to a file the Lua code reads each time it loads (give the results a file "
                + "of their own)")
    }

    /// The log may not be a file the run reads as it goes (`-A`'s, a task file), nor its Lua code or configuration:
    /// one line says what adding to it would do, where it said "prx would empty the file it reads", which the log,
    /// adding to it, does not; the file is left as it was.
    @Test(arguments: [
        (["-A", "args.txt", "-C", "echo @ARG@", "-r", "--set", "log.path=args.txt"], "log.path and -A", "args.txt"),
        (["-T", "tasks", "-C", "bash @TASK@", "-r", "--set", "log.path=tasks/a.sh"], "log.path and -T", "tasks/a.sh"),
        (["run", "r.lua", "-r", "--set", "log.path=r.lua"], "log.path and the recipe", "r.lua"),
        (["-A", "args.txt", "-C", "echo @ARG@", "-r", "--hook", "hook.lua", "--set", "log.path=hook.lua"],
         "log.path and --hook", "hook.lua"),
    ])
    func theLogMayNotBeAFileTheRunReadsAsItGoes(arguments: [String], expected: String, file: String)
        async throws
    {
        let bench = try Workbench()
        defer { bench.root.remove() }
        let files = [
            "args.txt": "1\n2\n", "tasks/a.sh": "touch ran.1\n", "r.lua": "prx.task { \"touch\", \"ran.1\" }\n",
            "hook.lua": "return { on_start = function(task) end }\n",
        ]
        for (name, text) in files { try bench.root.write(name, text) }
        try await expectRefused(
            arguments, naming: expected, file, holding: files[file] ?? "", unrun: "ran.1", in: bench,
            harm: "prx would write its results into the file it reads (give the results a file of their own)")
    }

    /// A result file that is a configuration file the run read, the user's (`$PRX_HOME/cfg/prx.yaml`) or the
    /// script's (`$PRX_CONFIG_DIR/prx.yaml`), is refused in flags mode and in a recipe, and the file is left as it
    /// was.
    @Test(arguments: [
        (["-A", "args.txt", "-C", "echo @ARG@", "-r", "--json", "home/cfg/prx.yaml"],
         "--json and the user configuration", "home/cfg/prx.yaml"),
        (["run", "r.lua", "-r", "--set", "csv.path=home/cfg/prx.yaml"],
         "csv.path and the user configuration", "home/cfg/prx.yaml"),
        (["-A", "args.txt", "-C", "echo @ARG@", "-r", "--set", "log.path=script/prx.yaml"],
         "log.path and the script configuration", "script/prx.yaml"),
        (["run", "r.lua", "-r", "--json", "script/prx.yaml"], "--json and the script configuration", "script/prx.yaml"),
    ])
    func aResultFileThatIsAConfigurationFileIsRefused(arguments: [String], expected: String, file: String)
        async throws
    {
        let bench = try Workbench()
        defer { bench.root.remove() }
        let configuration = "limits:\n  max_workers: 2\n"
        try bench.root.write("home/cfg/prx.yaml", configuration)
        try bench.root.write("script/prx.yaml", configuration)
        try bench.root.write("args.txt", "1\n2\n")
        try bench.root.write("r.lua", "prx.task { \"touch\", \"ran.1\" }\n")
        let outcome = try await bench.prx(arguments, environment: ["PRX_CONFIG_DIR": bench.root.file("script")])
        // The log adds to its file: the configuration would hold its lines, which the next run could not read.
        let harm = arguments.contains { $0.hasPrefix("log.path=") }
            ? "prx would write its results into the file it reads (give the results a file of their own)"
            : "prx would empty the file it reads (give the results a file of their own)"
        #expect(outcome.status == 2)
        #expect(outcome.stderr == "prx: error: \(expected) name the same file, \(bench.root.file(file)): \(harm)\n")
        #expect(try bench.root.read(file) == configuration)
        #expect(bench.logFiles(endingWith: "").isEmpty)
        #expect(bench.journals().isEmpty)
        #expect(!FileManager.default.fileExists(atPath: bench.root.file("ran.1")))
    }
}
