import Foundation
import PRXTesting
import Testing

@Suite(.runsProcesses) struct FlagsModeTests {
    @Test func aDryRunPrintsEveryCommandAndRunsNothing() async throws {
        let bench = try Workbench()
        defer { bench.root.remove() }
        let folder = try bench.tasks(3) { _ in "touch \(bench.root.file("ran"))$RANDOM\n" }
        let outcome = try await bench.prx(["-T", folder, "-C", "bash @TASK@"])
        #expect(outcome.status == 0)
        for index in 1...3 {
            #expect(outcome.stdout.contains("bash \(folder)/task\(index).sh"))
        }
        let leftovers = try FileManager.default.contentsOfDirectory(atPath: bench.root.path)
        #expect(!leftovers.contains { $0.hasPrefix("ran") })
        #expect(!FileManager.default.fileExists(atPath: bench.logs))
    }

    @Test func aDryRunShowsEnvironmentPrefixes() async throws {
        let bench = try Workbench()
        defer { bench.root.remove() }
        let template = try bench.root.write("template.sh", "echo $HOSTNAME\n")
        let arguments = try bench.root.write("hosts.txt", "# hosts\nserver1,8080\n\nserver2,8081\n")
        let outcome = try await bench.prx(
            ["-T", template, "-A", arguments, "-S", "comma", "-E", "HOSTNAME,PORT", "-C", "bash @TASK@ --port @ARG_2@"])
        #expect(outcome.status == 0)
        #expect(outcome.stdout.contains("HOSTNAME=server1 PORT=8080 bash \(template) --port 8080"))
        #expect(outcome.stdout.contains("HOSTNAME=server2 PORT=8081 bash \(template) --port 8081"))
    }

    @Test func runningWritesTheSummaryAndTheThreeLogFiles() async throws {
        let bench = try Workbench()
        defer { bench.root.remove() }
        let folder = try bench.tasks(4) { "echo hello from task \($0)\n" }
        let outcome = try await bench.prx(["-T", folder, "-C", "bash @TASK@", "-r", "-m", "2"])
        #expect(outcome.status == 0, "\(outcome.stderr)")
        #expect(outcome.stdout.contains("Total Tasks: 4"))
        #expect(bench.logFiles(endingWith: ".log").count == 1)
        #expect(bench.logFiles(endingWith: "_output.txt").count == 1)
        let records = try await bench.summaryRecords()
        #expect(records.count == 4)
        #expect(records.allSatisfy { $0["status"] == "SUCCESS" && $0["exit_code"] == "0" })
        #expect(Set(records.compactMap { $0["worker_id"] }).isSubset(of: ["1", "2"]))
        #expect(try await bench.summaryRows().allSatisfy { $0.count == 12 })
        let output = try String(contentsOfFile: bench.logFiles(endingWith: "_output.txt")[0], encoding: .utf8)
        #expect(output.contains("hello from task 3"))
        let logName = URL(fileURLWithPath: bench.logFiles(endingWith: ".log")[0]).lastPathComponent
        #expect(logName.wholeMatch(of: /parallelr_\d+_\d{2}[A-Z][a-z]{2}\d{2}_\d{6}\.log/) != nil)
    }

    @Test func environmentVariablesReachTheTasks() async throws {
        let bench = try Workbench()
        defer { bench.root.remove() }
        let arguments = try bench.root.write("hosts.txt", "alpha 1\nbeta 2\n")
        let outcome = try await bench.prx([
            "-A", arguments, "-S", "space", "-E", "HOST,NUM", "-r",
            "-C", "sh -c 'echo \"$HOST=$NUM\" > \(bench.root.path)/$HOST.out'",
        ])
        #expect(outcome.status == 0, "\(outcome.stderr)")
        #expect(try bench.root.read("alpha.out") == "alpha=1\n")
        #expect(try bench.root.read("beta.out") == "beta=2\n")
    }

    @Test func aFailingTaskMakesTheExitStatusOne() async throws {
        let bench = try Workbench()
        defer { bench.root.remove() }
        let folder = try bench.tasks(3) { $0 == 2 ? "exit 7\n" : "exit 0\n" }
        let outcome = try await bench.prx(["-T", folder, "-C", "bash @TASK@", "-r"])
        #expect(outcome.status == 1)
        let failed = try await bench.summaryRecords().filter { $0["status"] == "FAILED" }
        #expect(failed.count == 1)
        #expect(failed.first?["exit_code"] == "7")
    }

    /// A `--stop-policy` halt after every task succeeded (Cancelled: 0) exited 1, though README's exit status is 0
    /// when every task succeeded; one that cancels tasks still fails the run.
    @Test(arguments: [(4, Int32(0), "Cancelled: 0\n"), (6, 1, "Cancelled: 2\n")])
    func aHaltFailsTheRunOnlyWhenItCancelsTasks(lines: Int, status: Int32, cancelled: String) async throws {
        let bench = try Workbench()
        defer { bench.root.remove() }
        let arguments = try bench.root.write("lines.txt", (1...lines).map { "\($0)\n" }.joined())
        let policy = try bench.root.write(
            "policy.lua", "return function(s) if s.finished >= 4 then return \"all done\" end end\n")
        let outcome = try await bench.prx(
            ["-A", arguments, "-C", "true @ARG@", "-r", "-m", "1", "--stop-policy", policy])
        #expect(outcome.status == status, "\(outcome.stderr)")
        #expect(outcome.stdout.contains("Completed Successfully: 4\n"), "\(outcome.stdout)")
        #expect(outcome.stdout.contains(cancelled), "\(outcome.stdout)")
        #expect(outcome.stdout.contains("- Halted: stop_when: all done\n"), "\(outcome.stdout)")
    }

