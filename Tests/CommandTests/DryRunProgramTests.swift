import Foundation
import PRXTesting
import Testing

/// A dry run reports a task whose program cannot be found as not runnable, in the words the run's error gives, and
/// exits 1 once it has printed every line, as README promises; it printed the command and exited 0, and the run then
/// failed every task. The program is looked for as the `local` executor looks for it: in the `PATH` the task gets
/// (its own, from `-E`, before prx's), a relative path in the directory the task starts in (the workspace).
@Suite(.runsProcesses) struct DryRunProgramTests {
    @Test(arguments: [
        (["-C", "prx-no-such-program @ARG@"], "command not found: prx-no-such-program"),
        (["-C", "/nonexistent/prx-tool @ARG@"], "command not found: /nonexistent/prx-tool"),
        (["-C", "{root}/bin/readable @ARG@"], "permission denied: {root}/bin/readable"),
        (["-C", "./bin/tool @ARG@"],
         "command not found: ./bin/tool (relative to the task's working directory, {root}/home/workspace)"),
    ])
    func aProgramThatCannotBeFoundIsNotRunnable(flags: [String], reason: String) async throws {
        let bench = try Workbench()
        defer { bench.root.remove() }
        try bench.root.write("args.txt", "h1\nh2\n")
        try bench.root.write("bin/tool", "#!/bin/sh\n", executable: true)
        try bench.root.write("bin/readable", "#!/bin/sh\n")
        let root = bench.root.path
        let outcome = try await bench.prx(
            ["-A", "args.txt"] + flags.map { $0.replacingOccurrences(of: "{root}", with: root) })
        #expect(outcome.status == 1, "\(outcome.stderr)")
        let reason = reason.replacingOccurrences(of: "{root}", with: root)
        #expect(outcome.stdout == "# h1: not runnable: \(reason)\n# h2: not runnable: \(reason)\n"
            + "# dry run: 2 tasks, 2 not runnable; add -r to run them\n", "\(outcome.stdout)")
    }

    /// A program the run cannot start for another reason than its absence or a permission (a symbolic link that loops,
    /// a file taken for a directory) is not runnable in the run's own words, `cannot start NAME: REASON`; one such
    /// error in a `PATH` entry ends the search there, as the run's does, while a file in `PATH` is passed over. The dry
    /// run called each one `command not found`, and searched on past the loop, where the run stopped.
    @Test(arguments: [
        (["-E", "PATH", "-C", "true"], "{root}/loop:/usr/bin:/bin\n{root}/file:/usr/bin:/bin\n",
         ["cannot start true: Too many levels of symbolic links", nil]),
        (["-C", "@ARG@"], "{root}/file/tool\n{root}/loop/tool\n",
         ["cannot start {root}/file/tool: Not a directory", "cannot start {root}/loop/tool: Too many levels of symbolic links"]),
    ])
    func aProgramTheRunCannotStartIsNotRunnableInTheRunsWords(
        flags: [String], lines: String, reasons: [String?]
    ) async throws {
        let bench = try Workbench()
        defer { bench.root.remove() }
        let root = bench.root.path
        try bench.root.write("file", "")
        try FileManager.default.createSymbolicLink(atPath: bench.root.file("loop"), withDestinationPath: "loop")
        let lines = lines.replacingOccurrences(of: "{root}", with: root)
        let reasons = reasons.map { $0?.replacingOccurrences(of: "{root}", with: root) }
        try bench.root.write("args.txt", lines)
        let labels = lines.split(separator: "\n").map(String.init)
        let dryRun = try await bench.prx(["-A", "args.txt"] + flags)
        #expect(dryRun.status == 1, "\(dryRun.stderr)")
        for (label, reason) in zip(labels, reasons) {
            let line = "# \(label): not runnable: \(reason ?? "")\n"
            #expect(dryRun.stdout.contains(line) == (reason != nil), "\(dryRun.stdout)")
        }
        let run = try await bench.prx(["-A", "args.txt"] + flags + ["-r"])
        #expect(run.status == 1, "\(run.stderr)")
        let messages = try await bench.summaryRecords().map { $0["error_message"] ?? "" }.filter { !$0.isEmpty }
        #expect(messages.sorted() == reasons.compactMap { $0 }.sorted(), "\(run.stdout)")
    }

    /// A program found in prx's `PATH`, by its path, or in the `PATH` each task gets from its line (`-E PATH`), is
    /// runnable.
    @Test func aProgramThatCanBeFoundIsRunnable() async throws {
        let bench = try Workbench()
        defer { bench.root.remove() }
        let tool = try bench.root.write("bin/tool", "#!/bin/sh\n", executable: true)
        try bench.root.write("args.txt", bench.root.file("bin") + "\n")
        for flags in [["-C", "echo @ARG@"], ["-C", "\(tool) @ARG@"], ["-E", "PATH", "-C", "tool"]] {
            let outcome = try await bench.prx(["-A", "args.txt"] + flags)
            #expect(outcome.status == 0, "\(flags): \(outcome.stdout) \(outcome.stderr)")
            #expect(outcome.stdout.hasSuffix("# dry run: 1 task; add -r to run it\n"), "\(outcome.stdout)")
        }
    }

    /// A `PATH` entry that begins with a combining mark (`/nonexistent:\u{0301}bin`) is an entry of its own, as the
    /// `local` executor's search, which splits `PATH` at each `:` byte, takes it: a dry run finds the program in it,
    /// relative to the workspace, and the run starts it. The dry run split `PATH` by `Character`, where `:` and the mark
    /// are one, and said `command not found: tool` of a task the run ran.
    @Test func aPathEntryBeginningWithACombiningMarkIsSearchedAsTheRunSearchesIt() async throws {
        let bench = try Workbench()
        defer { bench.root.remove() }
        try bench.root.write("home/workspace/\u{0301}bin/tool", "#!/bin/sh\n", executable: true)
        try bench.root.write("args.txt", "/nonexistent:\u{0301}bin\n")
        let dryRun = try await bench.prx(["-A", "args.txt", "-E", "PATH", "-C", "tool"])
        #expect(dryRun.status == 0, "\(dryRun.stdout) \(dryRun.stderr)")
        #expect(dryRun.stdout.hasSuffix("# dry run: 1 task; add -r to run it\n"), "\(dryRun.stdout)")
        let run = try await bench.prx(["-A", "args.txt", "-E", "PATH", "-C", "tool", "-r"])
        #expect(run.status == 0, "\(run.stdout) \(run.stderr)")
        #expect(try await bench.summaryRecords().map { $0["status"] } == ["SUCCESS"])
    }

    /// In a recipe, a task's program is looked up too; one run by `sh` is the shell's to look up, not prx's.
    @Test func aRecipeTasksProgramIsLookedUpButNotAShellsWords() async throws {
        let bench = try Workbench()
        defer { bench.root.remove() }
        try bench.root.write("recipe.lua", """
            prx.task { "prx-no-such-program", name = "direct" }
            prx.task { sh = "prx-no-such-program || true", name = "shell" }
            """)
        let outcome = try await bench.prx(["run", "recipe.lua"])
        #expect(outcome.status == 1, "\(outcome.stderr)")
        #expect(outcome.stdout.contains("# direct: not runnable: command not found: prx-no-such-program\n"),
            "\(outcome.stdout)")
        #expect(outcome.stdout.contains("shell: /bin/sh -c "), "\(outcome.stdout)")
        #expect(outcome.stdout.hasSuffix("# dry run: 2 tasks, 1 not runnable; add -r to run them\n"))
    }

    /// The tasks after one that is not runnable are those the run skips, down the chain, and the dry run says so
    /// (those with `after_any` run), counting them in its last line; it printed them as tasks it would run.
    @Test func theTasksAfterOneThatIsNotRunnableWouldBeSkipped() async throws {
        let bench = try Workbench()
        defer { bench.root.remove() }
        try bench.root.write("recipe.lua", """
            local build = prx.task { "prx-no-such-program", name = "build" }
            local deploy = prx.task { "true", name = "deploy", after = build }
            prx.task { "true", name = "report", after = { "other", deploy } }
            prx.task { "true", name = "clean", after = build, after_any = true }
            prx.task { "true", name = "other" }
            prx.task { "true", "\(String(repeating: "x", count: 1001))", name = "long", after = "other" }
            prx.task { "true", name = "tidy", after = "long" }
            """)
        let dryRun = try await bench.prx(["run", "recipe.lua"])
        #expect(dryRun.status == 1, "\(dryRun.stderr)")
        #expect(dryRun.stdout == """
            # build: not runnable: command not found: prx-no-such-program
            # deploy: would be skipped: dependency build is not runnable
            other: true
            # report: would be skipped: dependency deploy would be skipped
            clean: true  (after build, even if they fail)
            # long: not runnable: argument 2 is 1001 characters long, over max_argument_length 1000
            # tidy: would be skipped: dependency long is not runnable
            # dry run: 7 tasks, 2 not runnable, 3 would be skipped; add -r to run them

            """, "\(dryRun.stdout)")
        let run = try await bench.prx(["run", "recipe.lua", "-r", "--json", "run.jsonl"])
        #expect(run.status == 1, "\(run.stderr)")
        let statuses = try bench.root.read("run.jsonl").split(separator: "\n").compactMap { line in
            try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any]
        }.filter { $0["type"] as? String == "task" }.map { "\($0["label"]!) \($0["status"]!)" }
        #expect(statuses.sorted() == [
            "build ERROR", "clean SUCCESS", "deploy SKIPPED", "long ERROR", "other SUCCESS", "report SKIPPED",
            "tidy SKIPPED",
        ])
    }

    /// A custom build's own `local` (`prx-with-test-plugins` registers one, as docs/PLUGINS.md allows) may start its
    /// tasks elsewhere, in a container, where the program may be: its tasks are not judged. The check went by the
    /// executor's name and called them not runnable.
    @Test func aReplacedLocalExecutorsTasksAreNotJudged() async throws {
        let bench = try Workbench()
        defer { bench.root.remove() }
        try bench.root.write("args.txt", "h1\n")
        try bench.root.write("recipe.lua", #"prx.task { "prx-no-such-program", name = "direct" }"#)
        for arguments in [["-A", "args.txt", "-C", "prx-no-such-program @ARG@"], ["run", "recipe.lua"]] {
            let outcome = try await bench.prxWithTestPlugins(arguments)
            #expect(outcome.status == 0, "\(arguments): \(outcome.stderr)")
            #expect(!outcome.stdout.contains("not runnable"), "\(outcome.stdout)")
            #expect(outcome.stdout.hasSuffix("# dry run: 1 task; add -r to run it\n"), "\(outcome.stdout)")
        }
    }

    /// A task that runs after others is not judged: they may make its program (`./build/app`), its directory or the
    /// `PATH` entry it is found in. The dry run called each not runnable, command not found, and exited 1, where the
    /// run succeeded; a task that runs after none is still judged.
    @Test func aTaskThatRunsAfterOthersIsNotJudged() async throws {
        let bench = try Workbench()
        defer { bench.root.remove() }
        try bench.root.write("recipe.lua", #"""
            prx.task { sh = "mkdir -p build out bin && printf '#!/bin/sh\n' > build/app && chmod +x build/app"
                .. " && cp build/app bin/tool", name = "build" }
            prx.task { "./build/app", name = "app", after = "build" }
            prx.task { "./app", name = "in_cwd", cwd = "build", after = "build" }
            prx.task { "true", name = "made_cwd", cwd = "out", after = "build" }
            prx.task { "tool", name = "on_path", env = { PATH = "./bin:/usr/bin:/bin" }, after = "build" }
            """#)
        try bench.root.write("alone.lua", #"prx.task { "./build/app", name = "alone" }"#)
        let alone = try await bench.prx(["run", "alone.lua"])
        #expect(alone.status == 1, "\(alone.stdout)")
        #expect(alone.stdout.contains("# alone: not runnable: command not found: ./build/app"), "\(alone.stdout)")
        let dryRun = try await bench.prx(["run", "recipe.lua"])
        #expect(dryRun.status == 0, "\(dryRun.stdout)")
        #expect(!dryRun.stdout.contains("not runnable"), "\(dryRun.stdout)")
        let run = try await bench.prx(["run", "recipe.lua", "-r"])
        #expect(run.status == 0, "\(run.stdout) \(run.stderr)")
    }

    /// A task's directory is judged before its program, as the run changes to it first, in the run's words: one that
    /// is missing or a file. The dry run blamed a relative program, or called an absolute one runnable.
    @Test func aTasksDirectoryTheRunCannotChangeToIsNotRunnableInTheRunsWords() async throws {
        let bench = try Workbench()
        defer { bench.root.remove() }
        try bench.root.write("afile", "")
        try bench.root.write("recipe.lua", """
            prx.task { "./x", name = "relative", cwd = "missing" }
            prx.task { "/bin/true", name = "absolute", cwd = "missing" }
            prx.task { "/bin/true", name = "file", cwd = "afile" }
            """)
        let root = bench.root.path
        let reasons = [
            "relative": "cannot change to working directory \(root)/missing: No such file or directory",
            "absolute": "cannot change to working directory \(root)/missing: No such file or directory",
            "file": "cannot change to working directory \(root)/afile: Not a directory",
        ]
        let dryRun = try await bench.prx(["run", "recipe.lua"])
        #expect(dryRun.status == 1, "\(dryRun.stderr)")
        for (name, reason) in reasons {
            #expect(dryRun.stdout.contains("# \(name): not runnable: \(reason)\n"), "\(dryRun.stdout)")
        }
        let run = try await bench.prx(["run", "recipe.lua", "-r"])
        #expect(run.status == 1, "\(run.stderr)")
        let messages = try await bench.summaryRecords().map { $0["error_message"] ?? "" }
        #expect(messages.sorted() == reasons.values.sorted(), "\(run.stdout)")
    }

    /// A workspace the run cannot make (a file stands at `$PRX_HOME/workspace`) refuses the dry run as it refuses the
    /// run, exit 2, in flags mode and for a recipe, whose tasks start in its own directory but whose run makes the
    /// workspace all the same; the dry run called a task with an absolute program runnable and blamed a relative one
    /// (a recipe's did so after flags mode's refused).
    @Test(arguments: [["-A", "args.txt", "-C", "/bin/echo @ARG@"], ["run", "recipe.lua"]])
    func aWorkspaceTheRunCannotMakeRefusesTheDryRun(arguments: [String]) async throws {
        let bench = try Workbench()
        defer { bench.root.remove() }
        try bench.root.write("args.txt", "a\n")
        try bench.root.write("recipe.lua", "prx.task { \"/bin/echo\", \"a\", name = \"a\" }\n")
        try bench.root.write("home/workspace", "")
        for mode in [[], ["-r"]] {
            let outcome = try await bench.prx(arguments + mode)
            #expect(outcome.status == 2, "\(mode): \(outcome.stdout)")
            #expect(outcome.stderr == "prx: error: cannot create the workspace \(bench.home)/workspace: "
                + "\(bench.home)/workspace is not a directory\n", "\(mode): \(outcome.stderr)")
        }
    }

    /// A program that is not a regular file, a FIFO with an execute bit, cannot be started (execve's EACCES): the dry
    /// run called it runnable, and the run made the task an ERROR, `permission denied`.
    @Test func aProgramThatIsNotARegularFileIsNotRunnable() async throws {
        let bench = try Workbench()
        defer { bench.root.remove() }
        let fifo = bench.root.file("fifo")
        #expect(mkfifo(fifo, 0o755) == 0)
        try bench.root.write("args.txt", "a\n")
        let dryRun = try await bench.prx(["-A", "args.txt", "-C", "\(fifo) @ARG@"])
        #expect(dryRun.status == 1, "\(dryRun.stderr)")
        #expect(dryRun.stdout.hasPrefix("# a: not runnable: permission denied: \(fifo)\n"), "\(dryRun.stdout)")
        let run = try await bench.prx(["-A", "args.txt", "-C", "\(fifo) @ARG@", "-r"])
        #expect(run.status == 1, "\(run.stderr)")
        let messages = try await bench.summaryRecords().map { $0["error_message"] ?? "" }
        #expect(messages == ["permission denied: \(fifo)"], "\(run.stdout)")
    }
}
