import Foundation
import PRXPlugins
import PRXTesting
import Testing

@Suite(.runsProcesses) struct HistoryTests {
    @Test func aRunIsJournaledAndListed() async throws {
        let bench = try Workbench()
        defer { bench.root.remove() }
        let folder = try bench.tasks(3) { $0 == 2 ? "exit 4\n" : "true\n" }
        _ = try await bench.prx(["-T", folder, "-C", "bash @TASK@", "-r"])
        let journal = try #require(bench.journals().first)
        let events = try String(contentsOfFile: journal, encoding: .utf8).split(separator: "\n").map {
            try JSONSerialization.jsonObject(with: Data($0.utf8)) as! [String: Any]
        }
        #expect(events.first?["event"] as? String == "run_started")
        #expect(events.last?["event"] as? String == "run_finished")
        #expect(events.filter { $0["event"] as? String == "task_finished" }.count == 3)
        let runID = URL(fileURLWithPath: journal).deletingPathExtension().lastPathComponent

        let list = try await bench.prx(["history"])
        #expect(list.status == 0)
        #expect(list.stdout.contains(runID))
        #expect(list.stdout.contains("finished"))
        let tasks = try await bench.prx(["history", runID, "--json"])
        let object = try JSONSerialization.jsonObject(with: Data(tasks.stdout.utf8)) as? [String: Any]
        let statuses = (object?["tasks"] as? [[String: Any]])?.compactMap { $0["status"] as? String }.sorted()
        #expect(statuses == ["FAILED", "SUCCESS", "SUCCESS"])
        let missing = try await bench.prx(["history", "20000101-000000-1"])
        #expect(missing.status == 2)
        #expect(missing.stderr.contains("no run 20000101-000000-1"))
    }