    @Test func aMissingProgramIsAnErrorRowNotACrash() async throws {
        let bench = try Workbench()
        defer { bench.root.remove() }
        let folder = try bench.tasks(2) { _ in "true\n" }
        let outcome = try await bench.prx(["-T", folder, "-C", "no-such-program-prx @TASK@", "-r"])
        #expect(outcome.status == 1)
        let records = try await bench.summaryRecords()
        #expect(records.count == 2)
        #expect(records.allSatisfy { $0["status"] == "ERROR" && $0["error_message"]!.contains("no-such-program-prx") })
    }

    @Test func anOverlongArgumentFailsOnlyItsTask() async throws {
        let bench = try Workbench()
        defer { bench.root.remove() }
        let long = String(repeating: "x", count: 1200)
        let arguments = try bench.root.write("args.txt", "short\n\(long)\n")
        let outcome = try await bench.prx(["-A", arguments, "-C", "echo @ARG@", "-r"])
        #expect(outcome.status == 1)
        let statuses = try await bench.summaryRecords().map { $0["status"]! }.sorted()
        #expect(statuses == ["ERROR", "SUCCESS"])
    }

    @Test func theJSONSinkWritesOneObjectPerTaskAndTheSummary() async throws {
        let bench = try Workbench()
        defer { bench.root.remove() }
        let folder = try bench.tasks(3) { _ in "echo hi\n" }
        let json = bench.root.file("run.jsonl")
        let outcome = try await bench.prx(["-T", folder, "-C", "bash @TASK@", "-r", "--json", json])
        #expect(outcome.status == 0, "\(outcome.stderr)")
        let lines = try String(contentsOfFile: json, encoding: .utf8).split(separator: "\n")
        let objects = try lines.map { try JSONSerialization.jsonObject(with: Data($0.utf8)) as! [String: Any] }
        #expect(objects.filter { $0["type"] as? String == "task" }.count == 3)
        #expect(objects.last?["type"] as? String == "summary")
    }

    /// Files named relative to the directory prx ran in are shown by their full paths in the report (and the run
    /// registry `--list-workers` reads from anywhere); they were shown as typed. The summary at the path `--set` chose
    /// has no `(session-specific)`: it is one file for every run, not the session's own.
    @Test func relativeResultFilesAreReportedByTheirFullPaths() async throws {
        let bench = try Workbench()
        defer { bench.root.remove() }
        let folder = try bench.tasks(1) { _ in "true\n" }
        let outcome = try await bench.prx(
            ["-T", folder, "-C", "bash @TASK@", "-r", "--json", "./run.jsonl", "--set", "csv.path=sum.csv"])
        #expect(outcome.status == 0, "\(outcome.stderr)")
        let root = URL(fileURLWithPath: bench.root.path).standardizedFileURL.path
        #expect(outcome.stdout.contains("- JSON: \(root)/run.jsonl\n"))
        #expect(outcome.stdout.contains("- Summary: \(root)/sum.csv\n"), "\(outcome.stdout)")
        #expect(FileManager.default.fileExists(atPath: bench.root.file("sum.csv")))
        #expect(FileManager.default.fileExists(atPath: bench.root.file("run.jsonl")))
    }

    /// A result file's path given twice, by the configuration and then by `--set`, is the `--set`'s, and so is the
    /// file the report (and the run registry `--list-workers` reads) names: the report named no JSON file at all when
    /// `--sink json` chose the sink. (`--json` beside a `--set json.path` is refused.) The summary, at a path the user
    /// chose, is listed without `(session-specific)`.
    @Test func theReportNamesTheResultFilesASetReplaced() async throws {
        let flags = ["--sink", "json"]
        let bench = try Workbench()
        defer { bench.root.remove() }
        try bench.root.write("home/cfg/prx.yaml", "plugins:\n  csv:\n    path: a.csv\n")
        // The task waits for the test to have read `--list-workers`.
        let go = bench.root.file("go")
        let folder = try bench.tasks(1) { _ in "for i in $(seq 200); do [ -e \(go) ] && exit; sleep 0.1; done\n" }
        let sets = ["--set", "json.path=b.jsonl", "--set", "csv.path=b.csv"]
        let run = try PRXProcess(
            ["-T", folder, "-C", "bash @TASK@", "-r"] + flags + sets,
            home: bench.home, directory: bench.root.path)
        let pid = String(run.process.processIdentifier)
        var listed = ""
        let deadline = Date().addingTimeInterval(20)
        while !listed.contains(pid) && Date() < deadline {
            try? await Task.sleep(for: .milliseconds(100))
            listed = try await bench.prx(["--list-workers"]).stdout
        }
        try bench.root.write("go", "")
        let outcome = await run.wait()
        #expect(outcome.status == 0, "\(outcome.stderr)")
        #expect(listed.contains(" b.csv "), "\(listed)")
        let root = URL(fileURLWithPath: bench.root.path).standardizedFileURL.path
        #expect(outcome.stdout.contains("- JSON: \(root)/b.jsonl\n"), "\(outcome.stdout)")
        #expect(outcome.stdout.contains("- Summary: \(root)/b.csv\n"), "\(outcome.stdout)")
        for name in ["b.jsonl", "b.csv"] {
            #expect(FileManager.default.fileExists(atPath: bench.root.file(name)))
        }
        for name in ["a.jsonl", "a.csv"] {
            #expect(!FileManager.default.fileExists(atPath: bench.root.file(name)))
            #expect(!outcome.stdout.contains(name))
        }
    }

