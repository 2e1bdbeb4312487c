import Foundation
import PRXTesting
import Testing

/// Whether `pid` is a live process; a zombie (ended, waiting for init to reap it) is not.
private func isRunning(_ pid: Int32) -> Bool {
    guard let stat = try? String(contentsOfFile: "/proc/\(pid)/stat", encoding: .utf8) else { return false }
    return stat.split(separator: ")").last?.split(separator: " ").first != "Z"
}

@Suite(.runsProcesses) struct DaemonTests {
    /// The progress `--list-workers` shows counts the tasks that finished just before a long one started: it
    /// showed the count of the last write, half a second or more before them, until the long task ended.
    @Test func theProgressListedCountsTasksThatFinishedBeforeALongOne() async throws {
        let bench = try Workbench()
        defer { bench.root.remove() }
        let mark = "30\(Int.random(in: 10...99)).\(Int.random(in: 100_000...999_999))"
        let folder = try bench.tasks(5) { index in index < 5 ? "true\n" : "sleep \(mark)\n" }
        let run = try PRXProcess(["-T", folder, "-C", "bash @TASK@", "-r", "-m", "1"], home: bench.home)
        try await run.whileRunning {
            let deadline = Date().addingTimeInterval(20)
            while LiveProcesses.matching(mark).isEmpty && Date() < deadline {
                try? await Task.sleep(for: .milliseconds(50))
            }
            try? await Task.sleep(for: .milliseconds(700))
            let listed = try await bench.prx(["--list-workers"])
            #expect(listed.stdout.contains(" 4/5"), "\(listed.stdout)")
        }
    }