    /// A task a signal ended shows the signal in the history, as the summary CSV does (`-9`): both views said it
    /// had no exit code and nothing more, though the journal has the signal.
    /// A run being resumed cannot be resumed again at the same time: both resumes ran every task it had left.
    @Test func aRunIsResumedByOnePRXAtATime() async throws {
        let bench = try Workbench()
        defer { bench.root.remove() }
        try bench.root.write("a.txt", "1\n")
        let command = "sh -c 'test -e \(bench.root.file("go")) && sleep 3 || exit 1' @ARG@"
        #expect(try await bench.prx(["-A", "a.txt", "-C", command, "-r"]).status == 1)
        let run = try #require(bench.runIDs().first)
        try bench.root.write("go", "")
        let first = try PRXProcess(["--resume-failed", run], home: bench.home, directory: bench.root.path)
        let deadline = Date().addingTimeInterval(20)
        while bench.runIDs().count < 2 && Date() < deadline { try? await Task.sleep(for: .milliseconds(20)) }
        let second = try await bench.prx(["--resume-failed", run])
        #expect(second.status == 2)
        #expect(second.stderr == "prx: error: run \(run) is being resumed by another prx; wait for that run to end "
            + "(prx status)\n")
        #expect(await first.wait().status == 0)
        #expect(bench.runIDs().count == 2)
        // Once that resume is over, its run carries the chain on: resuming the first again would run again what
        // the second did.
        let resumer = try #require(bench.runIDs().last)
        let again = try await bench.prx(["--resume-failed", run])
        #expect(again.status == 2)
        #expect(again.stderr == "prx: error: run \(run) was resumed by run \(resumer); resume that one "
            + "(prx --resume-failed \(resumer))\n")
    }

    /// `--clear` with a run is refused: it cleared every run, the named one and all others.
    @Test func clearingTakesNoRun() async throws {
        let bench = try Workbench()
        defer { bench.root.remove() }
        let folder = try bench.tasks(1) { _ in "true\n" }
        _ = try await bench.prx(["-T", folder, "-C", "bash @TASK@", "-r"])
        let run = try #require(bench.runIDs().first)
        let outcome = try await bench.prx(["history", run, "--clear", "--yes"])
        #expect(outcome.status == 2)
        #expect(outcome.stderr.hasPrefix("prx: error: --clear clears the whole history and takes no run (got \(run))"))
        #expect(bench.runIDs() == [run])
    }

    /// `--json` with `--clear` is refused, as `--clear` with a run is: `--clear` says what it cleared in a sentence,
    /// and `--json` was taken and ignored without a word, the history cleared all the same.
    @Test func clearingTakesNoJSON() async throws {
        let bench = try Workbench()
        defer { bench.root.remove() }
        let folder = try bench.tasks(1) { _ in "true\n" }
        _ = try await bench.prx(["-T", folder, "-C", "bash @TASK@", "-r"])
        let run = try #require(bench.runIDs().first)
        let outcome = try await bench.prx(["history", "--clear", "--json", "--yes"])
        #expect(outcome.status == 2)
        #expect(outcome.stderr == "prx: error: --json is not taken with --clear, which lists no runs "
            + "(see 'prx history --help')\n")
        #expect(outcome.stdout.isEmpty, "\(outcome.stdout)")
        #expect(bench.runIDs() == [run])
    }

    /// `--clear` of an empty history says there is nothing to clear, and asks nothing: it asked to "Delete all 0
    /// runs". `--yes` without `--clear` is refused, naming it: it was taken without a word, and did nothing.
    @Test func clearingAnEmptyHistoryAsksNothing() async throws {
        let bench = try Workbench()
        defer { bench.root.remove() }
        let empty = try await PRXProcess(["history", "--clear"], home: bench.home).wait(killingAfter: 20)
        #expect(empty.status == 0, "\(empty.stderr)")
        #expect(empty.stdout == "The history in \(bench.home)/history is empty: there is nothing to clear.\n")
        let yes = try await bench.prx(["history", "--yes"])
        #expect(yes.status == 2)
        let refusal = "prx: error: --yes is only taken with --clear, which it answers (see 'prx history --help')\n"
        #expect(yes.stderr == refusal)
    }

    /// A relative PRX_HOME is the one prx was started in, after `--resume` has moved to the resumed run's directory
    /// too: the resumed run's journal and logs went under that directory, where `prx history` did not find them.
    @Test func aRelativeHomeStaysWhereItWasGiven() async throws {
        let bench = try Workbench()
        defer { bench.root.remove() }
        try bench.root.write("work/a.txt", "0\n1\n")
        let first = try await PRXProcess.run(
            ["-A", "a.txt", "-C", "sh -c 'exit @ARG@'", "-r"], home: bench.home,
            environment: ["PRX_HOME": "../home"], directory: bench.root.file("work"))
        #expect(first.status == 1)
        let run = try #require(bench.runIDs().first)
        let resumed = try await PRXProcess.run(
            ["--resume-failed", run], home: bench.home, environment: ["PRX_HOME": "home"], directory: bench.root.path)
        #expect(resumed.stdout.contains("- Log Dir: \(bench.home)/logs\n"), "\(resumed.stdout)")
        #expect(bench.runIDs().count == 2)
        #expect(!FileManager.default.fileExists(atPath: bench.root.file("work/home")))
    }

    @Test func aTaskEndedByASignalShowsItInTheHistory() async throws {
        let bench = try Workbench()
        defer { bench.root.remove() }
        let folder = try bench.tasks(1) { _ in "kill -9 $$\n" }
        _ = try await bench.prx(["-T", folder, "-C", "bash @TASK@", "-r"])
        let runID = try #require(bench.runIDs().first)
        #expect(try await bench.summaryRecords().first?["exit_code"] == "-9")
        let table = try await bench.prx(["history", runID])
        #expect(table.stdout.split(separator: "\n").last?.contains("FAILED  -9") == true, "\(table.stdout)")
        let json = try await bench.prx(["history", runID, "--json"])
        let object = try JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as? [String: Any]
        let task = try #require((object?["tasks"] as? [[String: Any]])?.first)
        #expect(task["signal"] as? Int == 9)
        #expect(task["exit_code"] is NSNull)
    }

    /// A task file whose name holds a line break is one row of `prx history RUN`, the break written `\n`: the name
    /// was printed raw, so that its second line read as a row of its own, a task that never was.
    @Test func aNameWithALineBreakIsOneRowOfTheHistory() async throws {
        let bench = try Workbench()
        defer { bench.root.remove() }
        let fake = "2        FAILED   1     0.01s     1         evil"
        try bench.root.write("tasks/x\n\(fake)\r", "")
        try bench.root.write("tasks/b", "")
        _ = try await bench.prx(["-T", bench.root.file("tasks"), "-C", "true @TASK@", "-r"])
        let runID = try #require(bench.runIDs().first)
        let table = try await bench.prx(["history", runID])
        #expect(table.status == 0)
        let lines = table.stdout.split(separator: "\n", omittingEmptySubsequences: false)
        let rows = lines.drop { !$0.hasPrefix("ID ") }.dropFirst().filter { !$0.isEmpty }
        #expect(rows.count == 2, "\(table.stdout)")
        #expect(rows.allSatisfy { $0.contains("SUCCESS") }, "\(table.stdout)")
        #expect(rows.last?.hasSuffix("/tasks/x\\n\(fake)\\r") == true, "\(table.stdout)")
        #expect(!table.stdout.contains("\r"))
    }

    /// A task stopped at its time limit has no exit code in the history, as in the summary CSV: the table said
    /// `-15`, the signal prx stopped it with.
    @Test func aTimedOutTaskHasNoExitCodeInTheHistory() async throws {
        let bench = try Workbench()
        defer { bench.root.remove() }
        let folder = try bench.tasks(1) { _ in "sleep 5\n" }
        _ = try await bench.prx(["-T", folder, "-C", "bash @TASK@", "-r", "-t", "1"])
        let runID = try #require(bench.runIDs().first)
        let table = try await bench.prx(["history", runID])
        #expect(table.stdout.split(separator: "\n").last?.contains("TIMEOUT  -  ") == true, "\(table.stdout)")
    }

    /// A journal line too long to read (over 256 MiB, longer than prx writes) is left out, not the rest of the
    /// journal: reading stopped there, so that the run showed as killed with the tasks after it missing, and
    /// `--resume` ran them again.
    @Test func aLineTooLongToReadIsLeftOutNotTheRest() async throws {
        let bench = try Workbench()
        defer { bench.root.remove() }
        let folder = try bench.tasks(2) { _ in "true\n" }
        _ = try await bench.prx(["-T", folder, "-C", "bash @TASK@", "-r"])
        let journal = try #require(bench.journals().first)
        // Written a mebibyte at a time: the test process's own peak memory is what tasks' peaks are judged against.
        let lines = try String(contentsOfFile: journal, encoding: .utf8).split(separator: "\n")
        let handle = try #require(FileHandle(forWritingAtPath: journal))
        handle.write(Data((lines[0] + "\n" + #"{"event":"note","text":""#).utf8))
        let chunk = Data(repeating: UInt8(ascii: "x"), count: 1 << 20)
        for _ in 0..<257 { handle.write(chunk) }
        handle.write(Data((#""}"# + "\n" + lines.dropFirst().joined(separator: "\n") + "\n").utf8))
        try handle.close()
        let runID = URL(fileURLWithPath: journal).deletingPathExtension().lastPathComponent
        let shown = try await bench.prx(["history", runID])
        #expect(shown.status == 0, "\(shown.stderr)")
        #expect(shown.stdout.contains("task1.sh") && shown.stdout.contains("task2.sh"), "\(shown.stdout)")
        #expect(!shown.stdout.contains("killed"), "\(shown.stdout)")
        let resumed = try await bench.prx(["--resume", runID])
        #expect(resumed.stdout.contains("Total Tasks: 0"), "\(resumed.stdout)")
    }

    /// A task whose arguments line fills megabytes (under the 16 MiB an arguments line may have) is read back from
    /// the journal: its line, which holds that text twice, was over the 16 MiB the reader took and was left out, so
    /// that the task showed as running and `--resume` ran it again.
    @Test func aTaskOfAnArgumentsLineOfMegabytesIsReadBack() async throws {
        let bench = try Workbench()
        defer { bench.root.remove() }
        let line = String(repeating: "L", count: 9_000_000)
        let arguments = try bench.root.write("arguments.txt", line + "\n")
        let ran = bench.root.file("ran")
        let outcome = try await bench.prx(["-A", arguments, "-C", "sh -c 'echo run >> \(ran)'", "-r"])
        #expect(outcome.status == 0, "\(outcome.stderr)")
        let journal = try #require(bench.journals().first)
        let runID = URL(fileURLWithPath: journal).deletingPathExtension().lastPathComponent
        let shown = try await bench.prx(["history", runID])
        #expect(shown.stdout.contains("SUCCESS") && !shown.stdout.contains("RUNNING"))
        let resumed = try await bench.prx(["--resume", runID])
        #expect(resumed.stdout.contains("Total Tasks: 0"), "\(resumed.stdout)")
        #expect(try String(contentsOfFile: ran, encoding: .utf8) == "run\n")
    }

    @Test func aTornLastLineIsIgnored() async throws {
        let bench = try Workbench()
        defer { bench.root.remove() }
        let folder = try bench.tasks(2) { _ in "true\n" }
        _ = try await bench.prx(["-T", folder, "-C", "bash @TASK@", "-r"])
        let journal = try #require(bench.journals().first)
        let handle = try #require(FileHandle(forWritingAtPath: journal))
        handle.seekToEndOfFile()
        handle.write(Data("{\"event\":\"task_fini".utf8))
        try handle.close()
        let listing = try await bench.prx(["history"])
        #expect(listing.status == 0)
        #expect(listing.stdout.contains("finished"))
    }

    @Test func aKilledRunResumesWithNothingLostAndNothingTwice() async throws {
        let bench = try Workbench()
        defer { bench.root.remove() }
        // A second a task: the run is killed between its 4th and 12th row, 4 s, however slowly each look at the
        // summary (python3) goes while the suite's in-process tests start.
        let folder = try bench.tasks(12) { _ in "sleep 1\n" }
        let first = try PRXProcess(
            ["-T", folder, "-C", "bash @TASK@", "-r", "-m", "2"], home: bench.home, directory: bench.root.path)
        let deadline = Date().addingTimeInterval(20)
        while (try await bench.summaryRecords().count) < 4 && Date() < deadline {
            try? await Task.sleep(for: .milliseconds(20))
        }
        kill(first.process.processIdentifier, SIGKILL)
        _ = await first.wait()
        let runID = try #require(bench.runIDs().first)
        let firstRows = try await bench.summaryRecords().map { $0["task_file"]! }
        #expect(firstRows.count >= 4 && firstRows.count < 12)

        let resumed = try await PRXProcess.run(["--resume", runID], home: bench.home, directory: "/")
        #expect(resumed.status == 0, "\(resumed.stderr)")
        let csvs = bench.logFiles(endingWith: "_summary.csv")
        #expect(csvs.count == 2)
        var union: [String] = []
        for csv in csvs {
            let lines = try String(contentsOfFile: csv, encoding: .utf8).split(separator: "\n").dropFirst()
            union += lines.map { String($0.split(separator: ";", omittingEmptySubsequences: false)[5]) }
        }
        #expect(union.count == 12)
        #expect(Set(union).count == 12)
    }

    @Test func resumeFailedRunsOnlyWhatFailed() async throws {
        let bench = try Workbench()
        defer { bench.root.remove() }
        let folder = try bench.tasks(4) { $0 % 2 == 0 ? "exit 1\n" : "true\n" }
        let first = try await bench.prx(["-T", folder, "-C", "bash @TASK@", "-r"])
        #expect(first.status == 1)
        let runID = try #require(bench.runIDs().first)
        let before = Set(bench.logFiles(endingWith: "_summary.csv"))
        let again = try await bench.prx(["--resume-failed", runID])
        #expect(again.status == 1)
        let newest = try #require(Set(bench.logFiles(endingWith: "_summary.csv")).subtracting(before).first)
        let rows = try String(contentsOfFile: newest, encoding: .utf8).split(separator: "\n").dropFirst()
        #expect(rows.count == 2)
        #expect(rows.allSatisfy { $0.contains("task2.sh") || $0.contains("task4.sh") })
    }

    /// Identical lines are one key: the history still lists each, and a resumption takes them in order, the first
    /// line for the earlier run's first, so that a failure among them is not lost. The first of the two lines below
    /// fails (it makes the lock), the second succeeds (it finds it); the resumption, without the lock, runs the
    /// first only.
    @Test(arguments: ["--resume-failed", "--resume"])
    func identicalLinesAreResumedOneByOne(flag: String) async throws {
        let bench = try Workbench()
        defer { bench.root.remove() }
        let lock = bench.root.file("lock")
        let line = "mkdir \(lock) 2>/dev/null && exit 1 || true"
        let arguments = try bench.root.write("lines.txt", "\(line)\n\(line)\ntrue\n")
        let first = try await bench.prx(["-A", arguments, "-C", "sh -c @ARG@", "-m", "1", "-r"])
        #expect(first.status == 1, "\(first.stderr)")
        let journal = try #require(bench.journals().first)
        let runID = URL(fileURLWithPath: journal).deletingPathExtension().lastPathComponent
        let listed = try await bench.prx(["history", runID, "--json"])
        let object = try JSONSerialization.jsonObject(with: Data(listed.stdout.utf8)) as? [String: Any]
        let statuses = (object?["tasks"] as? [[String: Any]])?.compactMap { $0["status"] as? String }
        #expect(statuses == ["FAILED", "SUCCESS", "SUCCESS"])

        try FileManager.default.removeItem(atPath: lock)
        let before = Set(bench.logFiles(endingWith: "_summary.csv"))
        let again = try await bench.prx([flag, runID])
        #expect(again.status == 1, "\(again.stderr)")
        let newest = try #require(Set(bench.logFiles(endingWith: "_summary.csv")).subtracting(before).first)
        let rows = try String(contentsOfFile: newest, encoding: .utf8).split(separator: "\n").dropFirst()
        #expect(rows.count == 1)
        #expect(rows.first?.contains(";FAILED;") == true)
    }

    @Test func keepRunsPrunesTheOldestJournals() async throws {
        let bench = try Workbench()
        defer { bench.root.remove() }
        try bench.root.write("home/cfg/prx.yaml", "history:\n  keep_runs: 2\n")
        for old in ["20000101-000000-1", "20000102-000000-1"] {
            try bench.root.write("home/history/\(old).jsonl", "")
        }
        let folder = try bench.tasks(1) { _ in "true\n" }
        let outcome = try await bench.prx(["-T", folder, "-C", "bash @TASK@", "-r"])
        #expect(outcome.status == 0, "\(outcome.stderr)")
        let kept = bench.journals().map { URL(fileURLWithPath: $0).lastPathComponent }
        #expect(kept.count == 2)
        #expect(kept.first == "20000102-000000-1.jsonl")
    }

    /// Runs are in the order they started, as their journals record it, not in their ids' order as text: the id of a
    /// run started before prx named runs in UTC names its local start, which east of UTC sorts after the ids of the
    /// runs started since, so that `keep_runs` deleted a run just finished and kept older ones, and `prx history`
    /// listed the new runs first.
    @Test func runsOfLocalTimeIdsAreOrderedByTheirStart() async throws {
        let bench = try Workbench()
        defer { bench.root.remove() }
        let folder = try bench.tasks(1) { _ in "true\n" }
        let (templateID, lines) = try await journalOfARun(bench, folder: folder)
        let text = lines.joined(separator: "\n") + "\n"
        let templateStart = try time(of: try #require(lines.first))
        try FileManager.default.removeItem(atPath: bench.home + "/history/\(templateID).jsonl")
        // Two runs of before the change, started two hours and one hour ago in Tokyo (nine hours ahead of UTC), their
        // ids naming Tokyo's time.
        let tokyo = try #require(TimeZone(secondsFromGMT: 9 * 3600))
        let processID = try #require(templateID.split(separator: "-").last)
        let old = try [2.0, 1.0].map { hoursAgo in
            let start = Date().addingTimeInterval(-hoursAgo * 3600)
            let runID = formatted(start, "yyyyMMdd-HHmmss", in: tokyo) + "-\(processID)"
            let time = formatted(start, "yyyy-MM-dd'T'HH:mm:ss.SSSSSS", in: tokyo) + "+09:00"
            try bench.root.write("home/history/\(runID).jsonl", text
                .replacingOccurrences(of: templateID, with: runID)
                .replacingOccurrences(of: templateStart, with: time))
            return runID
        }
        try bench.root.write("home/cfg/prx.yaml", "history:\n  keep_runs: 3\n")
        /// The runs `prx history` lists, in its order.
        func listed() async throws -> [String] {
            try await bench.prx(["history"]).stdout.split(separator: "\n").dropFirst()
                .map { String($0.prefix { $0 != " " }) }
        }

        #expect(try await bench.prx(["-T", folder, "-C", "bash @TASK@", "-r"]).status == 0)
        let first = try #require(Set(bench.runIDs()).subtracting(old).first)
        #expect(try await listed() == old + [first])
        #expect(try await bench.prx(["-T", folder, "-C", "bash @TASK@", "-r"]).status == 0)
        let second = try #require(Set(bench.runIDs()).subtracting(old + [first]).first)
        #expect(try await listed() == [old[1], first, second])
    }

    /// `prx history` shows each run's start in the local time of its own time zone (`TZ`), with the offset from UTC:
    /// it showed the local time of the time zone the run had, without an offset, so that runs of other time zones,
    /// or an hour apart across a change of the clocks, could not be told apart or ordered.
    @Test func theListShowsEachStartInLocalTimeWithItsOffset() async throws {
        let bench = try Workbench()
        defer { bench.root.remove() }
        let folder = try bench.tasks(1) { _ in "true\n" }
        let (realID, lines) = try await journalOfARun(bench, folder: folder, environment: ["TZ": "UTC0"])
        let (started, finished) = (try #require(lines.first), try #require(lines.last))
        // Runs of other time zones, at 12:00 UTC in summer and in winter: in Tokyo, and in New York.
        let planted = [
            ("20260701-120000-1", "2026-07-01T21:00:00.250000+09:00", "2026-07-01T21:00:01.750000+09:00"),
            ("20260115-120000-2", "2026-01-15T07:00:00.000000-05:00", "2026-01-15T07:00:02.000000-05:00"),
        ]
        for (runID, start, end) in planted {
            let journal = [
                started.replacingOccurrences(of: realID, with: runID)
                    .replacingOccurrences(of: try time(of: started), with: start),
                finished.replacingOccurrences(of: try time(of: finished), with: end),
            ]
            try bench.root.write("home/history/\(runID).jsonl", journal.joined(separator: "\n") + "\n")
        }
        // Time zones as POSIX writes them, which need no time zone database: Tokyo's, UTC and Berlin's, whose clocks
        // change. For each, the starts of the runs planted, then the pattern of the real run's.
        let any = #"\d{4}-\d\d-\d\d \d\d:\d\d:\d\d "#
        let expected = [
            "JST-9": ["2026-01-15 21:00:00 +0900", "2026-07-01 21:00:00 +0900", any + #"\+0900"#],
            "UTC0": ["2026-01-15 12:00:00 +0000", "2026-07-01 12:00:00 +0000", any + #"\+0000"#],
            "CET-1CEST,M3.5.0,M10.5.0/3": [
                "2026-01-15 13:00:00 +0100", "2026-07-01 14:00:00 +0200", any + #"\+0[12]00"#,
            ],
        ]
        let width = realID.count
        for (zone, starts) in expected {
            let listing = try await bench.prx(["history"], environment: ["TZ": zone])
            #expect(listing.status == 0, "\(listing.stderr)")
            let rows = listing.stdout.split(separator: "\n").map(String.init)
            try #require(rows.count == 4, "\(listing.stdout)")
            /// The row of run `runID`.
            func row(_ runID: String) throws -> String { try #require(rows.first { $0.hasPrefix(runID + " ") }) }
            // Every row's start in one column, and the durations under their heading.
            let header = "RUN" + String(repeating: " ", count: width - 1) + "START" + String(repeating: " ", count: 22)
            #expect(rows[0].hasPrefix(header + "DURATION"), "\(listing.stdout)")
            let padding = String(repeating: " ", count: width - 15)
            #expect(try row("20260115-120000-2").hasPrefix("20260115-120000-2" + padding + starts[0] + "  2.00s "),
                "\(zone): \(listing.stdout)")
            #expect(try row("20260701-120000-1").hasPrefix("20260701-120000-1" + padding + starts[1] + "  1.50s "),
                "\(zone): \(listing.stdout)")
            let realRow = try Regex("^\(realID)  \(starts[2])  \\d")
            #expect(try row(realID).contains(realRow), "\(zone): \(listing.stdout)")
            // One run's tasks say its start the same way.
            let shown = try await bench.prx(["history", "20260701-120000-1"], environment: ["TZ": zone])
            let heading = "Run 20260701-120000-1: finished, started \(starts[1]), in "
            #expect(shown.stdout.hasPrefix(heading), "\(zone): \(shown.stdout)")
        }
    }

    /// Runs prx on the tasks in `folder` with `environment` added to its own and returns the run's id and the lines
    /// of its journal: a real journal, for a test to copy.
    private func journalOfARun(
        _ bench: Workbench, folder: String, environment: [String: String] = [:]
    ) async throws -> (runID: String, lines: [String]) {
        let outcome = try await bench.prx(["-T", folder, "-C", "bash @TASK@", "-r"], environment: environment)
        try #require(outcome.status == 0, "\(outcome.stderr)")
        let journal = try #require(bench.journals().last)
        let runID = URL(fileURLWithPath: journal).deletingPathExtension().lastPathComponent
        return (runID, try String(contentsOfFile: journal, encoding: .utf8).split(separator: "\n").map(String.init))
    }

    /// The member `time` of the journal line `line`.
    private func time(of line: String) throws -> String {
        let object = try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any]
        return try #require(object?["time"] as? String)
    }

    /// `date` as `format` writes it in `zone`.
    private func formatted(_ date: Date, _ format: String, in zone: TimeZone) -> String {
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = zone
        formatter.dateFormat = format
        return formatter.string(from: date)
    }

    /// A resumed run is kept with the run that resumes it, however few runs are kept: the history was pruned before
    /// the resuming run's journal existed, so that with a full history (or `keep_runs: 1`) the run being resumed was
    /// deleted, and a second `--resume` (of the resuming run, killed) ran again what it had done.
    @Test func theRunBeingResumedIsKeptWithIt() async throws {
        let bench = try Workbench()
        defer { bench.root.remove() }
        try bench.root.write("home/cfg/prx.yaml", "history:\n  keep_runs: 1\n")
        let folder = try bench.tasks(2) { index in index == 1 ? "true\n" : "false\n" }
        #expect(try await bench.prx(["-T", folder, "-C", "bash @TASK@", "-r"]).status == 1)
        let first = try #require(bench.runIDs().first)
        let resumed = try await bench.prx(["--resume", first])
        #expect(resumed.status == 1, "\(resumed.stderr)")
        #expect(bench.runIDs().count == 2)
        #expect(bench.runIDs().contains(first))
    }

    /// A run's id names its start in UTC, whatever the time zone it ran in: in local time, runs of different time
    /// zones (or either side of a change of the clocks) sorted out of order, and `keep_runs` deleted newer ones.
    @Test func aRunsIdNamesItsStartInUTC() async throws {
        let bench = try Workbench()
        defer { bench.root.remove() }
        let folder = try bench.tasks(1) { _ in "true\n" }
        let before = Date()
        let outcome = try await bench.prx(["-T", folder, "-C", "bash @TASK@", "-r"], environment: ["TZ": "Asia/Tokyo"])
        #expect(outcome.status == 0, "\(outcome.stderr)")
        let runID = try #require(bench.runIDs().first)
        let format = DateFormatter()
        format.locale = Locale(identifier: "en_US_POSIX")
        format.timeZone = TimeZone(identifier: "UTC")
        format.dateFormat = "yyyyMMdd-HHmmss"
        let started = try #require(format.date(from: String(runID.prefix(15))))
        #expect(abs(started.timeIntervalSince(before)) < 30, "\(runID)")
    }

    @Test func clearWantsYesWithoutATerminalThenEmptiesTheHistory() async throws {
        let bench = try Workbench()
        defer { bench.root.remove() }
        let folder = try bench.tasks(1) { _ in "true\n" }
        _ = try await bench.prx(["-T", folder, "-C", "bash @TASK@", "-r"])
        #expect(bench.journals().count == 1)
        let refused = try await bench.prx(["history", "--clear"])
        #expect(refused.status == 2)
        #expect(refused.stderr.hasPrefix("prx: error: ") && refused.stderr.contains("--yes"))
        #expect(bench.journals().count == 1)
        let cleared = try await bench.prx(["history", "--clear", "--yes"])
        #expect(cleared.status == 0, "\(cleared.stderr)")
        #expect(cleared.stdout.contains("Cleared 1 run"))
        #expect(bench.journals().isEmpty)
        #expect(try await bench.prx(["history"]).stdout.contains("No runs"))
    }

    /// A `no` to `--clear`'s question clears nothing and is no failure, as a `no` to `-k`'s is not: it exited 1
    /// (`prx: error: history not cleared`) where `-k` exited 0.
    @Test func declinedClearingExitsZeroAsDeclinedKillingDoes() async throws {
        let bench = try Workbench()
        defer { bench.root.remove() }
        let folder = try bench.tasks(1) { _ in "true\n" }
        _ = try await bench.prx(["-T", folder, "-C", "bash @TASK@", "-r"])
        let declined = try await PRXProcess.run(
            ["-c", #"echo no | "$0" history --clear"#, PRXProcess.executablePath], executable: "/bin/sh",
            home: bench.home)
        #expect(declined.status == 0, "\(declined.stderr)")
        #expect(declined.stdout.hasSuffix("Type 'yes' to confirm: Cancelled: the history was not cleared.\n"),
                "\(declined.stdout)")
        #expect(declined.stderr.isEmpty)
        #expect(bench.journals().count == 1)

        let sleeper = try PRXProcess(["-T", folder, "-C", "sleep 30", "-r"], home: bench.home)
        try await sleeper.whileRunning {
            let deadline = Date().addingTimeInterval(20)
            while !(try await bench.prx(["--list-workers"])).stdout.hasPrefix("Found 1 ") && Date() < deadline {
                try? await Task.sleep(for: .milliseconds(50))
            }
            let notKilling = try await PRXProcess.run(
                ["-c", #"echo no | "$0" -k"#, PRXProcess.executablePath], executable: "/bin/sh", home: bench.home)
            #expect(notKilling.stdout.hasSuffix("Cancelled: no process was killed.\n"), "\(notKilling.stdout)")
            #expect(notKilling.status == declined.status)
        }
    }

    /// The journal of a run still going is neither pruned nor cleared: its prx goes on writing it, and `prx status`
    /// and `--resume` read it. With `keep_runs: 1`, a second run removed it as it started.
    @Test func theJournalOfARunStillGoingIsKept() async throws {
        let bench = try Workbench()
        defer { bench.root.remove() }
        try bench.root.write("home/cfg/prx.yaml", "history:\n  keep_runs: 1\n")
        let marker = bench.root.file("started")
        let slow = try bench.tasks(1, in: "slow") { _ in "touch \(marker); sleep 30\n" }
        let going = try PRXProcess(
            ["-T", slow, "-C", "bash @TASK@", "-r"], home: bench.home, directory: bench.root.path)
        try await going.whileRunning {
            let deadline = Date().addingTimeInterval(20)
            while !FileManager.default.fileExists(atPath: marker) && Date() < deadline {
                try? await Task.sleep(for: .milliseconds(20))
            }
            let goingID = try #require(bench.runIDs().first)

            // Resuming it now would run its running task a second time, at once.
            let resumed = try await bench.prx(["--resume", goingID])
            #expect(resumed.status == 2)
            #expect(resumed.stderr.contains("run \(goingID) is still going"), "\(resumed.stderr)")

            let quick = try bench.tasks(1, in: "quick") { _ in "true\n" }
            #expect(try await bench.prx(["-T", quick, "-C", "bash @TASK@", "-r"]).status == 0)
            #expect(bench.journals().count == 2)
            let cleared = try await bench.prx(["history", "--clear", "--yes"])
            #expect(
                cleared.stdout.contains("Cleared 1 run from") && cleared.stdout.contains("(kept 1 run still going)"))
            #expect(bench.runIDs() == [goingID])
            #expect(try await bench.prx(["status"]).stdout.contains(goingID))
        }
    }

    /// A journal's draft (`ID.jsonl.new`, written with the `run_started` line and then renamed into place) that a prx
    /// killed in between left is removed as a run starts and by `prx history --clear`, once its prx is gone; a draft
    /// whose prx lives is left for it to rename. Such drafts stayed in the history forever, never listed or pruned.
    @Test func theDraftsOfJournalsWhoseProcessIsGoneAreRemoved() async throws {
        let bench = try Workbench()
        defer { bench.root.remove() }
        let folder = try bench.tasks(1) { _ in "true\n" }
        let started = try #require(try await journalOfARun(bench, folder: folder).lines.first)
        let ended = try ChildProcess("/bin/true")
        _ = await ended.awaitExit()
        let living = try ChildProcess("/bin/sleep", arguments: ["60"])
        defer { kill(living.processIdentifier, SIGKILL) }
        let (dead, live) = (ended.processIdentifier, living.processIdentifier)
        let liveStart = try #require(ProcessStart.ticks(of: live))
        let process = try Regex(#""pid":\d+,"pid_start":\d+"#)
        let history = bench.home + "/history/"
        /// Writes the drafts of PID `pid`'s runs: one holding its `run_started` line, one not written yet.
        func draft(_ pid: Int32, start: UInt64) throws -> [String] {
            let whole = history + "20261204-010000-\(pid).jsonl.new"
            let line = started.replacing(process, with: #""pid":\#(pid),"pid_start":\#(start)"#)
            try Data((line + "\n").utf8).write(to: URL(fileURLWithPath: whole))
            let empty = history + "20261204-010001-\(pid).jsonl.new"
            try Data().write(to: URL(fileURLWithPath: empty))
            return [whole, empty]
        }
        /// Which of `paths` are there.
        func existing(_ paths: [String]) -> [String] { paths.filter { FileManager.default.fileExists(atPath: $0) } }
        let liveDrafts = try draft(live, start: liveStart)
        let deadDrafts = try draft(dead, start: 1)
        #expect(try await bench.prx(["-T", folder, "-C", "bash @TASK@", "-r"]).status == 0)
        #expect(existing(deadDrafts) == [])
        #expect(existing(liveDrafts) == liveDrafts)
        #expect(bench.journals().count == 2)

        _ = try draft(dead, start: 1)
        let cleared = try await bench.prx(["history", "--clear", "--yes"])
        #expect(cleared.stdout.hasPrefix("Cleared 2 runs from"), "\(cleared.stdout)")
        #expect(existing(deadDrafts) == [])
        #expect(existing(liveDrafts) == liveDrafts)
        kill(live, SIGKILL)
        _ = await living.awaitExit()
        #expect(try await bench.prx(["history", "--clear", "--yes"]).status == 0)
        #expect(existing(liveDrafts) == [])
    }

    @Test func theJournalRecordsTheEffectiveConfiguration() async throws {
        let bench = try Workbench()
        defer { bench.root.remove() }
        try bench.root.write("home/cfg/prx.yaml", "limits:\n  max_output_capture: 77\n")
        let folder = try bench.tasks(1) { _ in "true\n" }
        _ = try await bench.prx(["-T", folder, "-C", "bash @TASK@", "-r", "-m", "3"])
        let journal = try #require(bench.journals().first)
        let first = try #require(try String(contentsOfFile: journal, encoding: .utf8).split(separator: "\n").first)
        let started = try #require(try JSONSerialization.jsonObject(with: Data(first.utf8)) as? [String: Any])
        let configuration = try #require(started["configuration"] as? [String])
        let entries = [
            "limits.max_output_capture=77", "limits.max_workers=3", "security.max_argument_length=1000", "workers=3",
        ]
        for entry in entries {
            #expect(configuration.contains(entry), "\(configuration)")
        }
    }

    @Test func aResumedRunAddsToTheFilesTheUserNamed() async throws {
        let bench = try Workbench()
        defer { bench.root.remove() }
        let folder = try bench.tasks(4) { $0 % 2 == 0 ? "exit 1\n" : "true\n" }
        let json = bench.root.file("run.jsonl")
        let csv = bench.root.file("run.csv")
        let first = try await bench.prx(
            ["-T", folder, "-C", "bash @TASK@", "-r", "--json", json, "--set", "csv.path=\(csv)"])
        #expect(first.status == 1, "\(first.stderr)")
        let journal = try #require(bench.journals().first)
        let runID = URL(fileURLWithPath: journal).deletingPathExtension().lastPathComponent
        _ = try await bench.prx(["--resume-failed", runID])
        let objects = try String(contentsOfFile: json, encoding: .utf8).split(separator: "\n").map {
            try JSONSerialization.jsonObject(with: Data($0.utf8)) as! [String: Any]
        }
        #expect(objects.filter { $0["type"] as? String == "task" }.count == 6)
        #expect(objects.filter { $0["type"] as? String == "summary" }.count == 2)
        let lines = try String(contentsOfFile: csv, encoding: .utf8).split(separator: "\n")
        #expect(lines.count == 7)
        #expect(lines.filter { $0.hasPrefix("start_time;") }.count == 1)
    }
}