    /// A result file that is a FIFO no process reads is refused after a few seconds: prx waited in `open` for a
    /// reader, before its run began, deaf to SIGINT and SIGTERM and unknown to `--list-workers` and `-k`.
    @Test(arguments: [["--json", "results.fifo"], ["--set", "csv.path=results.fifo"]])
    func aResultFileThatIsAFIFONoOneReadsIsRefused(flags: [String]) async throws {
        let bench = try Workbench()
        defer { bench.root.remove() }
        let folder = try bench.tasks(1) { _ in "true\n" }
        let fifo = bench.root.file("results.fifo")
        #expect(mkfifo(fifo, 0o600) == 0)
        let run = try PRXProcess(
            ["-T", folder, "-C", "bash @TASK@", "-r"] + flags, home: bench.home, directory: bench.root.path)
        let outcome = await run.wait(killingAfter: 20)
        #expect(outcome.status == 2)
        #expect(outcome.stderr.contains("results.fifo: No such device or address (a FIFO no process reads)"),
                "\(outcome.stderr)")
    }

    /// SIGINT or SIGTERM while prx waits for a FIFO result file's reader ends it at once with 130 or 143, removing the
    /// files it made, as a run refused at its start does: it waited out the 5 s, deaf to the signal, then was
    /// refused with exit 2 for a FIFO no process reads. In flags mode and in a recipe.
    @Test(arguments: [(false, SIGINT), (true, SIGTERM)])
    func aSignalEndsTheWaitForAFIFOsReader(recipe: Bool, signal: Int32) async throws {
        let bench = try Workbench()
        defer { bench.root.remove() }
        #expect(mkfifo(bench.root.file("results.fifo"), 0o600) == 0)
        try bench.root.write("fifo.lua", "prx.task { \"true\" }\nprx.sink(\"json\", { path = \"results.fifo\" })\n")
        try bench.root.write("args.txt", "1\n")
        let arguments = recipe
            ? ["run", "fifo.lua", "-r"] : ["-A", "args.txt", "-C", "echo @ARG@", "-r", "--json", "results.fifo"]
        let run = try PRXProcess(arguments, home: bench.home, directory: bench.root.path)
        // The log and the CSV summary are made before the JSON file: prx waits for the FIFO's reader once they are.
        let deadline = Date().addingTimeInterval(20)
        while bench.logFiles(endingWith: "_summary.csv").isEmpty && Date() < deadline {
            try? await Task.sleep(for: .milliseconds(20))
        }
        kill(run.process.processIdentifier, signal)
        let outcome = await run.wait(killingAfter: 20)
        #expect(outcome.status == 128 + signal, "\(outcome.stderr)")
        #expect(outcome.stderr.isEmpty, "\(outcome.stderr)")
        #expect(bench.logFiles(endingWith: "").isEmpty)
        #expect(bench.journals().isEmpty)
    }

    /// A reader that opens the FIFO a moment after prx started, as one started beside it does, gets the results.
    @Test func aFIFOWhoseReaderComesAMomentLaterIsWritten() async throws {
        let bench = try Workbench()
        defer { bench.root.remove() }
        let folder = try bench.tasks(2) { _ in "true\n" }
        let fifo = bench.root.file("results.fifo")
        #expect(mkfifo(fifo, 0o600) == 0)
        let run = try PRXProcess(
            ["-T", folder, "-C", "bash @TASK@", "-r", "--json", fifo], home: bench.home, directory: bench.root.path)
        // A second later, on a thread of its own: a test that sleeps waits for a thread of the cooperative pool to go
        // on, which the suite's other tests may hold past the 5 s prx waits for a reader on a loaded machine.
        let reader = try await BlockingCall.run { () throws -> FIFOReader in
            usleep(1_000_000)
            return try FIFOReader(fifo)
        }
        let lines = await reader.lines()
        #expect(await run.wait().status == 0)
        #expect(lines.count == 3)
    }

    /// A FIFO whose reader stopped reading holds the run once it is full, but no longer makes prx deaf to SIGINT and
    /// SIGTERM: the running task is stopped, what the FIFO did not take is left out with a warning naming it, the
    /// other files are written, and prx ends as an interrupted run, where it stayed in `write(2)` for as long as
    /// the reader did not read.
    @Test(arguments: [(["--json", "results.fifo"], SIGTERM), (["--set", "csv.path=results.fifo"], SIGINT)])
    func aSignalEndsARunHeldByAFullFIFO(flags: [String], signal: Int32) async throws {
        let bench = try Workbench()
        defer { bench.root.remove() }
        let mark = "30\(Int.random(in: 10...99)).\(Int.random(in: 100_000...999_999))"
        let template = try bench.root.write("task.sh", "[ \"$1\" = long ] && exec sleep \(mark)\necho \"$1\"\n")
        // Each line's result takes more than 900 bytes in the CSV and in the JSON: 150 of them overfill the FIFO.
        let line = String(repeating: "x", count: 900)
        let lines = try bench.root.write("lines.txt", "long\n" + String(repeating: line + "\n", count: 150))
        let fifo = bench.root.file("results.fifo")
        #expect(mkfifo(fifo, 0o600) == 0)
        // The test's own read end, which never reads and tells how full the FIFO is.
        let reader = open(fifo, O_RDONLY | O_NONBLOCK)
        try #require(reader >= 0)
        defer { close(reader) }
        let run = try PRXProcess(
            ["-T", template, "-A", lines, "-C", "bash @TASK@ @ARG@", "-r", "-m", "4"] + flags,
            home: bench.home, directory: bench.root.path)
        // Full: what it holds stops growing, well past half its 64 KiB (each write starts a page of its own).
        var held: Int32 = 0
        var before: Int32 = -1
        let deadline = Date().addingTimeInterval(30)
        while (held < 32_768 || held != before) && Date() < deadline {
            before = held
            try? await Task.sleep(for: .milliseconds(500))
            _ = withUnsafeMutablePointer(to: &held) { ioctl(reader, UInt(FIONREAD), $0) }
        }
        let pid = run.process.processIdentifier
        kill(pid, signal)
        let outcome = await run.wait(killingAfter: 20)
        #expect(held >= 32_768)
        #expect(outcome.status == 128 + signal, "\(outcome.stderr)")
        let warning = "prx: warning: a sink failed: cannot write to results.fifo: Operation canceled"
        #expect(outcome.stderr.contains(warning), "\(outcome.stderr)")
        #expect(await LiveProcesses.awaitGone(mark).isEmpty)
        let log = try #require(bench.logFiles(endingWith: ".log").first)
        #expect(try String(contentsOfFile: log, encoding: .utf8).contains("Run interrupted"))
    }

    /// A FIFO whose reader goes on reading after the signal, which reached prx alone (`timeout`, `kill`), gets every
    /// line of an interrupted run, the thousands of tasks it did not start included: at the signal, a FIFO full for
    /// a moment was given up at once, and a `cat` got a few hundred of 3001 lines.
    @Test func aReaderStillReadingGetsEveryLineOfAnInterruptedRun() async throws {
        let bench = try Workbench()
        defer { bench.root.remove() }
        let mark = "30\(Int.random(in: 10...99)).\(Int.random(in: 100_000...999_999))"
        let lines = try bench.root.write("lines.txt", "\(mark)\n" + (1...3000).map { "0.\($0)\n" }.joined())
        let fifo = bench.root.file("results.fifo")
        #expect(mkfifo(fifo, 0o600) == 0)
        let copy = bench.root.file("copy.jsonl")
        let reader = try ChildProcess("/bin/sh", arguments: ["-c", "cat \"$0\" > \"$1\"", fifo, copy])
        let run = try PRXProcess(
            ["-A", lines, "-C", "sleep @ARG@", "-r", "-m", "1", "--json", fifo], home: bench.home)
        let deadline = Date().addingTimeInterval(20)
        while LiveProcesses.matching(mark).isEmpty && Date() < deadline {
            try? await Task.sleep(for: .milliseconds(50))
        }
        kill(run.process.processIdentifier, SIGTERM)
        let outcome = await run.wait()
        _ = await reader.awaitExit()
        #expect(outcome.status == 143, "\(outcome.stderr)")
        #expect(!outcome.stderr.contains("a sink failed"), "\(outcome.stderr)")
        let written = try String(contentsOfFile: copy, encoding: .utf8).split(separator: "\n")
        #expect(written.filter { $0.hasPrefix("{\"type\":\"task\"") }.count == 3001)
        #expect(written.last?.hasPrefix("{\"type\":\"summary\"") == true)
    }

    @Test func aSummaryThatCannotBeWrittenFailsTheRunAndTheResultsAreStillInTheFiles() async throws {
        let bench = try Workbench()
        defer { bench.root.remove() }
        let folder = try bench.tasks(2) { "echo task \($0)\n" }
        // Standard output on a full device: the summary report cannot be printed.
        let outcome = try await PRXProcess.run(
            ["-c", #"exec "$0" "$@" > /dev/full"#, PRXProcess.executablePath, "-T", folder, "-C", "sh @TASK@", "-r"],
            executable: "/bin/sh", home: bench.home, directory: bench.root.path)
        #expect(outcome.status == 1)
        #expect(outcome.stderr.contains(
            "prx: warning: a sink failed: cannot write the summary to standard output: No space left on device"))
        #expect(try await bench.summaryRecords().map { $0["status"] } == ["SUCCESS", "SUCCESS"])
    }

    /// A reader that goes away (`prx … | true`) costs the summary on standard output, not the run: without SIGPIPE
    /// ignored, prx died of it (exit 141) before its journal's last line, its log's last line and the removal of
    /// its registry entry.
    @Test func aReaderThatGoesAwayCostsTheSummaryNotTheRun() async throws {
        let bench = try Workbench()
        defer { bench.root.remove() }
        let folder = try bench.tasks(2) { "echo task \($0)\n" }
        let outcome = try await PRXProcess.run(
            ["-c", #""$0" "$@" | true; exit "${PIPESTATUS[0]}""#, PRXProcess.executablePath,
             "-T", folder, "-C", "sh @TASK@", "-r"],
            executable: "/bin/bash", home: bench.home, directory: bench.root.path)
        #expect(outcome.status == 1)
        #expect(outcome.stderr.contains(
            "prx: warning: a sink failed: cannot write the summary to standard output: Broken pipe"))
        #expect(try await bench.summaryRecords().map { $0["status"] } == ["SUCCESS", "SUCCESS"])
        let log = try String(contentsOfFile: try #require(bench.logFiles(endingWith: ".log").first), encoding: .utf8)
        #expect(log.contains("Execution completed: {'total': 2, 'completed': 2, 'failed': 0, 'cancelled': 0}"))
        #expect(try await bench.prx(["history"]).stdout.contains(" finished "))
        #expect(((try? FileManager.default.contentsOfDirectory(atPath: bench.home + "/run")) ?? []).isEmpty)
    }

    /// Lines coming down a pipe whose writer is silent: the results of the tasks so far are written while prx waits
    /// for the next line (they waited for it, so that the run was missing from prx status and a kill -9 lost them),
    /// and SIGTERM ends the run at once (it waited for the writer).
    @Test func aSilentPipeHoldsBackNeitherResultsNorASignal() async throws {
        let bench = try Workbench()
        defer { bench.root.remove() }
        let run = try FIFORun(in: bench) { ["-A", $0, "-C", "echo @ARG@", "-r"] }
        defer { try? run.writer.close() }
        run.writer.write(Data("1\n2\n".utf8))
        let deadline = Date().addingTimeInterval(20)
        while (try? await bench.summaryRecords().count) != 2 && Date() < deadline {
            try? await Task.sleep(for: .milliseconds(50))
        }
        #expect(try await bench.summaryRecords().map { $0["status"] } == ["SUCCESS", "SUCCESS"])
        #expect(try await bench.prx(["status"]).stdout.contains(": 2 finished, 0 running"))
        let signalled = Date()
        kill(run.process.process.processIdentifier, SIGTERM)
        let outcome = await run.wait()
        #expect(outcome.status == 143)
        #expect(Date().timeIntervalSince(signalled) < 10)
    }

    /// A line that comes down a pipe in parts is waited for whole where the results of running tasks are recorded:
    /// its first part made the source read on, so that a task ending before the rest came was not written until then.
    @Test func aLineWrittenInPartsHoldsBackNoResult() async throws {
        let bench = try Workbench()
        defer { bench.root.remove() }
        let run = try FIFORun(in: bench) { ["-A", $0, "-C", "sleep @ARG@", "-r"] }
        let writer = run.writer
        writer.write(Data("1\n".utf8))
        var deadline = Date().addingTimeInterval(20)
        while (try? await bench.prx(["status"]).stdout.contains(": 0 finished, 1 running")) != true
            && Date() < deadline {
            try? await Task.sleep(for: .milliseconds(50))
        }
        writer.write(Data("0".utf8))
        deadline = Date().addingTimeInterval(20)
        while (try? await bench.summaryRecords().count) != 1 && Date() < deadline {
            try? await Task.sleep(for: .milliseconds(50))
        }
        #expect(try await bench.summaryRecords().map { $0["status"] } == ["SUCCESS"])
        writer.write(Data(".1\n".utf8))
        try writer.close()
        let outcome = await run.wait()
        #expect(outcome.status == 0, "\(outcome.stderr)")
        #expect(try await bench.summaryRecords().map { $0["status"] } == ["SUCCESS", "SUCCESS"])
    }

    /// A file that cannot take a turn's rows whole (a full disk; here a file size limit) is cut back to its last
    /// whole row: the kernel kept the part of the write that fitted, and the next write, once there was room,
    /// went on from half a row (two rows spliced in the CSV, a journal line that is no JSON, a task run again by
    /// `--resume`).
    @Test func aWriteThatDoesNotFitLeavesWholeRows() async throws {
        let bench = try Workbench()
        defer { bench.root.remove() }
        let lines = try bench.root.write("lines.txt", (1...300).map { "\($0)\n" }.joined())
        let outcome = try await PRXProcess.run(
            ["-c", #"trap '' XFSZ; ulimit -f 8; exec "$0" "$@""#, PRXProcess.executablePath,
             "-A", lines, "-C", "true @ARG@", "-r", "-m", "1"],
            executable: "/bin/bash", home: bench.home, directory: bench.root.path)
        #expect(outcome.status == 1)
        #expect(outcome.stderr.contains("_summary.csv: File too large"), "\(outcome.stderr)")
        let rows = try await bench.summaryRows()
        #expect(rows.count > 10)
        #expect(rows.allSatisfy { $0.count == 12 }, "\(rows.filter { $0.count != 12 })")
        let journal = try #require(FileManager.default.contentsOfDirectory(atPath: bench.home + "/history").first)
        let text = try String(contentsOfFile: bench.home + "/history/" + journal, encoding: .utf8)
        #expect(text.hasSuffix("}\n"))
    }

    /// A halt is written as it happens: the log's `Auto-stop` line, the journal's `run_halted` and the tasks it
    /// cancels, while a running task finishes. They waited for that task, so that nothing showed the halt
    /// meanwhile, and a SIGINT then took the cancelled tasks for its own.
    @Test func aHaltIsWrittenAsItHappens() async throws {
        let bench = try Workbench()
        defer { bench.root.remove() }
        let lines = try bench.root.write("lines.txt", "long\n" + String(repeating: "f\n", count: 5) + "z\nz\nz\n")
        let run = try PRXProcess(
            ["-A", lines, "-C", #"sh -c 'if [ "$0" = long ]; then sleep 30; else exit 1; fi' @ARG@"#, "-r", "-m", "2",
             "--enable-stop-limits"],
            home: bench.home, directory: bench.root.path)
        let deadline = Date().addingTimeInterval(20)
        while (try? await bench.summaryRecords().count) != 8 && Date() < deadline {
            try? await Task.sleep(for: .milliseconds(50))
        }
        let rows = try await bench.summaryRecords()
        #expect(rows.map { $0["status"] }
            == Array(repeating: "FAILED", count: 5) + ["CANCELLED", "CANCELLED", "CANCELLED"])
        let log = try String(contentsOfFile: try #require(bench.logFiles(endingWith: ".log").first), encoding: .utf8)
        #expect(log.contains("ERROR - [MainThread] - Auto-stop: 5 consecutive failures (limit: 5)"), "\(log)")
        let journal = try #require(FileManager.default.contentsOfDirectory(atPath: bench.home + "/history").first)
        let journalText = try String(contentsOfFile: bench.home + "/history/" + journal, encoding: .utf8)
        #expect(journalText.contains(#""event":"run_halted""#))
        kill(run.process.processIdentifier, SIGINT)
        let outcome = await run.wait()
        #expect(outcome.status == 130)
        let cancelled = try await bench.summaryRecords().filter { $0["status"] == "CANCELLED" }
        #expect(cancelled.count == 4)
        #expect(cancelled.filter { $0["error_message"] == "run halted: 5 consecutive failures (limit: 5)" }.count == 3)
    }

    /// A halt does not wait for lines a silent pipe has not given: reporting the rest as cancelled read the pipe
    /// to its end, so that the run ended only when the writer did. With workers to spare, prx waits for the pipe's
    /// next line beside the running tasks: once they end after the halt, the run ends; it waited for the writer.
    @Test(arguments: [
        (1, "exit 1", ["FAILED", "FAILED", "CANCELLED"]),
        (4, "sleep 0.5; exit 1", ["FAILED", "FAILED", "FAILED"]),
    ])
    func aHaltDoesNotWaitForASilentPipe(workers: Int, script: String, statuses: [String]) async throws {
        let bench = try Workbench()
        defer { bench.root.remove() }
        let run = try FIFORun(in: bench) {
            ["-A", $0, "-C", "sh -c '\(script)' @ARG@", "-r", "-m", "\(workers)", "--enable-stop-limits",
             "--set", "stop-limits.max_consecutive_failures=2"]
        }
        defer { try? run.writer.close() }
        run.writer.write(Data("1\n2\n3\n".utf8))
        let outcome = await run.wait()
        #expect(outcome.status == 1, "\(outcome.stderr)")
        #expect(outcome.stdout.contains("- Halted: 2 consecutive failures"), "\(outcome.stdout)")
        #expect(try await bench.summaryRecords().map { $0["status"] } == statuses)
    }

    /// A run whose `-A` file is a FIFO no process writes yet is listed by `prx status` as it waits for a writer (it
    /// waited in `open`, before its run was registered); the writer's lines then run, and a writer that comes and
    /// goes without a line ends the run as an empty file does, exit 0 with no task.
    @Test(arguments: [["a", "b"], []])
    func aRunWaitingForAFIFOsWriterIsListed(lines: [String]) async throws {
        let bench = try Workbench()
        defer { bench.root.remove() }
        let fifo = bench.root.file("in.fifo")
        try #require(mkfifo(fifo, 0o600) == 0)
        let run = try PRXProcess(
            ["-A", fifo, "-C", "echo @ARG@", "-r", "--no-task-output-log"], home: bench.home,
            directory: bench.root.path)
        let listing = "(PID \(run.process.processIdentifier))"
        var listed = try await bench.prx(["status"])
        let deadline = Date().addingTimeInterval(15)
        while !listed.stdout.contains(listing) && Date() < deadline {
            try? await Task.sleep(for: .milliseconds(50))
            listed = try await bench.prx(["status"])
        }
        #expect(listed.stdout.contains(listing), "\(listed.stdout)")
        let writeDeadline = Date().addingTimeInterval(15)
        while !bench.write(lines.map { $0 + "\n" }.joined(), toFIFO: fifo) && Date() < writeDeadline {
            try? await Task.sleep(for: .milliseconds(50))
        }
        let outcome = await run.wait(killingAfter: 20)
        #expect(outcome.status == 0, "\(outcome.stderr)")
        #expect(try await bench.summaryRecords().compactMap { $0["command"] }.sorted() == lines.map { "echo \($0)" })
    }

    /// A halt or a signal does not read on a pipe whose writer never stops (`yes | prx -A /dev/stdin …`): reporting
    /// the rest as cancelled read the pipe as long as it had data, so that prx never ended and wrote CANCELLED rows
    /// by the hundred thousand a second. Only the lines already read (at most the stream's 64 KiB) are cancelled.
    @Test(arguments: [
        (SIGTERM, "sh -c 'sleep 30' @ARG@", Int32(143), "Interrupted: yes"),
        (0, "false @ARG@", Int32(1), "- Halted: 5 consecutive failures"),
    ])
    func aPipeThatNeverRunsDryEndsAtAHaltOrASignal(
        signal: Int32, command: String, status: Int32, report: String
    ) async throws {
        let bench = try Workbench()
        defer { bench.root.remove() }
        let fifo = bench.root.file("in.fifo")
        guard mkfifo(fifo, 0o600) == 0 else { throw CocoaError(.fileWriteUnknown) }
        let writer = try ChildProcess("/bin/sh", arguments: ["-c", #"exec yes > "$0""#, fifo])
        defer { kill(writer.processIdentifier, SIGTERM) }
        let run = try PRXProcess(
            ["-A", fifo, "-C", command, "-r", "-m", "2", "--enable-stop-limits", "--no-task-output-log"],
            home: bench.home, directory: bench.root.path)
        if signal != 0 {
            let deadline = Date().addingTimeInterval(60)
            while (try? await bench.prx(["status"]).stdout.contains(": 0 finished, 2 running")) != true
                && Date() < deadline {
                try? await Task.sleep(for: .milliseconds(50))
            }
            kill(run.process.processIdentifier, signal)
        }
        // A prx that never ends is killed, having written far more than the 16 MiB of summary checked below. A debug
        // build writes some 32,000 CANCELLED rows here, 0.4 s of CPU on a quiet machine, and on a loaded one took
        // 11.5 s to end, and more than 40 s beside a build and three other suites' loops (8 of 20 runs killed).
        let outcome = await run.wait(killingAfter: 120)
        #expect(outcome.status == status, "\(outcome.stderr)")
        #expect(outcome.stdout.contains(report), "\(outcome.stdout)")
        let summary = try #require(bench.logFiles(endingWith: "_summary.csv").first)
        let size = try #require(FileManager.default.attributesOfItem(atPath: summary)[.size] as? Int)
        try #require(size < 16 << 20, "a summary of \(size) bytes")
        let rows = try await bench.summaryRecords()
        #expect(rows.count <= 64 * 1024 / 2)
        let started = rows.filter { $0["start_time"] != "" }
        #expect(signal == 0 ? started.count >= 5 : started.count == 2)
        #expect(rows.filter { $0["start_time"] == "" }.allSatisfy { $0["status"] == "CANCELLED" })
    }

    /// A reader that goes away after the report's first line (`prx … | head -1`, the README's example) fails the
    /// write of the run line that ends it: exit status 1 with the warning, as for any lost summary (it was exit 1
    /// without a word). Whether head is gone by then is a race, so either outcome may come, but never the silent one.
    @Test func aReaderGoneAfterTheFirstLineIsWarnedOf() async throws {
        let bench = try Workbench()
        defer { bench.root.remove() }
        let folder = try bench.tasks(1) { _ in "true\n" }
        for _ in 0..<3 {
            let outcome = try await PRXProcess.run(
                ["-c", #""$0" "$@" | head -1 >/dev/null; exit "${PIPESTATUS[0]}""#, PRXProcess.executablePath,
                 "-T", folder, "-C", "sh @TASK@", "-r"],
                executable: "/bin/bash", home: bench.home, directory: bench.root.path)
            let warned = outcome.stderr
                == "prx: warning: a sink failed: cannot write the summary to standard output: Broken pipe\n"
            #expect(outcome.status == 0 && outcome.stderr.isEmpty || outcome.status == 1 && warned,
                    "exit \(outcome.status): \(outcome.stderr)")
        }
    }

    /// A standard error that cannot be written costs its lines, not the exit status or the files: writing a
    /// warning or an error there trapped (exit 132), before the log had the warning and the journal its end.
    @Test func aStandardErrorThatCannotBeWrittenCostsOnlyItsLines() async throws {
        let bench = try Workbench()
        defer { bench.root.remove() }
        let folder = try bench.tasks(1) { _ in "true\n" }
        func prx(_ arguments: [String], closing redirection: String) async throws -> PRXProcess.Outcome {
            try await PRXProcess.run(
                ["-c", #"exec "$0" "$@" "# + redirection, PRXProcess.executablePath] + arguments,
                executable: "/bin/sh", home: bench.home, directory: bench.root.path)
        }
        #expect(try await prx(["-T", folder, "-C", "sh @TASK@", "-r", "-m", "500"], closing: "2>&-").status == 2)
        try bench.root.write("home/cfg/prx.yaml", "limits:\n  max_workers: 1000\n")
        let run = try await prx(["-T", folder, "-C", "sh @TASK@", "-r"], closing: "2>/dev/full")
        #expect(run.status == 0)
        let log = try String(contentsOfFile: try #require(bench.logFiles(endingWith: ".log").first), encoding: .utf8)
        #expect(log.contains("WARNING - [MainThread] - \(bench.home)/cfg/prx.yaml:2: limits.max_workers 1000"))
        #expect(log.contains("Execution completed: {'total': 1, 'completed': 1, 'failed': 0, 'cancelled': 0}"))
    }

    /// A dry run whose standard output cannot be written says so and fails, where it trapped; a standard output
    /// closed when prx started is said so, as every loss of what prx writes there is
    /// (``aClosedStandardOutputIsSaidSoWhateverWasLost()``).
    @Test(arguments: [("> /dev/full", "No space left on device"), (">&-", "it was closed when prx started")])
    func aDryRunThatCannotBeWrittenFails(redirection: String, reason: String) async throws {
        let bench = try Workbench()
        defer { bench.root.remove() }
        let folder = try bench.tasks(2) { _ in "true\n" }
        let outcome = try await PRXProcess.run(
            ["-c", #"exec "$0" "$@" "# + redirection, PRXProcess.executablePath, "-T", folder, "-C", "sh @TASK@"],
            executable: "/bin/sh", home: bench.home, directory: bench.root.path)
        #expect(outcome.status == 1)
        #expect(outcome.stderr == "prx: error: cannot write the dry run to standard output: \(reason)\n")
    }

    /// A command whose printed output cannot be written fails, saying why: `prx history` and `prx plugins` lost
    /// their output without a word and exited 0.
    @Test(arguments: [
        (["history"], "> /dev/full", "No space left on device"), (["plugins"], ">&-", "it was closed when prx started"),
        (["--help"], "> /dev/full", "No space left on device"),
    ])
    func aCommandWhoseOutputCannotBeWrittenFails(
        arguments: [String], redirection: String, reason: String
    ) async throws {
        let bench = try Workbench()
        defer { bench.root.remove() }
        let outcome = try await PRXProcess.run(
            ["-c", #"exec "$0" "$@" "# + redirection, PRXProcess.executablePath] + arguments,
            executable: "/bin/sh", home: bench.home, directory: bench.root.path)
        #expect(outcome.status == 1)
        #expect(outcome.stderr == "prx: error: cannot write what prx printed to standard output: \(reason)\n")
    }

    /// A standard output closed when prx started (`>&-`) was said two ways: `Bad file descriptor` by the summary, the
    /// dry run and the command's check at its end, `it was closed when prx started` by a recipe's print (and `Bad
    /// file descriptor (closed when prx started)` by its io.write). Every loss of what prx writes there now says it
    /// the one way, naming what was lost.
    @Test func aClosedStandardOutputIsSaidSoWhateverWasLost() async throws {
        let bench = try Workbench()
        defer { bench.root.remove() }
        let folder = try bench.tasks(1) { _ in "true\n" }
        try bench.root.write("recipe.lua", "print(\"hello\")\nprx.task { \"true\", name = \"a\" }\n")
        let closed = "to standard output: it was closed when prx started"
        for (arguments, lines) in [
            (["-T", folder, "-C", "sh @TASK@", "-r"], [
                "prx: warning: a sink failed: cannot write the summary \(closed)",
            ]),
            (["-T", folder, "-C", "sh @TASK@"], ["prx: error: cannot write the dry run \(closed)"]),
            (["run", "recipe.lua", "-r"], [
                "prx: warning: a sink failed: cannot write what Lua code printed \(closed)",
                "prx: warning: a sink failed: cannot write the summary \(closed)",
            ]),
        ] {
            let outcome = try await PRXProcess.run(
                ["-c", #"exec "$0" "$@" >&-"#, PRXProcess.executablePath] + arguments,
                executable: "/bin/sh", home: bench.home, directory: bench.root.path)
            #expect(outcome.status == 1, "\(arguments): \(outcome.stderr)")
            #expect(outcome.stderr.split(separator: "\n").map(String.init) == lines, "\(arguments)")
        }
    }

    /// The sink's failure is warned of once on standard error and once in the main log, which has it before the
    /// report is printed (``SignalWatchdogTests/aRunHeldByItsReportAfterASinkFailedSaysWhatWasLost()``).
    @Test func aResultFileThatCannotBeWrittenFailsARunOfSuccessfulTasks() async throws {
        let bench = try Workbench()
        defer { bench.root.remove() }
        let folder = try bench.tasks(2) { "echo task \($0)\n" }
        let outcome = try await bench.prx(["-T", folder, "-C", "sh @TASK@", "-r", "--json", "/dev/full"])
        #expect(outcome.status == 1)
        let failure = "a sink failed: cannot write to /dev/full: No space left on device\n"
        #expect(outcome.stderr.components(separatedBy: "prx: warning: \(failure)").count == 2, "\(outcome.stderr)")
        #expect(outcome.stdout.contains("Output Error: cannot write to /dev/full"))
        #expect(try await bench.summaryRecords().count == 2)
        let log = try String(contentsOfFile: try #require(bench.logFiles(endingWith: ".log").first), encoding: .utf8)
        #expect(log.components(separatedBy: " - WARNING - [MainThread] - \(failure)").count == 2, "\(log)")
    }

    /// A line that is not UTF-8 would have run with U+FFFD in place of its bytes, naming a file that is not
    /// there: it is its task's ERROR, and the other lines run.
    /// A NUL in an arguments line (that task's ERROR) is written in the CSV as U+FFFD: written raw, Python's csv
    /// module before 3.11 refused the whole file ("line contains NUL"). The main log, whose `Task failed:` line held
    /// the NUL raw, writes it `\x00`, as every control character in its lines.
    @Test func aNULInAnArgumentsLineLeavesTheCSVAndTheLogReadable() async throws {
        let bench = try Workbench()
        defer { bench.root.remove() }
        let arguments = bench.root.file("args.txt")
        let bytes = Array("one\n".utf8) + Array("a".utf8) + [0] + Array("b\n".utf8)
        #expect(FileManager.default.createFile(atPath: arguments, contents: Data(bytes)))
        let outcome = try await bench.prx(["-A", arguments, "-C", "echo @ARG@", "-r"])
        #expect(outcome.status == 1)
        let records = try await bench.summaryRecords()
        #expect(records.compactMap { $0["status"] }.sorted() == ["ERROR", "SUCCESS"])
        #expect(records.first { $0["status"] == "ERROR" }?["task_file"] == "a\u{FFFD}b")
        let log = try Data(contentsOf: URL(fileURLWithPath: try #require(bench.logFiles(endingWith: ".log").first)))
        #expect(!log.contains(0))
        #expect(String(decoding: log, as: UTF8.self).contains(
            #"Task failed: a\x00b - argument 2 contains a NUL byte, which no program can be given"# + "\n"))
    }

    @Test func anArgumentsLineThatIsNotUTF8IsItsTasksErrorAndTheOthersRun() async throws {
        let bench = try Workbench()
        defer { bench.root.remove() }
        let arguments = bench.root.file("files.txt")
        let bytes = Array("one\n".utf8) + Array("caf".utf8) + [0xE9] + Array(".txt\nthree\n".utf8)
        #expect(FileManager.default.createFile(atPath: arguments, contents: Data(bytes)))
        let outcome = try await bench.prx(["-A", arguments, "-C", "touch \(bench.root.path)/ran-@ARG@", "-r"])
        #expect(outcome.status == 1)
        let records = try await bench.summaryRecords()
        #expect(records.compactMap { $0["status"] }.sorted() == ["ERROR", "SUCCESS", "SUCCESS"])
        #expect(records.first { $0["status"] == "ERROR" }?["error_message"]
            == "\(arguments):2: the line is not UTF-8, and prx gives tasks their arguments as UTF-8 text")
        let made = try FileManager.default.contentsOfDirectory(atPath: bench.root.path).filter { $0.hasPrefix("ran-") }
        #expect(made.sorted() == ["ran-one", "ran-three"])
    }
}
