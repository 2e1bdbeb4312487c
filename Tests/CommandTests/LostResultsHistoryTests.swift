import Foundation
import PRXTesting
import Testing

/// A run whose results could not all be written (a sink failed: a full disk, a closed standard output) is recorded
/// in its journal and shown by `prx history` as such: a daemon's log was the only other place that could say so, and
/// when the log itself failed, `prx history` showed a clean finish.
@Suite(.runsProcesses) struct LostResultsHistoryTests {
    /// The `run_finished` line of the bench's only journal, once its run has ended (20 s at most).
    private func endLine(in bench: Workbench) async throws -> [String: Any] {
        let deadline = Date().addingTimeInterval(20)
        while Date() < deadline {
            if let journal = bench.journals().first,
                let last = try String(contentsOfFile: journal, encoding: .utf8).split(separator: "\n").last,
                let object = try JSONSerialization.jsonObject(with: Data(last.utf8)) as? [String: Any],
                object["event"] as? String == "run_finished"
            {
                return object
            }
            try await Task.sleep(for: .milliseconds(50))
        }
        Issue.record("the run did not end")
        return [:]
    }

    /// Every `run_finished` line of the bench's only journal, in order.
    private func endLines(in bench: Workbench) throws -> [[String: Any]] {
        let journal = try #require(bench.journals().first)
        return try String(contentsOfFile: journal, encoding: .utf8).split(separator: "\n").compactMap { line in
            let object = try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any]
            return object?["event"] as? String == "run_finished" ? object : nil
        }
    }

    /// A daemon whose log cannot be written (its standard error is /dev/null, and its warnings go to that log)
    /// records the failure in its journal, which `prx history` and `prx history RUN` show.
    @Test func aDaemonWhoseLogFailsIsListedWithItsResultsLost() async throws {
        let bench = try Workbench()
        defer { bench.root.remove() }
        let folder = try bench.tasks(3) { _ in "true\n" }
        let started = try await bench.prx(["-T", folder, "-C", "sh @TASK@", "-r", "-D", "--set", "log.path=/dev/full"])
        #expect(started.status == 0, "\(started.stderr)")
        let failure = "cannot write to /dev/full: No space left on device"
        #expect(try await endLine(in: bench)["sink_errors"] as? [String] == [failure])
        let run = try #require(bench.runIDs().first)

        let list = try await bench.prx(["history"])
        let row = try #require(list.stdout.split(separator: "\n").last)
        #expect(row.contains(" finished (results lost) "), "\(list.stdout)")
        let tasks = try await bench.prx(["history", run])
        #expect(tasks.stdout.hasPrefix("Run \(run): finished (results lost), started "), "\(tasks.stdout)")
        #expect(tasks.stdout.contains("\nResults lost: \(failure)\n"), "\(tasks.stdout)")
        let listed = try await bench.prx(["history", "--json"])
        let runs = try JSONSerialization.jsonObject(with: Data(listed.stdout.utf8)) as? [[String: Any]]
        #expect(runs?.first?["sink_errors"] as? [String] == [failure])
        #expect(runs?.first?["state"] as? String == "finished")
        let tasksJSON = try await bench.prx(["history", run, "--json"])
        let object = try JSONSerialization.jsonObject(with: Data(tasksJSON.stdout.utf8)) as? [String: Any]
        #expect(object?["sink_errors"] as? [String] == [failure])
        #expect((object?["tasks"] as? [Any])?.count == 3)

        // The journal of a prx from before the record reads as it did: finished.
        let journal = try #require(bench.journals().first)
        let text = try String(contentsOfFile: journal, encoding: .utf8)
        try text.replacingOccurrences(of: #","sink_errors":["\#(failure)"]"#, with: "")
            .write(toFile: journal, atomically: true, encoding: .utf8)
        let older = try await bench.prx(["history"])
        #expect(older.stdout.contains(" finished  "), "\(older.stdout)")
        #expect(!older.stdout.contains("results lost"), "\(older.stdout)")
    }

    /// The summary report that cannot be written to standard output fails the run (exit 1), and the journal, told
    /// of the run's end after the report, records it; a run that wrote everything is recorded without a failure.
    @Test func aReportThatCannotBeWrittenIsRecordedAsTheExitStatusSays() async throws {
        let bench = try Workbench()
        defer { bench.root.remove() }
        let folder = try bench.tasks(2) { _ in "true\n" }
        let cut = try await PRXProcess.run(
            ["-c", #"exec "$0" "$@" > /dev/full"#, PRXProcess.executablePath, "-T", folder, "-C", "sh @TASK@", "-r"],
            executable: "/bin/sh", home: bench.home, directory: bench.root.path)
        #expect(cut.status == 1)
        let failure = "cannot write the summary to standard output: No space left on device"
        #expect(try await endLine(in: bench)["sink_errors"] as? [String] == [failure])
        // Written before the report, the end line is restated after it with its failure.
        let ends = try endLines(in: bench)
        #expect(ends.map { $0["sink_errors"] as? [String] } == [[], [failure]])
        #expect(ends.map { $0["restated"] as? Bool } == [nil, true])
        let run = try #require(bench.runIDs().first)
        #expect(try await bench.prx(["history", run]).stdout.contains("\nResults lost: \(failure)\n"))

        try FileManager.default.removeItem(atPath: bench.home + "/history")
        #expect(try await bench.prx(["-T", folder, "-C", "sh @TASK@", "-r"]).status == 0)
        #expect(try await endLine(in: bench)["sink_errors"] as? [String] == [])
        #expect(try endLines(in: bench).count == 1)
        let list = try await bench.prx(["history"])
        #expect(!list.stdout.contains("results lost"), "\(list.stdout)")
    }

    /// Whether a mount namespace can be made here, for ``prxWithItsHistoryOnASmallDisk(_:in:)`` (not as a user).
    private static func canMountASmallDisk() async -> Bool {
        (try? await PRXProcess.run(["-m", "true"], executable: "/usr/bin/unshare", home: "/nonexistent").status) == 0
    }

    /// Runs prx with `arguments` in `bench`, its history on a file system of 512 KiB mounted in a mount namespace of
    /// its own, which takes the file system with it: the journals are copied out first, into the returned `kept`
    /// home's history, and each one's size and blocks (`stat -c '%s %b'`) printed last on standard output.
    private func prxWithItsHistoryOnASmallDisk(
        _ arguments: [String], in bench: Workbench
    ) async throws -> (outcome: PRXProcess.Outcome, kept: String) {
        let kept = bench.root.file("kept")
        for directory in [bench.home + "/history", kept + "/history"] {
            try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        }
        let mountAndRun = """
            mount -t tmpfs -o size=512k tmpfs "$PRX_HOME/history" || exit 99
            "$@"; status=$?
            for journal in "$PRX_HOME"/history/*.jsonl; do stat -c '%s %b' "$journal"; cp "$journal" kept/history/; done
            exit $status
            """
        let outcome = try await PRXProcess.run(
            ["-m", "sh", "-c", mountAndRun, "sh", PRXProcess.executablePath] + arguments,
            executable: "/usr/bin/unshare", home: bench.home, directory: bench.root.path)
        return (outcome, kept)
    }

    /// A journal that the disk has no room for as the run goes (a history on a small file system, filled by a task)
    /// still gets its end line, written into the room it keeps past its end, saying that it lacks tasks and why: the
    /// run showed as killed, though prx had ended it, warned and exited 1. Run in a mount namespace of its own, which
    /// takes the file system with it (the journal is copied out first); skipped where one cannot be made (not root).
    @Test(.enabled("no mount namespace to mount a small file system in") { await Self.canMountASmallDisk() })
    func aJournalOnAFullDiskStillEndsSayingWhatItLacks() async throws {
        let bench = try Workbench()
        defer { bench.root.remove() }
        let output = String(repeating: "x", count: 1000)
        let folder = try bench.tasks(151) { index in
            index == 1 ? #"cat /dev/zero > "$PRX_HOME/history/filler" 2>/dev/null; true"# + "\n" : "echo \(output)\n"
        }
        let (outcome, kept) = try await prxWithItsHistoryOnASmallDisk(
            ["-T", folder, "-C", "sh @TASK@", "-r", "-m", "1"], in: bench)
        let journal = try #require(try FileManager.default.contentsOfDirectory(atPath: kept + "/history").first)
        let failure = "cannot write to \(bench.home)/history/\(journal): No space left on device"
        #expect(outcome.status == 1, "\(outcome.stderr)")
        #expect(outcome.stderr == "prx: warning: a sink failed: \(failure)\n")

        let lines = try String(contentsOfFile: kept + "/history/" + journal, encoding: .utf8).split(separator: "\n")
        let objects = try lines.map { try JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: Any] }
        let end = try #require(objects.last ?? nil)
        #expect(end["event"] as? String == "run_finished", "\(end)")
        #expect(end["incomplete"] as? Bool == true && end["total"] as? Int == 151, "\(end)")
        #expect(end["sink_errors"] as? [String] == [failure])
        #expect(objects.filter { $0?["event"] as? String == "task_finished" }.count < 150)
        // The room kept is given back: the journal takes the disk space of its size (in pages of 4 KiB).
        let sizes = outcome.stdout.split(separator: "\n").last?.split(separator: " ").compactMap { Int($0) } ?? []
        #expect(sizes.count == 2 && sizes[1] * 512 < sizes[0] + 8192, "\(outcome.stdout)")

        let list = try await PRXProcess.run(["history"], home: kept)
        #expect(list.stdout.contains(" incomplete (results lost)  prx -T "), "\(list.stdout)")
        let tasks = try await PRXProcess.run(["history", String(journal.dropLast(6))], home: kept)
        #expect(tasks.stdout.contains("\nResults lost: \(failure)\n"), "\(tasks.stdout)")
    }

    /// A write larger than the disk has left past the room kept (a task's line holding a long arguments line)
    /// failed after the room was kept for it, and cutting the file back to its last whole line gave that room back
    /// to the disk: a task that filled the disk afterwards took it, and the end line found none (the run showed as
    /// killed, when the end line did not fit in the last page). The room is now asked for with the write's own bytes,
    /// so that such a write is dropped beforehand, and the room stays the journal's.
    @Test(.enabled("no mount namespace to mount a small file system in") { await Self.canMountASmallDisk() })
    func aWriteTooLargeForTheDiskLeavesTheRoomKeptForTheEnd() async throws {
        let bench = try Workbench()
        defer { bench.root.remove() }
        let filler = #""$PRX_HOME/history/filler""#
        let leaveRoom = try bench.root.write(
            "leave-room.sh", "cat /dev/zero > \(filler) 2>/dev/null; truncate -s -200K \(filler)\n")
        // What the journal has on the disk once the large write was given up, before the disk is filled again.
        let reserve = bench.root.file("reserve")
        let fill = try bench.root.write(
            "fill.sh",
            "stat -c '%s %b' \"$PRX_HOME\"/history/*.jsonl > \(reserve)\n"
                + "cat /dev/zero > \(filler)-2 2>/dev/null; true\n")
        try bench.root.write("args.txt", "\(leaveRoom)\n\(String(repeating: "x", count: 300_000))\n\(fill)\n")
        let (outcome, kept) = try await prxWithItsHistoryOnASmallDisk(
            ["-A", "args.txt", "-C", "sh @ARG@", "-r", "-m", "1"], in: bench)
        #expect(outcome.status == 1, "\(outcome.stderr)")
        // The room kept past its end (64 KiB at least, in blocks of 512 bytes) is still the journal's.
        let sizes = try String(contentsOfFile: reserve, encoding: .utf8).split(whereSeparator: \.isWhitespace)
            .compactMap { Int($0) }
        #expect(sizes.count == 2 && sizes[1] * 512 >= sizes[0] + 65536, "\(sizes)")
        let journal = try #require(try FileManager.default.contentsOfDirectory(atPath: kept + "/history").first)
        let lines = try String(contentsOfFile: kept + "/history/" + journal, encoding: .utf8).split(separator: "\n")
        let last = try #require(lines.last)
        let end = try #require(try JSONSerialization.jsonObject(with: Data(last.utf8)) as? [String: Any])
        #expect(end["event"] as? String == "run_finished", "\(end)")
        #expect(end["incomplete"] as? Bool == true && end["total"] as? Int == 3, "\(end)")
        let list = try await PRXProcess.run(["history"], home: kept)
        #expect(list.stdout.contains(" incomplete (results lost)  prx -A "), "\(list.stdout)")
    }

    /// A run a signal interrupted while its journal lacked lines (a full disk had cost them) is told as both: it
    /// showed as `incomplete (results lost)` alone, in the table, `prx history RUN` and `--json`, though its end line
    /// says `"interrupted": true`. The first task fills the disk, the lines of the next 149 take the room the journal
    /// was given past the room it keeps (128 KiB in all) and more, and the last (`task99.sh`: the files run in the
    /// order of their names) sends prx, its parent, SIGINT and waits to be stopped; or it ends, leaving a process that
    /// ignores SIGTERM and sends the signal as prx gives it its grace: an interruption once every task had ended,
    /// `interrupted after tasks`.
    @Test(
        .enabled("no mount namespace to mount a small file system in") { await Self.canMountASmallDisk() },
        arguments: [false, true])
    func aRunInterruptedWhileItsJournalLackedLinesIsShownAsBoth(afterTasks: Bool) async throws {
        let bench = try Workbench()
        defer { bench.root.remove() }
        let mark = "30\(Int.random(in: 10...99)).\(Int.random(in: 100_000...999_999))"
        let ready = bench.root.file("ready")
        let leftBehind = #"prx=$PPID; setsid sh -c "trap '' TERM; touch "# + ready
            + #"; sleep 1; kill -INT $prx; exec sleep "# + mark + #"" </dev/null >/dev/null 2>&1 &"# + "\n"
            + "while [ ! -e \(ready) ]; do sleep 0.01; done\n"
        let folder = try bench.tasks(151) { index in
            switch index {
            case 1: #"cat /dev/zero > "$PRX_HOME/history/filler" 2>/dev/null; true"# + "\n"
            case 99: afterTasks ? leftBehind : "kill -INT $PPID; sleep 30\n"
            default: "true\n"
            }
        }
        let (outcome, kept) = try await prxWithItsHistoryOnASmallDisk(
            ["-T", folder, "-C", "sh @TASK@", "-r", "-m", "1", "--set", "local.termination_grace=5"], in: bench)
        #expect(await LiveProcesses.awaitGone(mark, seconds: 1).isEmpty)
        #expect(outcome.status == 128 + SIGINT, "\(outcome.stderr)")
        let journal = try #require(try FileManager.default.contentsOfDirectory(atPath: kept + "/history").first)
        let run = String(journal.dropLast(6))
        let last = try #require(
            try String(contentsOfFile: kept + "/history/" + journal, encoding: .utf8).split(separator: "\n").last)
        let end = try #require(try JSONSerialization.jsonObject(with: Data(last.utf8)) as? [String: Any])
        #expect(end["incomplete"] as? Bool == true && end["interrupted"] as? Bool == true, "\(end)")

        let shown = "incomplete (interrupted\(afterTasks ? " after tasks" : ""), results lost)"
        let list = try await PRXProcess.run(["history"], home: kept)
        #expect(list.stdout.contains(" \(shown)  prx -T "), "\(list.stdout)")
        let tasks = try await PRXProcess.run(["history", run], home: kept)
        #expect(tasks.stdout.hasPrefix("Run \(run): \(shown), started "), "\(tasks.stdout)")
        let listed = try await PRXProcess.run(["history", "--json"], home: kept)
        let alone = try await PRXProcess.run(["history", run, "--json"], home: kept)
        let objects = [
            (try JSONSerialization.jsonObject(with: Data(listed.stdout.utf8)) as? [[String: Any]])?.first,
            try JSONSerialization.jsonObject(with: Data(alone.stdout.utf8)) as? [String: Any],
        ]
        for object in objects {
            #expect(object?["state"] as? String == "incomplete", "\(String(describing: object))")
            #expect(object?["interrupted"] as? Bool == true, "\(String(describing: object))")
            #expect(object?["interrupted_after_tasks"] as? Bool == afterTasks, "\(String(describing: object))")
        }
    }

    /// The listing of a run whose journal dropped lines on a full disk counts its tasks as `prx history RUN` shows
    /// them: a `run_progress` line written once the disk had room again counted the results whose lines had been
    /// dropped, so that the listing gave more tasks, and more that succeeded or failed, than the run's own table,
    /// where the task whose end was dropped is `LOST` and the tasks with no line at all are not.
    @Test(.enabled("no mount namespace to mount a small file system in") { await Self.canMountASmallDisk() })
    func aRunWhoseJournalDroppedLinesIsListedAsItsTasksShowIt() async throws {
        let bench = try Workbench()
        defer { bench.root.remove() }
        let filler = #""$PRX_HOME/history/filler""#
        let fill = try bench.root.write("fill.sh", "cat /dev/zero > \(filler) 2>/dev/null; true\n")
        let free = try bench.root.write("free.sh", "rm -f \(filler); sleep 1.2\n")
        // Lines of 30 KB (a task's label, refused as too long an argument), which the room kept cannot all take.
        let long = (1...6).map { _ in "\(fill) \(String(repeating: "x", count: 30_000))" }
        try bench.root.write("args.txt", ([fill] + long + [free, fill]).joined(separator: "\n") + "\n")
        let (outcome, kept) = try await prxWithItsHistoryOnASmallDisk(
            ["-A", "args.txt", "-C", "sh @ARG@", "-r", "-m", "1"], in: bench)
        #expect(outcome.status == 1, "\(outcome.stderr)")
        let journal = try #require(try FileManager.default.contentsOfDirectory(atPath: kept + "/history").first)
        let text = try String(contentsOfFile: kept + "/history/" + journal, encoding: .utf8)
        #expect(text.contains(#""event":"run_progress""#), "no progress line after the disk had room again")

        let listed = try await PRXProcess.run(["history", "--json"], home: kept)
        let run = try #require((try JSONSerialization.jsonObject(with: Data(listed.stdout.utf8)) as? [[String: Any]])?
            .first)
        let shown = try await PRXProcess.run(["history", String(journal.dropLast(6)), "--json"], home: kept)
        let tasks = try #require(
            (try JSONSerialization.jsonObject(with: Data(shown.stdout.utf8)) as? [String: Any])?["tasks"]
                as? [[String: Any]])
        let statuses = tasks.compactMap { $0["status"] as? String }
        #expect(statuses.contains("LOST"), "\(statuses)")
        #expect(run["state"] as? String == "incomplete")
        #expect(run["tasks"] as? Int == tasks.count, "\(run) \(statuses)")
        #expect(run["succeeded"] as? Int == statuses.filter { $0 == "SUCCESS" }.count, "\(run) \(statuses)")
        let failures: Set = ["FAILED", "TIMEOUT", "ERROR"]
        #expect(run["failed"] as? Int == statuses.filter(failures.contains).count, "\(run) \(statuses)")
        // The table's TASKS, OK and FAILED columns, after the run's id, its start (three words) and its duration.
        let table = try await PRXProcess.run(["history"], home: kept)
        let row = try #require(table.stdout.split(separator: "\n").last).split(separator: " ")
        #expect(row.count > 7 && row[5...7].map { Int($0) } == [run["tasks"], run["succeeded"], run["failed"]]
            .map { $0 as? Int }, "\(table.stdout)")
    }

    /// The journal's end line is written before the summary report, which waits for as long as prx lives on a
    /// standard output no one reads (here a pipe filled before prx starts): told after the report, the journal had
    /// no end line while prx waited, nor once prx was killed there, and the run showed as killed though every result
    /// was written.
    @Test func aReportThatWaitsForItsReaderDoesNotHoldTheJournalsEnd() async throws {
        let bench = try Workbench()
        defer { bench.root.remove() }
        let folder = try bench.tasks(2) { _ in "true\n" }
        let fillThenRun = #"dd if=/dev/zero of=/dev/stdout bs=4096 oflag=nonblock 2>/dev/null; exec "$0" "$@""#
        let run = try PRXProcess(
            ["-c", fillThenRun, PRXProcess.executablePath, "-T", folder, "-C", "sh @TASK@", "-r"],
            executable: "/bin/sh", home: bench.home, directory: bench.root.path)
        let end = try await endLine(in: bench)
        #expect(end["total"] as? Int == 2 && end["succeeded"] as? Int == 2, "\(end)")
        #expect(end["sink_errors"] as? [String] == [])
        let waiting = try await bench.prx(["history"])
        #expect(waiting.stdout.contains(" finished  prx -T "), "\(waiting.stdout)")
        #expect(kill(run.process.processIdentifier, 0) == 0, "prx did not wait for the report's reader")

        kill(run.process.processIdentifier, SIGKILL)
        _ = await run.wait()
        let killed = try await bench.prx(["history"])
        #expect(killed.stdout.contains(" finished  prx -T "), "\(killed.stdout)")
        #expect(try endLines(in: bench).count == 1)
    }
}