    /// `--list-workers` gives a run's start in the local time of the time zone it runs in, as the log file's name
    /// (and `prx history`, `prx status`) give it, also for a POSIX rule in `TZ`: with `TZ=JST-9` the run whose log
    /// was named `…_232928.log` was listed as started at 14:29:28, the machine's UTC, as Foundation reads no such rule.
    @Test(arguments: ["JST-9", "<+0545>-5:45", "UTC"])
    func theListedStartIsTheLocalTimeTheLogFileIsNamedWith(zone: String) async throws {
        let bench = try Workbench()
        defer { bench.root.remove() }
        let mark = "30\(Int.random(in: 10...99)).\(Int.random(in: 100_000...999_999))"
        let folder = try bench.tasks(1) { _ in "sleep \(mark)\n" }
        let run = try PRXProcess(
            ["-T", folder, "-C", "bash @TASK@", "-r"], home: bench.home, environment: ["TZ": zone])
        try await run.whileRunning {
            let deadline = Date().addingTimeInterval(20)
            while LiveProcesses.matching(mark).isEmpty && Date() < deadline {
                try? await Task.sleep(for: .milliseconds(50))
            }
            let listed = try await bench.prx(["--list-workers"], environment: ["TZ": zone])
            let listedRow = /running    (\d{4})-(\d\d)-(\d\d) (\d\d):(\d\d):(\d\d)  parallelr_\d+_(\w+)\.log/
            let row = try #require(listed.stdout.firstMatch(of: listedRow), "\(listed.stdout)")
            let months = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]
            let month = try #require(Int(row.2))
            let named = "\(row.3)\(months[month - 1])\(row.1.suffix(2))_\(row.4)\(row.5)\(row.6)"
            #expect(named == String(row.7), "\(listed.stdout)")
        }
    }

    @Test func aDaemonIsListedAndKilledLeavingNoChild() async throws {
        let bench = try Workbench()
        defer { bench.root.remove() }
        let mark = "30\(Int.random(in: 10...99)).\(Int.random(in: 100_000...999_999))"
        let folder = try bench.tasks(4) { _ in "sleep \(mark)\n" }
        let started = try await bench.prx(["-T", folder, "-C", "bash @TASK@", "-r", "-m", "2", "-D"])
        #expect(started.status == 0, "\(started.stderr)")
        let pidText = try #require(started.stdout.firstMatch(of: /PID (\d+)/)?.1)
        let pid = try #require(Int32(pidText))
        #expect(started.stdout.contains("_summary.csv"))
        let name = String(URL(fileURLWithPath: PRXProcess.executablePath).lastPathComponent.prefix(15))
        #expect(try String(contentsOfFile: "/proc/\(pid)/comm", encoding: .utf8) == name + "\n",
                "the daemon's process name is prx's (it was exe, from /proc/self/exe)")

        let deadline = Date().addingTimeInterval(20)
        while LiveProcesses.matching(mark).count < 2 && Date() < deadline {
            try? await Task.sleep(for: .milliseconds(50))
        }
        let listed = try await bench.prx(["--list-workers"])
        #expect(listed.stdout.contains(String(pid)), "\(listed.stdout)")
        #expect(listed.stdout.contains("0/4"), "\(listed.stdout)")

        let killed = try await bench.prx(["-k", String(pid)])
        #expect(killed.status == 0, "\(killed.stderr)")
        #expect(await LiveProcesses.awaitGone(mark, seconds: 10).isEmpty)
        #expect(!isRunning(pid), "the daemon is still running")
        let after = try await bench.prx(["--list-workers"])
        #expect(!after.stdout.contains(String(pid)))
        let records = try await bench.summaryRecords()
        #expect(records.count == 4)
        #expect(records.allSatisfy { $0["status"] == "CANCELLED" })
        let log = try String(contentsOfFile: try #require(bench.logFiles(endingWith: ".log").first), encoding: .utf8)
        #expect(log.contains("Total Tasks: 4"), "the summary report belongs in a daemon's log")
        #expect(log.contains("Run: "))
    }

    /// The launcher suggests following and stopping the daemon with the name prx was started by, as the summary's
    /// `Run:` line names it, and the commands it gives run: it said `prx` under any name (`ptasker`, a build named
    /// `prx-1.2`), a command that may not be there or may be another prx. Each command is the rest of its line, the
    /// name quoted as a shell reads a program's (`shown`): within quotes of their own, a name with a `'` or a space
    /// made `''it'"'"'s my prx' --list-workers'`, whose command no one could tell, and `prx=2 -k PID` is an
    /// assignment to a shell, which then runs `-k`.
    @Test(arguments: [
        ("prx-1.2", "prx-1.2"), ("ptasker", "ptasker"), ("it's my prx", #"'it'"'"'s my prx'"#), ("prx=2", "'prx=2'"),
    ])
    func aDaemonIsFollowedAndStoppedByTheNameItWasStartedBy(name: String, shown: String) async throws {
        let bench = try Workbench()
        defer { bench.root.remove() }
        let mark = "30\(Int.random(in: 10...99)).\(Int.random(in: 100_000...999_999))"
        let folder = try bench.tasks(2) { _ in "sleep \(mark)\n" }
        let link = bench.root.file("bin/\(name)")
        try FileManager.default.createDirectory(atPath: bench.root.file("bin"), withIntermediateDirectories: true)
        try FileManager.default.createSymbolicLink(atPath: link, withDestinationPath: PRXProcess.executablePath)
        let started = try await PRXProcess.run(
            ["-T", folder, "-C", "bash @TASK@", "-r", "-D"], executable: link, home: bench.home,
            directory: bench.root.path)
        #expect(started.status == 0, "\(started.stderr)")
        let announced = started.stdout.firstMatch(
            of: /^prx: daemon started, PID (\d+)\n(?:.*\n)*Follow it with: (.+)\nStop it with: (.+)\n$/)
        let match = try #require(announced, "\(started.stdout)")
        let pid = try #require(Int32(match.1))
        // Should the suggested command not stop it, its tasks would sleep on after the test.
        defer { if isRunning(pid) { kill(pid, SIGTERM) } }
        #expect(match.2 == "\(shown) --list-workers")
        #expect(match.3 == "\(shown) -k \(pid)")

        let path = ["PATH": bench.root.file("bin") + ":" + (ProcessInfo.processInfo.environment["PATH"] ?? "")]
        let listed = try await PRXProcess.run(
            ["-c", String(match.2)], executable: "/bin/sh", home: bench.home, environment: path)
        #expect(listed.stdout.contains(String(pid)), "\(listed.stdout) \(listed.stderr)")
        let stopped = try await PRXProcess.run(
            ["-c", String(match.3)], executable: "/bin/sh", home: bench.home, environment: path)
        #expect(stopped.status == 0, "\(stopped.stderr)")
        #expect(await LiveProcesses.awaitGone(mark, seconds: 10).isEmpty)
        let deadline = Date().addingTimeInterval(10)
        while isRunning(pid) && Date() < deadline { try? await Task.sleep(for: .milliseconds(50)) }
        #expect(!isRunning(pid), "the daemon is still running")

        // The summary in its log names the commands that show and resume the run alike.
        let log = try #require(started.stdout.firstMatch(of: /\nLog file: (.+)\n/)?.1)
        let summary = try String(contentsOfFile: String(log), encoding: .utf8)
        let runID = try #require(summary.firstMatch(of: #/Run: (\S+) /#)?.1, "\(summary)")
        #expect(summary.contains("Run: \(runID) (\(shown) history \(runID); \(shown) --resume \(runID))"), "\(summary)")
        let shownRun = try await PRXProcess.run(
            ["-c", "\(shown) history \(runID)"], executable: "/bin/sh", home: bench.home, environment: path)
        #expect(shownRun.status == 0 && shownRun.stdout.contains(runID), "\(shownRun.stdout) \(shownRun.stderr)")
    }

    /// `--resume RUN -D` detaches like any run: it waited for the whole run and then said the daemon had ended
    /// before its run began (exit 1), the resumed run's summary missing from its log; without `-r` it was refused.
    /// The tasks failed in the first run and take 8 s each when resumed, so that a launcher waiting for the run would
    /// take 8 s or more: the bound of 4 s leaves the launcher, which took up to 1.6 s on a loaded machine, room, and
    /// such a launcher none. (The resumed tasks of the first run, which all succeeded, were none, and a launcher
    /// waiting for a run of no task took no longer than one that detached.)
    @Test(arguments: [[String](), ["-r"]])
    func aResumedRunDetaches(flags: [String]) async throws {
        let bench = try Workbench()
        defer { bench.root.remove() }
        let again = bench.root.file("again")
        let folder = try bench.tasks(2) { "test -e \(again) || exit 1; sleep 8; echo \($0)\n" }
        #expect(try await bench.prx(["-T", folder, "-C", "bash @TASK@", "-r", "-m", "2"]).status == 1)
        let runID = try #require(
            try FileManager.default.contentsOfDirectory(atPath: bench.home + "/history").first?.dropLast(6))
        try bench.root.write("again", "")

        let launched = Date()
        let started = try await bench.prx(["--resume-failed", String(runID), "-D"] + flags)
        #expect(started.status == 0, "\(started.stderr)")
        #expect(Date().timeIntervalSince(launched) < 4, "the launcher waited for the run")
        let pid = try #require(started.stdout.firstMatch(of: /PID (\d+)/).flatMap { Int32($0.1) })
        let deadline = Date().addingTimeInterval(40)
        while isRunning(pid) && Date() < deadline { try? await Task.sleep(for: .milliseconds(50)) }
        let log = try #require(bench.logFiles(endingWith: ".log").first { $0.contains("_\(pid)_") })
        let text = try String(contentsOfFile: log, encoding: .utf8)
        #expect(text.contains("Total Tasks: 2") && text.contains("Completed Successfully: 2"), "\(text)")
    }

    /// `-D` without `-r` is refused before anything starts, as README says: a daemon's dry run would print its
    /// commands to `/dev/null` and write no file. No daemon, log directory or registry entry is left.
    @Test func aDaemonWithoutRunIsRefused() async throws {
        let bench = try Workbench()
        defer { bench.root.remove() }
        let folder = try bench.tasks(1) { _ in "true\n" }
        let refused = try await bench.prx(["-T", folder, "-C", "bash @TASK@", "-D"])
        #expect(refused.status == 2)
        #expect(refused.stdout.isEmpty)
        #expect(refused.stderr == "prx: error: -D/--daemon needs -r/--run (see 'prx --help')\n")
        #expect(!FileManager.default.fileExists(atPath: bench.logs))
        #expect(!FileManager.default.fileExists(atPath: bench.home + "/run"))
    }

    /// A run started with `-D` is resumed as a daemon, as it is run again with its own flags: the resumption ran in
    /// the foreground, its summary on the terminal, and `--list-workers` and `-k` were the only way to follow it.
    @Test(arguments: ["--resume", "--resume-failed"])
    func aDaemonsRunIsResumedAsADaemon(resumption: String) async throws {
        let bench = try Workbench()
        defer { bench.root.remove() }
        let folder = try bench.tasks(2) { "test -e \(bench.root.file("again")) || exit \($0 - 1)\n" }
        let first = try await bench.prx(["-T", folder, "-C", "sh @TASK@", "-r", "-D"])
        let firstPID = try #require(first.stdout.firstMatch(of: /PID (\d+)/).flatMap { Int32($0.1) })
        let deadline = Date().addingTimeInterval(20)
        while isRunning(firstPID) && Date() < deadline { try? await Task.sleep(for: .milliseconds(50)) }
        let runID = try #require(bench.runIDs().first)
        try bench.root.write("again", "")

        let resumed = try await bench.prx([resumption, runID])
        #expect(resumed.status == 0, "\(resumed.stderr)")
        #expect(!resumed.stdout.contains("Total Tasks"), "the resumption ran in the foreground: \(resumed.stdout)")
        let pid = try #require(resumed.stdout.firstMatch(of: /daemon started, PID (\d+)/).flatMap { Int32($0.1) })
        while isRunning(pid) && Date() < deadline { try? await Task.sleep(for: .milliseconds(50)) }
        let log = try #require(bench.logFiles(endingWith: ".log").first { $0.contains("_\(pid)_") })
        #expect(try String(contentsOfFile: log, encoding: .utf8).contains("Total Tasks: 1"))
        let runs = try await bench.prx(["history"])
        // The resumption, last, finished; the run it resumed says so (`finished, resumed`), which widens the column.
        let rows = runs.stdout.split(separator: "\n")
        #expect(rows.last?.contains(/\s\sfinished\s+prx\s-T\s/) == true, "\(runs.stdout)")
        #expect(rows.dropFirst().first?.contains("  finished, resumed  prx -T ") == true, "\(runs.stdout)")
    }

    /// A daemon reads `-A /dev/stdin` from the pipe it was started with (it read `/dev/null`, and ran no task), the
    /// line written a second after its launch too; a terminal, which it leaves, is refused. The summary's rows come in
    /// the order the tasks ended, which is `b`'s first when the daemon, slow to start on a loaded machine, reads both
    /// lines at once (3 runs in 20 beside 24 busy loops): the commands are compared sorted.
    @Test func aDaemonReadsItsArgumentsFromAPipe() async throws {
        let bench = try Workbench()
        defer { bench.root.remove() }
        let prx = "'\(PRXProcess.executablePath)' -A /dev/stdin -C 'echo @ARG@' -r -D"
        let started = try await PRXProcess.run(
            ["-c", "(printf 'a\\n'; sleep 1; printf 'b\\n') | \(prx)"], executable: "/bin/sh", home: bench.home)
        #expect(started.status == 0, "\(started.stderr)")
        let pid = try #require(started.stdout.firstMatch(of: /PID (\d+)/).flatMap { Int32($0.1) })
        let deadline = Date().addingTimeInterval(20)
        while isRunning(pid) && Date() < deadline { try? await Task.sleep(for: .milliseconds(50)) }
        let commands = try await bench.summaryRecords().compactMap { $0["command"] }
        #expect(commands.sorted() == ["echo a", "echo b"], "\(commands)")

        let underTerminal = try await PRXProcess.run(
            ["-qec", prx + "; echo status=$?", "/dev/null"], executable: "/usr/bin/script", home: bench.home)
        #expect(underTerminal.stdout.contains(
            "prx: error: -A /dev/stdin reads the terminal, which a daemon (-D) leaves: "
                + "pipe the lines in or name a file"),
            "\(underTerminal.stdout)")
        #expect(underTerminal.stdout.contains("status=2"))
    }

    /// A daemon whose `-A` file is a FIFO no process writes yet is launched at once and listed by `prx status`
    /// while it waits for a writer, whose lines then run; `-k` stops it as it waits. The daemon opened the FIFO
    /// before it told its launcher its run had begun, and `open` waits for a writer: `prx -A f … -r -D; producer > f`
    /// never reached the producer, and the run was in no listing, which `-k` refused.
    @Test(arguments: [false, true])
    func aDaemonReadingAFIFONoOneWritesYetIsLaunchedAndListed(killed: Bool) async throws {
        let bench = try Workbench()
        defer { bench.root.remove() }
        let fifo = bench.root.file("in.fifo")
        try #require(mkfifo(fifo, 0o600) == 0)
        // A daemon left waiting for a writer (the launch failed) is let go by one that comes and goes.
        defer { bench.write("", toFIFO: fifo) }
        let launch = try PRXProcess(
            ["-A", fifo, "-C", "echo @ARG@", "-r", "-D"], home: bench.home, directory: bench.root.path)
        let started = await launch.wait(killingAfter: 15)
        #expect(started.status == 0, "\(started.stderr)")
        let pid = try #require(started.stdout.firstMatch(of: /PID (\d+)/).flatMap { Int32($0.1) })
        let listed = try await bench.prx(["status"])
        #expect(listed.stdout.contains("(PID \(pid))"), "\(listed.stdout)")
        if killed {
            let stopped = try await bench.prx(["-k", String(pid)])
            #expect(stopped.status == 0, "\(stopped.stderr)")
            #expect(!isRunning(pid), "the daemon is still running")
            return
        }
        #expect(bench.write("a\nb\n", toFIFO: fifo), "the daemon does not read the FIFO")
        let deadline = Date().addingTimeInterval(20)
        while isRunning(pid) && Date() < deadline { try? await Task.sleep(for: .milliseconds(50)) }
        #expect(try await bench.summaryRecords().compactMap { $0["command"] }.sorted() == ["echo a", "echo b"])
    }

    /// A file to read that names one of the launcher's descriptors (`-A <(…)`, a process substitution's `/dev/fd/63`;
    /// here descriptor 5, open on a file of lines) is refused by the launcher, exit 2, no daemon started: the daemon
    /// has every descriptor above standard error closed, so that the path named one of its own (a `timerfd` here)
    /// or nothing, and the run was refused with `cannot open arguments file /dev/fd/5: No such device or address`
    /// for a file that was there. A `--set` is refused by the daemon, whose error the launcher says, in the same
    /// words, named by the `--set`: it said `which prx was not started with: give prx the descriptor`, which the user
    /// had done, and which no one can do for a daemon.
    @Test(arguments: [
        (["-A", "/dev/fd/5", "-C", "echo @ARG@"], "-A /dev/fd/5 names prx's descriptor 5, which a daemon (-D) does not "
            + "have: pipe the lines in as -A /dev/stdin, or name a file"),
        (["-A", "lines.txt", "-C", "echo @ARG@", "--hook", "/dev/fd/5"], "--hook /dev/fd/5 names prx's descriptor 5, "
            + "which a daemon (-D) does not have: name a file"),
        (["--source", "args-file", "--set", "args-file.file=/dev/fd/5", "--set", "args-file.command=echo @ARG@"],
            "--set args-file.file=/dev/fd/5: args-file.file /dev/fd/5 names prx's descriptor 5, which a daemon (-D) "
                + "does not have: name a file"),
    ])
    func aDaemonRefusesAFileNamingADescriptorItDoesNotHave(arguments: [String], error: String) async throws {
        let bench = try Workbench()
        defer { bench.root.remove() }
        let lines = try bench.root.write("lines.txt", "a\nb\n")
        let started = try await PRXProcess.run(
            ["-c", #"exec "$0" "$@" 5<"$LINES""#, PRXProcess.executablePath] + arguments + ["-r", "-D"],
            executable: "/bin/sh", home: bench.home, environment: ["LINES": lines], directory: bench.root.path)
        #expect(started.status == 2)
        #expect(started.stderr == "prx: error: \(error)\n")
        #expect(!started.stdout.contains("daemon started"), "\(started.stdout)")
    }

    /// A daemon started by a prx without a standard output (`>&-`) is said on standard error, and the launcher exits
    /// 0: it said `cannot write to standard output: Bad file descriptor`, exit 1, while the daemon ran its run.
    @Test func aDaemonIsAnnouncedOnStandardErrorWhenStandardOutputIsClosed() async throws {
        let bench = try Workbench()
        defer { bench.root.remove() }
        let folder = try bench.tasks(2) { _ in "true\n" }
        let started = try await PRXProcess.run(
            ["-c", #"exec "$0" "$@" >&-"#, PRXProcess.executablePath, "-T", folder, "-C", "sh @TASK@", "-r", "-D"],
            executable: "/bin/sh", home: bench.home, directory: bench.root.path)
        #expect(started.status == 0, "\(started.stderr)")
        let announced = started.stderr.firstMatch(of: /^prx: daemon started, PID (\d+)\n/)
        let pid = try #require(announced.flatMap { Int32($0.1) })
        #expect(started.stderr.contains("\nSummary file: "), "\(started.stderr)")
        let deadline = Date().addingTimeInterval(20)
        while isRunning(pid) && Date() < deadline { try? await Task.sleep(for: .milliseconds(50)) }
        #expect(try await bench.summaryRecords().count == 2)
    }

    /// A result file that names prx's own standard output or error (`--json /dev/stdout > out.txt`) is refused by
    /// a daemon before its run begins, the launcher printing the error and exiting 2: the daemon's standard output is
    /// `/dev/null`, and every JSON line went there, exit 0, without a word.
    @Test(arguments: [
        ("/dev/stdout", "standard output"), ("/dev/fd/1", "standard output"), ("/proc/self/fd/1", "standard output"),
        ("/proc/thread-self/fd/1", "standard output"), ("stdout-link", "standard output"),
        ("/dev/stderr", "standard error"),
    ])
    func aResultFileNamingTheStandardStreamsIsRefused(path: String, stream: String) async throws {
        let bench = try Workbench()
        defer { bench.root.remove() }
        let folder = try bench.tasks(1) { _ in "touch \(bench.root.file("ran"))\n" }
        try FileManager.default.createSymbolicLink(
            atPath: bench.root.file("stdout-link"), withDestinationPath: "/dev/stdout")
        let prx = "'\(PRXProcess.executablePath)' -T '\(folder)' -C 'sh @TASK@' -r -D --json \(path)"
        let started = try await PRXProcess.run(
            ["-c", "\(prx) > out.txt"], executable: "/bin/sh", home: bench.home, directory: bench.root.path)
        #expect(started.status == 2)
        #expect(started.stderr == "prx: error: --json \(path) names prx's \(stream), which a daemon (-D) does not "
            + "have: name a file\n")
        #expect(try String(contentsOfFile: bench.root.file("out.txt"), encoding: .utf8) == "")
        #expect(!FileManager.default.fileExists(atPath: bench.root.file("ran")))
    }

    /// A result file that is the launching prx's standard output or error (`--json out.txt > out.txt`) is refused:
    /// the launcher writes the daemon's announcement there (or forwards its warnings) while the daemon writes its
    /// results from an open of its own, and the daemon's JSON lines overwrote the announcement, exit 0.
    @Test(arguments: [("> out.txt", "standard output"), ("2> out.txt", "standard error")])
    func aResultFileThatIsTheLaunchersStandardStreamIsRefused(redirection: String, stream: String) async throws {
        let bench = try Workbench()
        defer { bench.root.remove() }
        let folder = try bench.tasks(1) { _ in "touch \(bench.root.file("ran"))\n" }
        let prx = "'\(PRXProcess.executablePath)' -T '\(folder)' -C 'sh @TASK@' -r -D --json out.txt"
        let started = try await PRXProcess.run(
            ["-c", "\(prx) \(redirection)"], executable: "/bin/sh", home: bench.home, directory: bench.root.path)
        #expect(started.status == 2)
        let error = "prx: error: --json and the \(stream) of prx -D name the same file, \(bench.root.file("out.txt")): "
            + "their lines would tear into each other (give each a file of its own)\n"
        #expect(try bench.root.read("out.txt") == (stream == "standard error" ? error : ""))
        #expect(started.stderr == (stream == "standard error" ? "" : error))
        #expect(!FileManager.default.fileExists(atPath: bench.root.file("ran")))
    }

    /// A `ptasker -D` without `-p` names the project it made up in the daemon's log too, as a run in the foreground
    /// does: the launcher printed it but passed it on as `-p`, so the daemon took it for the user's and its log did
    /// not name it. The daemon's tasks do not inherit the variable that hands it over.
    @Test func aPtaskerDaemonLogsTheProjectItMadeUp() async throws {
        let bench = try Workbench()
        defer { bench.root.remove() }
        let (link, path) = try bench.ptasker(
            tasker: "printenv PRX_PTASKER_PROJECT >> '\(bench.root.file("leftover"))'\nexit 0\n")
        let folder = try bench.tasks(1) { _ in "true\n" }
        let started = try await PRXProcess.run(
            ["-T", folder, "-r", "-D"], executable: link, home: bench.home, environment: ["PATH": path])
        #expect(started.status == 0, "\(started.stderr)")
        let project = try #require(
            started.stdout.firstMatch(of: /^Auto-generated project: (parallelr_[0-9a-f]{6})\n/)?.1)
        let log = try await mainLog(ofDaemonStartedBy: started, in: bench)
        #expect(log.contains(" - Auto-generated project: \(project)\n"), "\(log)")
        #expect(try await bench.summaryRecords().compactMap { $0["command"] }
            == ["tasker \(folder)/task1.sh -p \(project) -r"])
        #expect(try bench.root.read("leftover").isEmpty, "a task saw PRX_PTASKER_PROJECT")
    }

    /// The daemon takes its stage (and its launcher's PID) out of its environment before its tasks start: a task saw
    /// `PRX_DAEMON_STAGE=daemon`, and a `prx -D` it ran would have taken itself for a daemon.
    @Test func aDaemonsTasksDoNotInheritItsStage() async throws {
        let bench = try Workbench()
        defer { bench.root.remove() }
        let seen = bench.root.file("seen")
        let folder = try bench.tasks(1) { _ in
            "echo \"stage=${PRX_DAEMON_STAGE-none} launcher=${PRX_DAEMON_LAUNCHER-none}\" > '\(seen)'\n"
        }
        let started = try await bench.prx(["-T", folder, "-C", "sh @TASK@", "-r", "-D"])
        #expect(started.status == 0, "\(started.stderr)")
        let pid = try #require(started.stdout.firstMatch(of: /PID (\d+)/).flatMap { Int32($0.1) })
        let deadline = Date().addingTimeInterval(20)
        while isRunning(pid) && Date() < deadline { try? await Task.sleep(for: .milliseconds(50)) }
        #expect(try bench.root.read("seen") == "stage=none launcher=none\n")
    }

    /// A daemon that could not register itself (the run registry a file) says how to stop it without `prx -k`, which
    /// refuses a process the registry does not have: it said "stop it with 'prx -k PID'" below the warning that
    /// `--list-workers` and `-k` do not see it.
    @Test func aDaemonNotRegisteredIsNotSaidToStopWithKill() async throws {
        let bench = try Workbench()
        defer { bench.root.remove() }
        try bench.root.write("home/run", "not a directory\n")
        let folder = try bench.tasks(1) { _ in "true\n" }
        let started = try await bench.prx(["-T", folder, "-C", "bash @TASK@", "-r", "-D"])
        #expect(started.status == 0, "\(started.stderr)")
        #expect(started.stderr.contains("cannot register this run"), "\(started.stderr)")
        let pid = try #require(started.stdout.firstMatch(of: /PID (\d+)/)?.1)
        #expect(started.stdout.hasSuffix("It is not in the run registry, so --list-workers and -k do not see it: "
            + "follow it in its log.\nStop it with: kill \(pid)\n"), "\(started.stdout)")
        #expect(!started.stdout.contains("prx -k \(pid)"))
        let deadline = Date().addingTimeInterval(20)
        while isRunning(try #require(Int32(pid))) && Date() < deadline {
            try? await Task.sleep(for: .milliseconds(50))
        }
    }

    /// `--validate-config`, `--show-config` and `--check-dependencies` print their report in the foreground whatever
    /// `-D` and `-r` say, as `--list-workers` does and as parallelr makes them before it would detach: a daemon made
    /// them with its output on `/dev/null`, and the launcher said `prx: error: the daemon ended before its run
    /// began`, exit 1.
    @Test(arguments: ["--validate-config", "--show-config", "--check-dependencies"], [["-D"], ["-D", "-r"], ["-rD"]])
    func aCheckIsPrintedInTheForegroundWithD(check: String, daemon: [String]) async throws {
        let bench = try Workbench()
        defer { bench.root.remove() }
        let printed = [
            "--validate-config": "✓ Configuration is valid", "--show-config": "max_workers: 20",
            "--check-dependencies": "Lua 5.4",
        ][check]
        let outcome = try await bench.prx([check] + daemon)
        #expect(outcome.status == 0, "\(outcome.stderr)")
        #expect(outcome.stderr.isEmpty, "\(outcome.stderr)")
        #expect(outcome.stdout.contains(try #require(printed)), "\(outcome.stdout)")
        #expect(!outcome.stdout.contains("daemon started"), "\(outcome.stdout)")
    }

    /// The launcher's announcement and `--list-workers` write the control characters of the daemon's files as escapes,
    /// as its summary report does: a line break in `log.path` split the announcement's `Log file:` line and the run's
    /// row in two, and an escape sequence in it acted on the terminal.
    @Test func theDaemonsFilesAreAnnouncedAndListedWithTheirControlCharactersEscaped() async throws {
        let bench = try Workbench()
        defer { bench.root.remove() }
        let mark = "30\(Int.random(in: 10...99)).\(Int.random(in: 100_000...999_999))"
        let folder = try bench.tasks(1) { _ in "sleep \(mark)\n" }
        let log = bench.root.file("run\n\u{1B}[31m.log")
        let summary = bench.root.file("sum\tmary.csv")
        let started = try await bench.prx([
            "-T", folder, "-C", "bash @TASK@", "-r", "-D", "--set", "log.path=\(log)", "--set", "csv.path=\(summary)",
        ])
        #expect(started.status == 0, "\(started.stderr)")
        let pid = try #require(started.stdout.firstMatch(of: /PID (\d+)/).flatMap { Int32($0.1) })
        #expect(started.stdout.contains("\nLog file: \(bench.root.path)/run\\n\\x1b[31m.log\n"), "\(started.stdout)")
        #expect(started.stdout.contains("\nSummary file: \(bench.root.path)/sum\\tmary.csv\n"), "\(started.stdout)")

        let listed = try await bench.prx(["--list-workers"])
        let row = try #require(listed.stdout.split(separator: "\n").first { $0.hasPrefix("\(pid) ") })
        #expect(row.hasSuffix(#"run\n\x1b[31m.log"# + String(repeating: " ", count: 27) + #"sum\tmary.csv"#
            + String(repeating: " ", count: 31) + "0/1"), "\(listed.stdout)")
        #expect(!listed.stdout.contains("\u{1B}") && !listed.stdout.contains("\t"), "\(listed.stdout)")
        let killed = try await bench.prx(["-k", String(pid)])
        #expect(killed.status == 0, "\(killed.stderr)")
        #expect(await LiveProcesses.awaitGone(mark, seconds: 10).isEmpty)
    }

    @Test func killRefusesAProcessThatIsNotARun() async throws {
        let bench = try Workbench()
        defer { bench.root.remove() }
        let outcome = try await bench.prx(["-k", String(getpid())])
        #expect(outcome.status == 2)
        #expect(outcome.stderr.hasPrefix("prx: error:"))
    }

    /// What a daemon's Lua code printed went to its standard output, `/dev/null`: lost, where its errors reach its log
    /// as warnings. Its `print` lines are in the main log, `Lua print: …`, from the loading of its files on.
    @Test func aDaemonsLuaPrintGoesToItsMainLog() async throws {
        let bench = try Workbench()
        defer { bench.root.remove() }
        try bench.root.write("args.txt", "1\n")
        try bench.root.write("hooks.lua", """
            print("loading", 1)
            return { on_finish = function(task, result) print("finished " .. result.status .. "\\nnext line") end }
            """)
        try bench.root.write("policy.lua", #"return function(stats) print("asked") return false end"#)
        let started = try await bench.prx(
            ["-A", "args.txt", "-C", "true @ARG@", "-r", "-D", "--hook", "hooks.lua", "--stop-policy", "policy.lua"])
        #expect(started.status == 0, "\(started.stderr)")
        let log = try await mainLog(ofDaemonStartedBy: started, in: bench)
        #expect(log.contains(" - INFO - [MainThread] - Lua print: loading\\t1\n"), "\(log)")
        #expect(log.contains(" - INFO - [MainThread] - Lua print: finished SUCCESS\nnext line\n"), "\(log)")
        #expect(log.contains(" - INFO - [MainThread] - Lua print: asked\n"), "\(log)")
    }

    /// A daemon's standard input was `/dev/null` unless it read `-A /dev/stdin`: its Lua code's `io.read()` and
    /// `io.lines("/dev/stdin")` read no line there, unseen, what was piped to the launcher lost. The launcher closes
    /// it, so that the daemon knows it has none: `io.stdin` is a closed file, and a path naming it is refused.
    @Test func aDaemonsLuaCodeKnowsItHasNoStandardInput() async throws {
        let bench = try Workbench()
        defer { bench.root.remove() }
        try bench.root.write("args.txt", "1\n")
        try bench.root.write("hooks.lua", """
            print("stdin: " .. io.type(io.stdin))
            return { on_finish = function() io.read() end, on_done = function() io.lines("/dev/stdin") end }
            """)
        let command = "echo hello | '\(PRXProcess.executablePath)' -A args.txt -C 'true @ARG@' -r -D --hook hooks.lua"
        let started = try await PRXProcess.run(
            ["-c", command], executable: "/bin/sh", home: bench.home, directory: bench.root.path)
        #expect(started.status == 0, "\(started.stderr)")
        let log = try await mainLog(ofDaemonStartedBy: started, in: bench)
        #expect(log.contains(" - INFO - [MainThread] - Lua print: stdin: closed file\n"), "\(log)")
        #expect(log.contains(" - WARNING - [MainThread] - hooks.lua:2: default input file is closed (in on_finish)\n"),
            "\(log)")
        #expect(log.contains(" - WARNING - [MainThread] - hooks.lua:2: io.lines /dev/stdin names prx's standard "
            + "input, which a daemon (-D) keeps only to read -A /dev/stdin: name a file (in on_done)\n"), "\(log)")
    }

    /// What a daemon's Lua code wrote with `io.write` and `io.stdout:write` was lost, where its `print` reached the
    /// main log. It reaches the log too, line by line as standard output would show it: a line begun waits for its end
    /// (`print`'s line ending it too), for 65536 bytes at most, or for the end of the run, before the report; an
    /// argument that is no string nor number is the hook's error, at its line.
    @Test func aDaemonsLuaWriteGoesToItsMainLogLineByLine() async throws {
        let bench = try Workbench()
        defer { bench.root.remove() }
        try bench.root.write("args.txt", "1\n")
        try bench.root.write("hooks.lua", """
            io.write("loading ", 1, " ", 2.5)
            io.stdout:write(" done\\nnext ")
            print("printed")
            return { on_done = function()
              io.write(string.rep("x", 65536 + 10))
              io.write({})
            end }
            """)
        let started = try await bench.prx(["-A", "args.txt", "-C", "true @ARG@", "-r", "-D", "--hook", "hooks.lua"])
        #expect(started.status == 0, "\(started.stderr)")
        let log = try await mainLog(ofDaemonStartedBy: started, in: bench)
        let entries = log.components(separatedBy: " - [MainThread] - ").dropFirst().map {
            String($0.prefix { $0 != "\n" })
        }
        let printed = entries.filter { $0.hasPrefix("Lua print: ") }.map { $0.dropFirst("Lua print: ".count) }
        #expect(printed == ["loading 1 2.5 done", "next printed", Substring(String(repeating: "x", count: 65536)),
            "xxxxxxxxxx"], "\(log)")
        #expect(log.contains("hooks.lua:6: bad argument #1 to 'write' (string expected, got table) (in on_done)"),
            "\(log)")
        let report = try #require(entries.firstIndex { $0.hasPrefix("Parallel Task Execution Summary") })
        #expect(entries.lastIndex { $0 == "Lua print: xxxxxxxxxx" }.map { $0 < report } == true, "\(log)")
    }

    /// A daemon's `print` is Lua code of prx's own, whose lines its messages named as the Lua code's: `print:50:
    /// '__tostring' must return a string (called from hooks.lua:4)`, `hooks.lua:2: boom (called from print:50,
    /// hooks.lua:6)`, and, for a hook in a loop of `io.write` told to stop, `print:39: interrupted: …`. It has no
    /// lines now, as Lua's own C `print` has none: the messages name the hook's lines alone, as without `-D`.
    @Test func aDaemonsPrintNamesTheLinesOfTheLuaCodeAlone() async throws {
        let (_, log) = try await luaPrints(ofDaemonWithHooks: """
            local bad = setmetatable({}, { __tostring = function() return {} end })
            local boom = setmetatable({}, { __tostring = function() error("boom") end })
            return { on_finish = function()
              print(bad)
            end, on_done = function()
              print(boom)
            end }
            """)
        #expect(log.contains(
            " - WARNING - [MainThread] - hooks.lua:4: '__tostring' must return a string (in on_finish)\n"), "\(log)")
        #expect(log.contains(" - WARNING - [MainThread] - hooks.lua:2: boom (called from hooks.lua:6) (in on_done)\n"),
            "\(log)")
    }

    @Test func aDaemonsWriteToAnotherFileFailsInLuasOwnWords() async throws {
        let (printed, log) = try await luaPrints(ofDaemonWithHooks: """
            local file, closed = io.open("args.txt"), io.open("args.txt")
            closed:close()
            print(pcall(function() io.stderr:write({}) end))
            print(pcall(function() file:write("a", 1, true) end))
            print(pcall(function() closed:write("a") end))
            print(file:write("a", 1))
            return {}
            """)
        #expect(printed == [
            "false\\thooks.lua:3: bad argument #1 to 'write' (string expected, got table)",
            "false\\thooks.lua:4: bad argument #3 to 'write' (string expected, got boolean)",
            "false\\thooks.lua:5: attempt to use a closed file",
            "nil\\tBad file descriptor\\t9",
        ], "\(log)")
    }

    /// A daemon's `io.write` and `io.stdout:write`, which hand their words to its log, refused a file as a word with
    /// `got userdata` where Lua says `got FILE*` (a `__name`), named the function `write` however it was called
    /// (`'w'` for a local, `'io.write'` through `pcall`), and counted `io.stdout.write(io.stdout, {})`'s table as
    /// argument #1. Each message is now Lua 5.4's own, as `lua5.4` writes it for the same line, and the words before
    /// a refused one are written, as Lua's own `write` writes them.
    @Test func aDaemonsWritesToStandardOutputFailInLuasOwnWords() async throws {
        let (printed, log) = try await luaPrints(ofDaemonWithHooks: """
            print(pcall(function() io.write(io.stdout) end))
            print(pcall(function() io.stdout:write(io.stderr) end))
            print(pcall(function() io.stdout.write() end))
            print(pcall(function() io.stdout.write(io.stdout, {}) end))
            print(pcall(function() local w = io.write; w({}) end))
            print(pcall(io.write, {}))
            print(pcall(function() io.write(setmetatable({}, { __name = "My" })) end))
            print(pcall(function() io.write("a", 2.5, 3, nil) end))
            return {}
            """)
        #expect(printed == [
            "false\\thooks.lua:1: bad argument #1 to 'write' (string expected, got FILE*)",
            "false\\thooks.lua:2: bad argument #1 to 'write' (string expected, got FILE*)",
            "false\\thooks.lua:3: bad argument #1 to 'write' (FILE* expected, got no value)",
            "false\\thooks.lua:4: bad argument #2 to 'write' (string expected, got table)",
            "false\\thooks.lua:5: bad argument #1 to 'w' (string expected, got table)",
            "false\\tbad argument #1 to 'io.write' (string expected, got table)",
            "false\\thooks.lua:7: bad argument #1 to 'write' (string expected, got My)",
            "a2.53false\\thooks.lua:8: bad argument #4 to 'write' (string expected, got nil)",
        ], "\(log)")
    }

    /// A --hook file writing to standard error without ending its line as it loads put its text before the daemon's
    /// ready line, on the same line, which the launcher then did not take for one: it said the daemon ended before its
    /// run began, exit 1, while the daemon ran on. The text is passed on, on a line of its own, and the launch goes on.
    @Test func aDaemonsUnendedLineOnStandardErrorLeavesItsLaunchAsItWas() async throws {
        let bench = try Workbench()
        defer { bench.root.remove() }
        try bench.root.write("args.txt", "1\n")
        try bench.root.write("hooks.lua", "io.stderr:write(\"loading\")\nreturn {}\n")
        let started = try await bench.prx(["-A", "args.txt", "-C", "true @ARG@", "-r", "-D", "--hook", "hooks.lua"])
        #expect(started.status == 0, "\(started.stderr)")
        #expect(started.stderr.split(separator: "\n").first == "loading", "\(started.stderr)")
        let log = try await mainLog(ofDaemonStartedBy: started, in: bench)
        #expect(log.contains("Completed Successfully: 1"), "\(log)")
    }

    /// A --hook file writing to standard error without ending its line, then failing to load, had that text joined
    /// to prx's error line (`againprx: error: hooks.lua:2: boom`), in the foreground and in a daemon, whose launcher
    /// then took the line for no error of prx's: it added `prx: error: the daemon ended before its run began` and
    /// exited 1, where the foreground exits 2. The error is a line of its own after the Lua code's text, and both
    /// exit 2.
    @Test(arguments: [
        ("error(\"boom\")\n", "prx: error: hooks.lua:2: boom\n"),
        ("return 5\n", "prx: error: hooks.lua must return a table { on_start = fn, on_placed = fn, on_finish = fn, "
            + "on_done = fn } (got number)\n"),
    ])
    func aLoadErrorAfterALuaLineLeftBegunIsALineOfItsOwn(rest: String, line: String) async throws {
        let bench = try Workbench()
        defer { bench.root.remove() }
        try bench.root.write("args.txt", "1\n")
        try bench.root.write("hooks.lua", "io.stderr:write(\"loading\", \"\\n\", \"again\", \"\")\n" + rest)
        let arguments = ["-A", "args.txt", "-C", "true @ARG@", "-r", "--hook", "hooks.lua"]
        for outcome in [try await bench.prx(arguments), try await bench.prx(arguments + ["-D"])] {
            #expect(outcome.status == 2, "\(outcome.stderr)")
            #expect(outcome.stderr == "loading\nagain\n" + line, "\(outcome.stderr)")
        }
    }

    /// So is a warning after a number written last: a hook's error in the run came after `starting1` on its line.
    @Test func aWarningAfterALuaLineLeftBegunIsALineOfItsOwn() async throws {
        let bench = try Workbench()
        defer { bench.root.remove() }
        try bench.root.write("args.txt", "1\n")
        try bench.root.write(
            "hooks.lua", "return { on_start = function() io.stderr:write(\"starting\", 1) error(\"x\") end }\n")
        let outcome = try await bench.prx(["-A", "args.txt", "-C", "true @ARG@", "-r", "--hook", "hooks.lua"])
        #expect(outcome.status == 0, "\(outcome.stderr)")
        #expect(outcome.stderr == "starting1\nprx: warning: hooks.lua:1: x (in on_start)\n", "\(outcome.stderr)")
    }

    /// What a daemon running `hooks` as its --hook file (one task, `args.txt` beside it) printed, each line of its log's
    /// `Lua print:` entries, and the whole log, once the daemon has ended.
    private func luaPrints(ofDaemonWithHooks hooks: String) async throws -> (printed: [String], log: String) {
        let bench = try Workbench()
        defer { bench.root.remove() }
        try bench.root.write("args.txt", "1\n")
        try bench.root.write("hooks.lua", hooks)
        let started = try await bench.prx(["-A", "args.txt", "-C", "true @ARG@", "-r", "-D", "--hook", "hooks.lua"])
        #expect(started.status == 0, "\(started.stderr)")
        let log = try await mainLog(ofDaemonStartedBy: started, in: bench)
        let printed = log.components(separatedBy: " - [MainThread] - Lua print: ").dropFirst().map {
            String($0.prefix { $0 != "\n" })
        }
        return (printed, log)
    }

    /// The main log of the daemon whose launch `started` reported, once the daemon has ended (20 s at most).
    private func mainLog(ofDaemonStartedBy started: PRXProcess.Outcome, in bench: Workbench) async throws -> String {
        let pid = try #require(started.stdout.firstMatch(of: /PID (\d+)/).flatMap { Int32($0.1) })
        let deadline = Date().addingTimeInterval(20)
        while isRunning(pid) && Date() < deadline { try? await Task.sleep(for: .milliseconds(50)) }
        return try String(contentsOfFile: try #require(bench.logFiles(endingWith: ".log").first), encoding: .utf8)
    }
}
