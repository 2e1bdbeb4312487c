import Foundation
import PRXTesting
import Testing

/// Two writers of one file: result files, the arguments file and standard output that are one file are refused
/// before anything runs, where their lines tore into each other (or the arguments file was emptied) and prx
/// exited 0; streams, which have no offsets to tear, may be shared.
@Suite(.runsProcesses) struct SharedResultFileTests {
    /// A result file that a run still going writes is refused to a second run, by name, before it runs or makes a
    /// journal: the second run emptied it as it began, each wrote over the other's lines, and the first run's rows
    /// were lost while both exited 0.
    @Test(arguments: [["--json", "same.out"], ["--set", "csv.path=same.out"], ["--set", "output.path=same.out"]])
    func aResultFileAnotherRunWritesIsRefused(flags: [String]) async throws {
        let bench = try Workbench()
        defer { bench.root.remove() }
        let arguments = try bench.root.write("args.txt", "1\n2\n3\n")
        let hold = try bench.root.write("hold", ""), started = bench.root.file("started")
        let command = "sh -c 'echo $0 >> \(started); while [ -e \(hold) ]; do sleep 0.05; done' mark-@ARG@"
        let run = ["-A", arguments, "-C", command, "-r", "-m", "3"] + flags
        let first = try PRXProcess(run, home: bench.home, directory: bench.root.path)
        #expect(await bench.lines(of: "started", atLeast: 3).count == 3)
        // Not refused, it would wait for the file `hold` as the first does.
        let second = try await PRXProcess(run, home: bench.home, directory: bench.root.path).wait(killingAfter: 20)
        #expect(second.status == 2)
        // A `--set` that gave the path is named in front.
        let given = flags[0] == "--set" ? "--set \(flags[1]): " : ""
        #expect(
            second.stderr.hasPrefix("prx: error: \(given)cannot open same.out: another prx run writes to it: give each "
                + "run a file of its own"),
            "\(second.stderr)")
        #expect(second.stderr.split(separator: "\n").count == 1, "\(second.stderr)")
        #expect(bench.journals().count == 1)
        try FileManager.default.removeItem(atPath: hold)
        let ended = await first.wait(killingAfter: 60)
        #expect(ended.status == 0, "\(ended.stderr)")
        #expect(await bench.lines(of: "started", atLeast: 3).count == 3)
        let written = try String(contentsOfFile: bench.root.file("same.out"), encoding: .utf8)
        for task in 1...3 {
            #expect(written.contains("mark-\(task)"), "\(written)")
        }
    }

    /// A resumption whose result file a run still going writes (it emptied the file as it began) is refused before
    /// it cuts the file back or runs a task: it cut the other run's rows back to its own run's size and added its
    /// own, which the other run then wrote over.
    @Test(arguments: [["--json", "same.out"], ["--set", "csv.path=same.out"]])
    func aResumptionOfAFileAnotherRunWritesIsRefused(flags: [String]) async throws {
        let bench = try Workbench()
        defer { bench.root.remove() }
        let failing = try bench.root.write("failing.txt", "0\n1\n")
        let earlier = try await bench.prx(["-A", failing, "-C", "sh -c 'exit $0' @ARG@", "-r"] + flags)
        #expect(earlier.status == 1, "\(earlier.stderr)")
        let earlierID = try #require(bench.runIDs().last)
        let arguments = try bench.root.write("args.txt", "1\n2\n3\n")
        let hold = try bench.root.write("hold", ""), started = bench.root.file("started")
        let command = "sh -c 'echo $0 >> \(started); while [ -e \(hold) ]; do sleep 0.05; done' mark-@ARG@"
        let going = try PRXProcess(
            ["-A", arguments, "-C", command, "-r", "-m", "3"] + flags, home: bench.home, directory: bench.root.path)
        #expect(await bench.lines(of: "started", atLeast: 3).count == 3)
        let resumed = try await PRXProcess(["--resume", earlierID], home: bench.home, directory: "/")
            .wait(killingAfter: 20)
        #expect(resumed.status == 2)
        let given = flags[0] == "--set" ? "--set \(flags[1]): " : ""
        #expect(
            resumed.stderr.hasPrefix("prx: error: \(given)cannot open same.out: another prx run writes to it: give "
                + "each run a file of its own"),
            "\(resumed.stderr)")
        #expect(bench.journals().count == 2)
        try FileManager.default.removeItem(atPath: hold)
        let ended = await going.wait(killingAfter: 60)
        #expect(ended.status == 0, "\(ended.stderr)")
        let written = try String(contentsOfFile: bench.root.file("same.out"), encoding: .utf8)
        for task in 1...3 {
            #expect(written.components(separatedBy: "mark-\(task)").count == 2, "\(written)")
        }
        #expect(!written.contains("exit $0"), "\(written)")
    }

    /// A resumption of a killed run whose result file a run going writes is refused before it cuts the file back to
    /// the size the killed run's journal recorded: it cut the other run's rows off, and, refused once it came to open
    /// the file, put them back over what that run wrote meanwhile. The killed run's CSV summary is a FIFO, which the
    /// resumption opens first and waits for a reader of (5 s): the other run's file is watched meanwhile.
    @Test func aResumptionOfAKilledRunCutsNothingOfAFileAnotherRunWrites() async throws {
        let bench = try Workbench()
        defer { bench.root.remove() }
        let fifo = bench.root.file("rows.fifo")
        #expect(mkfifo(fifo, 0o600) == 0)
        // Open before the killed run starts, which gives up a FIFO no process reads after 5 s: a reader started as a
        // task beside the run (an `async let`) waited for a thread of the cooperative pool, which the suite's other
        // tests may hold for longer than that on a loaded machine.
        let reader = open(fifo, O_RDONLY | O_NONBLOCK | O_CLOEXEC)
        try #require(reader >= 0)
        let killedArguments = try bench.root.write("killed.txt", "1\n")
        let killed = try PRXProcess(
            ["-A", killedArguments, "-C", "sleep 3@ARG@", "-r", "--json", "same.out", "--set", "csv.path=\(fifo)"],
            home: bench.home, directory: bench.root.path)
        let deadline = Date().addingTimeInterval(20)
        while Date() < deadline, !bench.journals().contains(where: { Self.holds($0, "\"task_started\"") }) {
            try await Task.sleep(for: .milliseconds(20))
        }
        kill(killed.process.processIdentifier, SIGKILL)
        _ = await killed.wait()
        close(reader)
        let killedID = try #require(bench.runIDs().last)

        let arguments = try bench.root.write("args.txt", "1\n2\n3\n")
        let hold = try bench.root.write("hold", ""), started = bench.root.file("started")
        let same = bench.root.file("same.out")
        let command = "sh -c 'echo $0 >> \(started); [ $1 = 1 ] || while [ -e \(hold) ]; do sleep 0.05; done' "
            + "mark-@ARG@ @ARG@"
        let going = try PRXProcess(
            ["-A", arguments, "-C", command, "-r", "-m", "3", "--json", "same.out"], home: bench.home,
            directory: bench.root.path)
        #expect(await bench.lines(of: "started", atLeast: 3).count == 3)
        #expect(await bench.lines(of: "same.out", atLeast: 1).count == 1)

        let resumption = try PRXProcess(["--resume", killedID], home: bench.home, directory: "/")
        var cut = false
        let watched = Date().addingTimeInterval(20)
        while !cut && Date() < watched && !Self.hasEnded(resumption.process.processIdentifier) {
            cut = !Self.holds(same, "mark-1")
            try await Task.sleep(for: .milliseconds(10))
        }
        #expect(!cut, "the resumption cut the file of the run going")
        // What the run going writes while a resumption that cut its file waits for the FIFO's reader was written over.
        try FileManager.default.removeItem(atPath: hold)
        let refused = await resumption.wait(killingAfter: 30)
        #expect(refused.status == 2)
        #expect(
            refused.stderr.hasPrefix(
                "prx: error: cannot open same.out: another prx run writes to it: give each run a file of its own"),
            "\(refused.stderr)")
        let ended = await going.wait(killingAfter: 60)
        #expect(ended.status == 0, "\(ended.stderr)")
        let written = try String(contentsOfFile: same, encoding: .utf8)
        for task in 1...3 {
            #expect(written.split(separator: "\n").filter { $0.contains("mark-\(task)") }.count == 1, "\(written)")
        }
    }

    /// Whether the file at `path` holds `text`.
    private static func holds(_ path: String, _ text: String) -> Bool {
        ((try? String(contentsOfFile: path, encoding: .utf8)) ?? "").contains(text)
    }

    /// Whether the child process `pid` has ended (a zombie not yet reaped, or reaped).
    private static func hasEnded(_ pid: Int32) -> Bool {
        guard let state = try? String(contentsOfFile: "/proc/\(pid)/stat", encoding: .utf8) else { return true }
        return state.split(separator: ")").last?.dropFirst().first == "Z"
    }

    /// Every way two flags or settings reach one regular file is refused with one line naming both, before any file
    /// is made or task run.
    @Test(arguments: [
        (["--json", "same.out", "--set", "csv.path=same.out"], "--json and csv.path name the same file"),
        (["--set", "log.path=same.out", "--set", "output.path=./same.out"], "output.path and log.path name"),
        (["--json", "link.out", "--set", "output.path=same.out"], "--json and output.path name the same file"),
        (["--json", "args.txt"], "--json and -A name the same file"),
    ])
    func twoWritersOfOneFileAreRefused(flags: [String], expected: String) async throws {
        let bench = try Workbench()
        defer { bench.root.remove() }
        let arguments = try bench.root.write("args.txt", (1...20).map { "\($0)\n" }.joined())
        try bench.root.write("same.out", "kept\n")
        try FileManager.default.createSymbolicLink(atPath: bench.root.file("link.out"), withDestinationPath: "same.out")
        let outcome = try await bench.prx(["-A", arguments, "-C", "touch ran.@ARG@", "-r"] + flags)
        #expect(outcome.status == 2)
        #expect(outcome.stderr.hasPrefix("prx: error: \(expected)"), "\(outcome.stderr)")
        #expect(outcome.stderr.split(separator: "\n").count == 1, "\(outcome.stderr)")
        #expect(try String(contentsOfFile: bench.root.file("same.out"), encoding: .utf8) == "kept\n")
        #expect(try String(contentsOfFile: arguments, encoding: .utf8).split(separator: "\n").count == 20)
        #expect(bench.logFiles(endingWith: "").isEmpty)
        #expect(bench.journals().isEmpty)
        #expect(!FileManager.default.fileExists(atPath: bench.root.file("ran.1")))
    }

    /// A file the log's rotation renames the log to (`run.log.1` … `run.log.5`) that is the arguments file, a task
    /// file or another result file is refused with one line naming both, before anything runs: the arguments file
    /// was replaced by the log as the run went (its lines lost), and a result file written on, out of reach.
    /// Without rotation (`backup_count` 0) there is no such file, and the run goes. The name is the same however
    /// the path spells it: through `..`, a symbolic link to its directory, or a symbolic link to the file itself.
    @Test(arguments: [
        (["-A", "run.log.1", "-C", "touch ran.@ARG@"], "the rotation of log.path and -A name the same file"),
        (["-A", "sub/../run.log.1", "-C", "touch ran.@ARG@"], "the rotation of log.path and -A name the same file"),
        (["-A", "here/run.log.1", "-C", "touch ran.@ARG@"], "the rotation of log.path and -A name the same file"),
        (["-A", "alias.txt", "-C", "touch ran.@ARG@"], "the rotation of log.path and -A name the same file"),
        (["-T", "run.log.1", "-C", "cat @TASK@"], "the rotation of log.path and -T name the same file"),
        (["-A", "args.txt", "-C", "touch ran.@ARG@", "--set", "csv.path=run.log.5"],
         "csv.path and the rotation of log.path name the same file"),
        (["-A", "args.txt", "-C", "touch ran.@ARG@", "--json", "./run.log.2"],
         "--json and the rotation of log.path name the same file"),
    ])
    func aFileTheLogRotatesOntoIsRefused(flags: [String], expected: String) async throws {
        let bench = try Workbench()
        defer { bench.root.remove() }
        let lines = (1...20).map { "\($0)\n" }.joined()
        for name in ["args.txt", "run.log.1", "sub/kept"] { try bench.root.write(name, lines) }
        for (link, target) in ["here": ".", "alias.txt": "run.log.1"] {
            try FileManager.default.createSymbolicLink(atPath: bench.root.file(link), withDestinationPath: target)
        }
        let logFlags = ["-r", "--set", "log.path=run.log", "--set", "log.max_log_size_mb=0.001"]
        let outcome = try await bench.prx(flags + logFlags)
        #expect(outcome.status == 2)
        #expect(outcome.stderr.hasPrefix("prx: error: \(expected), "), "\(outcome.stderr)")
        #expect(outcome.stderr.split(separator: "\n").count == 1, "\(outcome.stderr)")
        #expect(try bench.root.read("run.log.1") == lines)
        #expect(!FileManager.default.fileExists(atPath: bench.root.file("run.log")))
        #expect(!FileManager.default.fileExists(atPath: bench.root.file("ran.1")))
        let unrotated = try await bench.prx(flags + logFlags + ["--set", "log.backup_count=0"])
        #expect(unrotated.status == 0, "\(unrotated.stderr)")
        #expect(try bench.root.read("run.log.1") == lines)
    }

    /// A log keeps at most ``LogRotation/mostBackups`` rotated files: a run claims each of their names before it
    /// starts and each rotation renames them all, so `backup_count` 9223372036854775807 in a configuration file
    /// made prx build that many names (it died at its start, nothing run); now it is a warning naming the file and
    /// line, and the default stays. `--set` above the bound is the one-line error of any setting out of bounds.
    @Test func aLogKeepsAtMostAThousandBackups() async throws {
        let bench = try Workbench()
        defer { bench.root.remove() }
        try bench.root.write("args.txt", "1\n2\n")
        let path = try bench.root.write("home/cfg/prx.yaml", "logging:\n  backup_count: 9223372036854775807\n")
        let run = try await bench.prx(["-A", "args.txt", "-C", "touch \(bench.root.file("ran.@ARG@"))", "-r"])
        #expect(run.status == 0, "\(run.stderr)")
        #expect(run.stderr.contains("\(path):2: logging.backup_count must be a whole number between 0 and 1000"),
            "\(run.stderr)")
        #expect(FileManager.default.fileExists(atPath: bench.root.file("ran.2")))
        let most = try await bench.prx(["-A", "args.txt", "-C", "echo @ARG@", "-r", "--set", "log.backup_count=1000"])
        #expect(most.status == 0, "\(most.stderr)")
        let over = try await bench.prx(["-A", "args.txt", "-C", "echo @ARG@", "-r", "--set", "log.backup_count=1001"])
        #expect(over.status == 2)
        #expect(
            over.stderr.hasSuffix(
                "\nprx: error: --set log.backup_count=1001: setting log.backup_count must be from 0 to 1000 "
                    + "(got '1001')\n"),
            "\(over.stderr)")
    }

    /// A symbolic link the log rotates onto is replaced by the log, and the file it points to is left alone: an
    /// arguments file it points to is no file the rotation replaces, and the run goes.
    @Test func aLinkTheLogRotatesOntoIsNotTheFileItPointsTo() async throws {
        let bench = try Workbench()
        defer { bench.root.remove() }
        let lines = (1...20).map { "\($0)\n" }.joined()
        try bench.root.write("args.txt", lines)
        let link = bench.root.file("run.log.1")
        try FileManager.default.createSymbolicLink(atPath: link, withDestinationPath: "args.txt")
        let outcome = try await bench.prx([
            "-A", "args.txt", "-C", "echo @ARG@", "-r", "--set", "log.path=run.log", "--set",
            "log.max_log_size_mb=0.001",
        ])
        #expect(outcome.status == 0, "\(outcome.stderr)")
        #expect(try bench.root.read("args.txt") == lines)
        #expect(try bench.root.read("run.log.1").contains(" - INFO - "))
    }

    /// Another name of a file the log rotates onto, a hard link, is not that name: the rename replaces the name
    /// `run.log.1` alone, and the file keeps its other name and its content. An arguments file or a task file that
    /// is a hard link of `run.log.1` is read, where the run was refused as though the rotation renamed onto it.
    @Test(arguments: [
        (["-A", "args.txt", "-C", "echo @ARG@", "--set", "log.path=run.log"], "args.txt", "run.log.1"),
        (["-T", "hard.sh", "-C", "bash @TASK@", "--set", "log.path=tasks/run.log"], "hard.sh", "tasks/run.log.1"),
    ])
    func aHardLinkOfAFileTheLogRotatesOntoIsAnotherName(flags: [String], input: String, rotated: String) async throws {
        let bench = try Workbench()
        defer { bench.root.remove() }
        let lines = (1...20).map { "echo \($0)\n" }.joined()
        try bench.root.write(input, lines)
        try bench.root.write("tasks/kept", "")
        try FileManager.default.linkItem(atPath: bench.root.file(input), toPath: bench.root.file(rotated))
        let outcome = try await bench.prx(flags + ["-r", "--set", "log.max_log_size_mb=0.0002"])
        #expect(outcome.status == 0, "\(outcome.stderr)")
        #expect(try bench.root.read(input) == lines)
        #expect(try bench.root.read(rotated).contains(" - INFO - "))
    }

    /// A directory reached by two mounts (a bind mount) is one directory: a rotated log's name and a result file not
    /// there yet, each named through another mount, clash, where comparing their paths let the log rotate over the
    /// JSON file's name (its lines ended up in `run.log.2`) and two result files write one file. Run in a mount
    /// namespace of its own, which takes the bind mount with it; skipped where one cannot be made (not root).
    @Test(
        .enabled("no mount namespace to bind-mount in") {
            (try? await PRXProcess.run(
                ["-m", "true"], executable: "/usr/bin/unshare", home: "/nonexistent").status) == 0
        },
        arguments: [
            (["--set", "log.path=logs/run.log", "--json", "bound/run.log.1"], "--json and the rotation of log.path"),
            (["--set", "csv.path=logs/out.csv", "--json", "bound/out.csv"], "--json and csv.path"),
        ])
    func aDirectoryReachedByTwoMountsIsOneDirectory(flags: [String], expected: String) async throws {
        let bench = try Workbench()
        defer { bench.root.remove() }
        try bench.root.write("args.txt", (1...20).map { "\($0)\n" }.joined())
        try bench.root.write("logs/kept", "")
        try bench.root.write("bound/kept", "")
        let bindAndRun = #"mount --bind "$1" "$2" && shift 2 && exec "$@""#
        let outcome = try await PRXProcess.run(
            ["-m", "sh", "-c", bindAndRun, "sh", "logs", "bound", PRXProcess.executablePath, "-A", "args.txt", "-C",
             "echo @ARG@", "-r", "--set", "log.max_log_size_mb=0.0002"] + flags,
            executable: "/usr/bin/unshare", home: bench.home, directory: bench.root.path)
        #expect(outcome.status == 2, "\(outcome.stderr)")
        #expect(outcome.stderr.hasPrefix("prx: error: \(expected) name the same file, "), "\(outcome.stderr)")
        #expect(bench.journals().isEmpty)
    }

    /// A result file named through a dangling symbolic link is the file the link points to, which opening it
    /// creates: another result file, or the arguments file, at that path is refused, where both wrote one file,
    /// the summary CSV's rows lost under the JSON lines, and prx exited 0. A link to a link is followed too.
    @Test(arguments: [
        (["-A", "args.txt", "--json", "link.csv", "--set", "csv.path=out/target.csv"], "--json and csv.path"),
        (["-A", "args.txt", "--json", "chain.csv", "--set", "csv.path=out/target.csv"], "--json and csv.path"),
        (["-A", "args.txt", "--set", "log.path=absolute.csv", "--set", "csv.path=out/target.csv"],
         "csv.path and log.path"),
    ])
    func aDanglingLinkIsClaimedAsTheFileItMakes(flags: [String], expected: String) async throws {
        let bench = try Workbench()
        defer { bench.root.remove() }
        try bench.root.write("args.txt", "1\n2\n")
        try bench.root.write("out/kept", "")
        let links = [
            "link.csv": "out/target.csv", "chain.csv": "link.csv", "absolute.csv": bench.root.file("out/target.csv"),
        ]
        for (link, target) in links {
            try FileManager.default.createSymbolicLink(atPath: bench.root.file(link), withDestinationPath: target)
        }
        let outcome = try await bench.prx(flags + ["-C", "touch ran.@ARG@", "-r"])
        #expect(outcome.status == 2)
        #expect(outcome.stderr.hasPrefix("prx: error: \(expected) name the same file, "), "\(outcome.stderr)")
        #expect(outcome.stderr.split(separator: "\n").count == 1, "\(outcome.stderr)")
        #expect(!FileManager.default.fileExists(atPath: bench.root.file("out/target.csv")))
        #expect(!FileManager.default.fileExists(atPath: bench.root.file("ran.1")))
    }

    /// A result file that is one of the run's task files (from a `-T` directory, file or pattern, a `dir` source, or
    /// `-A`'s template file), however its path reaches it, is refused with one line naming the flag or setting of
    /// each and the file, before any file is made or task run, where the sink emptied the script before it ran,
    /// wrote its results into it and prx exited 0.
    @Test(arguments: [
        (["-T", "tasks", "-C", "bash @TASK@", "--json", "tasks/a.sh"], "--json and -T"),
        (["-T", "tasks/*.sh", "-C", "bash @TASK@", "--set", "csv.path=tasks/a.sh"], "csv.path and -T"),
        (["-T", "tasks/a.sh", "-C", "bash @TASK@", "--set", "output.path=link/a.sh"], "output.path and -T"),
        (["-T", "tasks", "-C", "bash @TASK@", "--set", "log.path=hard.sh"], "log.path and -T"),
        (["--source", "dir", "--set", "dir.path=tasks", "--set", "dir.command=bash @TASK@", "--json", "tasks/a.sh"],
         "--json and dir.path"),
        (["-A", "args.txt", "-T", "tasks/a.sh", "-C", "bash @TASK@ @ARG@", "--json", "tasks/a.sh"], "--json and -T"),
    ])
    func aResultFileThatIsATaskFileIsRefused(flags: [String], expected: String) async throws {
        let bench = try Workbench()
        defer { bench.root.remove() }
        let script = "touch \(bench.root.file("ran"))\n"
        let taskFile = try bench.root.write("tasks/a.sh", script)
        try bench.root.write("tasks/b.sh", script)
        try bench.root.write("args.txt", "1\n2\n")
        try FileManager.default.createSymbolicLink(atPath: bench.root.file("link"), withDestinationPath: "tasks")
        try FileManager.default.linkItem(atPath: taskFile, toPath: bench.root.file("hard.sh"))
        let outcome = try await bench.prx(flags + ["-r"])
        #expect(outcome.status == 2)
        #expect(outcome.stderr.hasPrefix("prx: error: \(expected) name the same file, "), "\(outcome.stderr)")
        #expect(outcome.stderr.contains(taskFile), "\(outcome.stderr)")
        #expect(outcome.stderr.split(separator: "\n").count == 1, "\(outcome.stderr)")
        #expect(try String(contentsOfFile: taskFile, encoding: .utf8) == script)
        #expect(bench.logFiles(endingWith: "").isEmpty)
        #expect(bench.journals().isEmpty)
        #expect(!FileManager.default.fileExists(atPath: bench.root.file("ran")))
    }

    /// A result file made in a task directory after its task files are found is none of them, and runs.
    @Test func aNewResultFileBesideTheTaskFilesRuns() async throws {
        let bench = try Workbench()
        defer { bench.root.remove() }
        let folder = try bench.tasks(2) { "echo task\($0)\n" }
        let outcome = try await bench.prx(["-T", folder, "-C", "bash @TASK@", "-r", "--json", "tasks/results.jsonl"])
        #expect(outcome.status == 0, "\(outcome.stderr)")
        let lines = try bench.root.read("tasks/results.jsonl").split(separator: "\n")
        #expect(lines.count == 3)
    }

    /// A recipe's sink writing one of its sources' task files, or the template file, names the sink's line and the
    /// `prx.source` line.
    @Test func aRecipeNamesTheSinkAndTheSourceOfATaskFile() async throws {
        let bench = try Workbench()
        defer { bench.root.remove() }
        let script = "touch \(bench.root.file("ran"))\n"
        let taskFile = try bench.root.write("tasks/a.sh", script)
        try bench.root.write("args.txt", "1\n")
        try bench.root.write("glob.lua", """
            prx.task { "echo", "graph" }
            prx.source("glob", { patterns = { "tasks" }, command = "bash @TASK@" })
            prx.sink("json", { path = "tasks/a.sh" })
            """)
        try bench.root.write("template.lua", """
            prx.source("args-file", { file = "args.txt", template = "tasks/a.sh", command = "bash @TASK@ @ARG@" })
            """)
        let harm = "prx would empty the file it reads (give the results a file of their own)"
        let glob = try await bench.prx(["run", "glob.lua", "-r"])
        #expect(glob.status == 2)
        #expect(glob.stderr == "prx: error: glob.lua:3: json.path and glob.patterns (glob.lua:2) name the same "
            + "file, \(taskFile): \(harm)\n")
        let template = try await bench.prx(["run", "template.lua", "-r", "--json", "tasks/a.sh"])
        #expect(template.status == 2)
        #expect(template.stderr == "prx: error: --json and args-file.template (template.lua:1) name the same "
            + "file, \(taskFile): \(harm)\n")
        #expect(try String(contentsOfFile: taskFile, encoding: .utf8) == script)
        #expect(bench.logFiles(endingWith: "").isEmpty)
        #expect(!FileManager.default.fileExists(atPath: bench.root.file("ran")))
    }

    /// The recipe's own error names the line of the sink and of the `prx.set` that gave the other file.
    @Test func aRecipeNamesBothLines() async throws {
        let bench = try Workbench()
        defer { bench.root.remove() }
        try bench.root.write("same.lua", """
            for i = 1, 50 do prx.task { "echo", i } end
            prx.set("csv.path", "same.out")
            prx.sink("json", { path = "same.out" })
            """)
        let outcome = try await bench.prx(["run", "same.lua", "-r"])
        #expect(outcome.status == 2)
        let file = bench.root.file("same.out")
        #expect(outcome.stderr == "prx: error: same.lua:3: json.path and csv.path (same.lua:2) name the same file, "
            + "\(file): their lines would tear into each other (give each a file of its own)\n")
        #expect(!FileManager.default.fileExists(atPath: file))
        #expect(bench.logFiles(endingWith: "").isEmpty)
    }

    /// The later line is the one named, whichever sink is claimed first: a `prx.sink` before the `prx.set` that gives
    /// the run's own sink the same file was named at its own line, the earlier one.
    @Test func aRecipeIsRefusedAtTheLaterLine() async throws {
        let bench = try Workbench()
        defer { bench.root.remove() }
        try bench.root.write("same.lua", """
            prx.task { "true", name = "a" }
            prx.sink("json", { path = "same.out" })
            prx.set("csv.path", "same.out")
            """)
        let outcome = try await bench.prx(["run", "same.lua", "-r"])
        #expect(outcome.status == 2)
        #expect(outcome.stderr == "prx: error: same.lua:3: csv.path and json.path (same.lua:2) name the same file, "
            + "\(bench.root.file("same.out")): their lines would tear into each other (give each a file of its own)\n")
    }

    /// A result file that is the run's own Lua code — the recipe, or the `--hook`, `--parser` or `--stop-policy FILE`
    /// of flags mode — is refused with one line naming both, before any file is made or task run, where the sink
    /// emptied the Lua file, wrote its results into it and prx exited 0.
    @Test(arguments: [
        (["run", "rr.lua", "-r", "--json", "rr.lua"], "--json and the recipe", "rr.lua"),
        (["run", "rr.lua", "-r", "--set", "csv.path=./rr.lua"], "csv.path and the recipe", "rr.lua"),
        (["run", "own.lua", "-r"], "own.lua:2: json.path and the recipe", "own.lua"),
        (["-A", "args.txt", "-C", "touch ran.@ARG@", "-r", "--hook", "h.lua", "--json", "h.lua"],
         "--json and --hook", "h.lua"),
        (["-A", "args.txt", "-C", "touch ran.@ARG@", "-r", "--parser", "p.lua", "--set", "csv.path=p.lua"],
         "csv.path and --parser", "p.lua"),
        (["-A", "args.txt", "-C", "touch ran.@ARG@", "-r", "--stop-policy", "s.lua", "--set", "output.path=link.lua"],
         "output.path and --stop-policy", "s.lua"),
    ])
    func aResultFileThatIsTheRunsLuaCodeIsRefused(arguments: [String], expected: String, luaFile: String)
        async throws
    {
        let bench = try Workbench()
        defer { bench.root.remove() }
        try bench.root.write("args.txt", "1\n2\n")
        let lua = [
            "rr.lua": "prx.task { \"touch\", \"ran.1\" }\n",
            "own.lua": "prx.task { \"touch\", \"ran.1\" }\nprx.sink(\"json\", { path = \"own.lua\" })\n",
            "h.lua": "return { on_start = function(task) end }\n",
            "p.lua": "return function(line) return { line } end\n",
            "s.lua": "return function(summary) return false end\n",
        ]
        for (name, text) in lua { try bench.root.write(name, text) }
        try FileManager.default.createSymbolicLink(atPath: bench.root.file("link.lua"), withDestinationPath: "s.lua")
        let outcome = try await bench.prx(arguments)
        let file = bench.root.file(luaFile)
        let harm = "prx would empty the file it reads (give the results a file of their own)"
        #expect(outcome.status == 2)
        #expect(outcome.stderr.hasPrefix("prx: error: \(expected) name the same file, "), "\(outcome.stderr)")
        #expect(outcome.stderr.hasSuffix("\(file): \(harm)\n") || outcome.stderr.contains("\(file)): \(harm)\n"),
            "\(outcome.stderr)")
        #expect(outcome.stderr.split(separator: "\n").count == 1, "\(outcome.stderr)")
        #expect(try bench.root.read(luaFile) == lua[luaFile])
        #expect(bench.logFiles(endingWith: "").isEmpty)
        #expect(bench.journals().isEmpty)
        #expect(!FileManager.default.fileExists(atPath: bench.root.file("ran.1")))
    }

    /// A standard output redirected to a file is that file: `--json /dev/stdout` would write over the report.
    @Test func aResultFileThatIsStandardOutputIsRefused() async throws {
        let bench = try Workbench()
        defer { bench.root.remove() }
        let arguments = try bench.root.write("args.txt", "1\n2\n")
        let outcome = try await prxEchoingArguments(redirected: "--json /dev/stdout > out.txt", in: bench)
        #expect(outcome.status == 2)
        #expect(outcome.stderr.contains("prx: error: --json and standard output name the same file, /dev/stdout"),
                "\(outcome.stderr)")
        #expect(try String(contentsOfFile: arguments, encoding: .utf8) == "1\n2\n")
    }

    /// The log, which adds at the end, and a standard output redirected to the same file with `>`, which writes from
    /// an offset of its own, would tear each other's lines: said so, where two that add at the end (the log and a
    /// `>>` redirection) would only mix theirs. Each is refused.
    @Test(arguments: [(">", "tear into each other"), (">>", "be mixed in one file")])
    func theLogAndARedirectedStandardOutput(redirection: String, harm: String) async throws {
        let bench = try Workbench()
        defer { bench.root.remove() }
        try bench.root.write("args.txt", "1\n")
        let outcome = try await prxEchoingArguments(
            redirected: "--set log.path=out.txt \(redirection) out.txt", in: bench)
        #expect(outcome.status == 2)
        #expect(outcome.stderr.hasSuffix("out.txt: their lines would \(harm) (give each a file of its own)\n"),
            "\(outcome.stderr)")
    }

    /// Standard output and error sent to one file (`>> run.out 2>&1`, `> run.out 2>&1`) are no clash: both are
    /// descriptors prx was given, one open file. Taking `>>` for a sink that adds at the end refused the usual cron
    /// line ("standard error and standard output name the same file").
    @Test(arguments: [">>", ">"])
    func standardOutputAndErrorMayShareAFile(redirection: String) async throws {
        let bench = try Workbench()
        defer { bench.root.remove() }
        try bench.root.write("args.txt", "1\n")
        let outcome = try await prxEchoingArguments(redirected: "\(redirection) run.out 2>&1", in: bench)
        #expect(outcome.status == 0)
        #expect(try bench.root.read("run.out").contains("Parallel Task Execution Summary"))
    }

    /// A stream has no offsets: `/dev/null` may take every file, and two files may share a FIFO, whose reader
    /// gets each line whole, a CSV row or a JSON object.
    @Test func streamsMayBeShared() async throws {
        let bench = try Workbench()
        defer { bench.root.remove() }
        let arguments = try bench.root.write("args.txt", (1...30).map { "\($0)\n" }.joined())
        let discarded = try await bench.prx([
            "-A", arguments, "-C", "echo @ARG@", "-r", "--json", "/dev/null", "--set", "csv.path=/dev/null",
            "--set", "output.path=/dev/null", "--set", "log.path=/dev/null",
        ])
        #expect(discarded.status == 0, "\(discarded.stderr)")
        let fifo = bench.root.file("results.fifo")
        #expect(mkfifo(fifo, 0o600) == 0)
        let reader = try FIFOReader(fifo)
        let run = try PRXProcess(
            ["-A", arguments, "-C", "echo @ARG@", "-r", "--json", fifo, "--set", "csv.path=\(fifo)"],
            home: bench.home, directory: bench.root.path)
        let lines = await reader.lines()
        let outcome = await run.wait(killingAfter: 30)
        #expect(outcome.status == 0, "\(outcome.stderr)")
        let json = lines.filter { $0.hasPrefix("{") && $0.hasSuffix("}") }
        let rows = lines.filter { $0.split(separator: ";", omittingEmptySubsequences: false).count == 12 }
        #expect(json.count == 31)
        #expect(rows.count == 31)
        #expect(lines.count == 62)
    }

    /// Runs `prx -A args.txt -C 'echo @ARG@' -r` in `bench` through `sh`, `redirected` added to its command line
    /// (more flags and the shell's redirections of its standard output and error).
    private func prxEchoingArguments(redirected: String, in bench: Workbench) async throws -> PRXProcess.Outcome {
        let command = "exec \"$0\" -A args.txt -C 'echo @ARG@' -r \(redirected)"
        return try await PRXProcess.run(
            ["-c", command, PRXProcess.executablePath], executable: "/bin/sh", home: bench.home,
            directory: bench.root.path)
    }
}
