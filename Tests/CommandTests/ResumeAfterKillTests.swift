import Foundation
import PRXTesting
import Testing

/// `--resume` and `--resume-failed` of runs whose prx was killed with `SIGKILL`: real runs, killed, then taken up.
///
/// Each task appends its argument to `runs.log`; arguments 1 and 2 end at once, the others sleep 30 s while the file
/// `slow` exists, so that a run can be killed with two tasks done and two running.
@Suite(.runsProcesses) struct ResumeAfterKillTests {
    /// The command of the tasks, which run in the workspace; with `ignoringTERM`, they ignore `SIGTERM`.
    private static func command(in bench: Workbench, ignoringTERM: Bool = false) -> String {
        let log = bench.root.file("runs.log"), slow = bench.root.file("slow")
        let trap = ignoringTERM ? "trap \"\" TERM; " : ""
        return "sh -c '\(trap)echo @ARG@ >> \(log); [ @ARG@ -le 2 ] || [ ! -e \(slow) ] || sleep 30'"
    }

    /// Starts a run of `count` tasks on two workers, with `settings` (`--set`), and kills it once tasks 1 and 2 are
    /// done and 3 and 4 running; returns its id. With `ignoringTERM`, the tasks ignore `SIGTERM`.
    private static func killedRun(
        of count: Int, in bench: Workbench, settings: [String] = [], ignoringTERM: Bool = false
    ) async throws -> String {
        _ = try bench.root.write("slow", "")
        let arguments = try bench.root.write("arguments.txt", (1...count).map { "\($0)\n" }.joined())
        let run = try PRXProcess(
            ["-A", arguments, "-C", command(in: bench, ignoringTERM: ignoringTERM), "-r", "-m", "2"]
                + settings.flatMap { ["--set", $0] },
            home: bench.home, directory: bench.root.path)
        _ = await bench.lines(of: "runs.log", atLeast: 4)
        // Tasks 3 and 4 may write their lines before the journal has the ends of 1 and 2 (the scheduler starts the
        // next task before it flushes the sinks): those are waited for too, or a loaded machine runs 1 again.
        await awaitFinishedTasks(2, in: bench)
        kill(run.process.processIdentifier, SIGKILL)
        _ = await run.wait()
        return try #require(bench.runIDs().last)
    }

    /// Runs `--resume-failed runID`, expecting it to succeed, and returns the lines of `runs.log` once it has at least
    /// `count` (or 20 s have passed).
    private static func linesAfterResumingFailed(
        _ runID: String, in bench: Workbench, atLeast count: Int
    ) async throws -> [Substring] {
        let again = try await PRXProcess(["--resume-failed", runID], home: bench.home, directory: "/")
            .wait(killingAfter: 60)
        #expect(again.status == 0, "\(again.stderr)")
        return await bench.lines(of: "runs.log", atLeast: count)
    }

    /// Waits until the bench's journals have `count` `task_finished` lines, or 20 s have passed.
    private static func awaitFinishedTasks(_ count: Int, in bench: Workbench) async {
        let deadline = Date().addingTimeInterval(20)
        while Date() < deadline {
            let finished = bench.journals().compactMap { try? String(contentsOfFile: $0, encoding: .utf8) }
                .joined().components(separatedBy: "\"event\":\"task_finished\"").count - 1
            if finished >= count { return }
            try? await Task.sleep(for: .milliseconds(20))
        }
    }

    /// The orphan guard of the bench's last run, as its journal's first line names it.
    private static func guardID(in bench: Workbench) throws -> Int32 {
        let journal = try String(contentsOfFile: try #require(bench.journals().last), encoding: .utf8)
        let start = try JSONSerialization.jsonObject(with: Data(journal.prefix { $0 != "\n" }.utf8)) as? [String: Any]
        return Int32(try #require(start?["guard_pid"] as? Int))
    }

    /// Expects no two copies of a task to have run at once, by the `start N` and `end N` lines the tasks wrote.
    private static func expectNoTaskRanTwiceAtOnce(_ lines: [Substring]) {
        var running: [Substring: Int] = [:]
        for line in lines {
            let parts = line.split(separator: " ")
            running[parts[1], default: 0] += parts[0] == "start" ? 1 : -1
            #expect(running[parts[1]]! <= 1, "two copies of task \(parts[1]) at once: \(lines)")
        }
    }

    /// `--resume-failed` of a killed run runs the tasks it had not started, as well as those it was running: they
    /// are unfinished, not tasks it never had; it ran only those it was running.
    @Test func resumeFailedOfAKilledRunRunsTheTasksItHadNotStarted() async throws {
        let bench = try Workbench()
        defer { bench.root.remove() }
        let runID = try await Self.killedRun(of: 10, in: bench)
        try FileManager.default.removeItem(atPath: bench.root.file("slow"))
        let lines = try await Self.linesAfterResumingFailed(runID, in: bench, atLeast: 12)
        #expect(lines.count == 12)
        #expect(lines.dropFirst(4).sorted { Int($0)! < Int($1)! } == (3...10).map { Substring(String($0)) })
    }

    /// `--resume-failed` of a killed run that had started every line runs none added since before its last line
    /// (it never had them), and one added past it as one it had not reached; a line inserted as line 2 ran.
    @Test func resumeFailedOfAKilledRunSkipsALineAddedBeforeItsLastTask() async throws {
        let bench = try Workbench()
        defer { bench.root.remove() }
        let runID = try await Self.killedRun(of: 4, in: bench)
        try FileManager.default.removeItem(atPath: bench.root.file("slow"))
        try bench.root.write("arguments.txt", "1\n7\n2\n3\n4\n9\n")
        let lines = try await Self.linesAfterResumingFailed(runID, in: bench, atLeast: 7)
        #expect(lines.dropFirst(4).sorted { Int($0)! < Int($1)! } == ["3", "4", "9"])
    }

    /// `--resume-failed` of a killed run whose last task, which succeeded, is gone from the arguments file since runs
    /// the lines the run had not reached: they ran only past that task, which was never matched, and the resumption
    /// ran nothing and exited 0. A line added before a line the run had is still left out. The run reads a FIFO, so
    /// that it is killed once tasks 1 and 2 have succeeded and before it reads further.
    @Test func resumeFailedOfAKilledRunWhoseLastLineIsGoneRunsTheLinesItHadNotReached() async throws {
        let bench = try Workbench()
        defer { bench.root.remove() }
        let run = try FIFORun(in: bench) { fifo in ["-A", fifo, "-C", Self.command(in: bench), "-r", "-m", "1"] }
        run.writer.write(Data("1\n2\n".utf8))
        await Self.awaitFinishedTasks(2, in: bench)
        kill(run.process.process.processIdentifier, SIGKILL)
        _ = await run.wait()
        try run.writer.close()
        let runID = try #require(bench.runIDs().last)
        try FileManager.default.removeItem(atPath: bench.root.file("in.fifo"))
        try bench.root.write("in.fifo", "7\n1\n3\n4\n")
        let lines = try await Self.linesAfterResumingFailed(runID, in: bench, atLeast: 4)
        #expect(lines.prefix(2) == ["1", "2"])
        #expect(lines.dropFirst(2).sorted() == ["3", "4"])
    }

    /// `prx history --clear` while a resumption runs keeps the run it resumed, so that a `--resume` of the
    /// resumption, killed in its turn, leaves out what succeeded in the first run; the first run's journal was
    /// deleted, and its two tasks that had succeeded ran again.
    @Test func clearingKeepsTheRunsARunStillGoingResumed() async throws {
        let bench = try Workbench()
        defer { bench.root.remove() }
        let first = try await Self.killedRun(of: 6, in: bench)
        let second = try PRXProcess(["--resume", first], home: bench.home, directory: "/")
        _ = await bench.lines(of: "runs.log", atLeast: 6)
        let cleared = try await bench.prx(["history", "--clear", "--yes"])
        #expect(cleared.status == 0, "\(cleared.stderr)")
        #expect(cleared.stdout.contains("(kept 1 run still going and 1 run it resumed)"), "\(cleared.stdout)")
        #expect(bench.runIDs().contains(first))
        kill(second.process.processIdentifier, SIGKILL)
        _ = await second.wait()
        let secondID = try #require(bench.runIDs().last)
        try FileManager.default.removeItem(atPath: bench.root.file("slow"))
        let third = try await PRXProcess(["--resume", secondID], home: bench.home, directory: "/")
            .wait(killingAfter: 60)
        #expect(third.status == 0, "\(third.stderr)")
        let lines = await bench.lines(of: "runs.log", atLeast: 10)
        #expect(lines.count == 10)
        #expect(lines.dropFirst(6).sorted() == ["3", "4", "5", "6"])
    }

    /// `prx history --clear` while a `--resume` of a killed resumption waits for that run's tasks to end keeps the
    /// run the resumption resumed, which the `--resume` reads with it: it was deleted, and the `--resume` ran again
    /// the two tasks that had succeeded in it.
    @Test func clearingKeepsTheRunsARunBeingResumedResumed() async throws {
        let bench = try Workbench()
        defer { bench.root.remove() }
        let first = try await Self.killedRun(
            of: 4, in: bench, settings: ["local.termination_grace=4"], ignoringTERM: true)
        let second = try PRXProcess(["--resume", first], home: bench.home, directory: "/")
        _ = await bench.lines(of: "runs.log", atLeast: 6)
        kill(second.process.processIdentifier, SIGKILL)
        _ = await second.wait()
        let secondID = try #require(bench.runIDs().last)
        let third = try PRXProcess(["--resume", secondID], home: bench.home, directory: "/")
        // The third prx holds a lock on the second run's journal while it waits for that run's tasks, which ignore
        // the orphan guard's SIGTERM for 4 s.
        #expect(await Self.awaitLock(on: bench.home + "/history/\(secondID).jsonl"))
        let cleared = try await bench.prx(["history", "--clear", "--yes"])
        #expect(cleared.status == 0, "\(cleared.stderr)")
        #expect(cleared.stdout.contains("(kept 2 runs that a prx is resuming)"), "\(cleared.stdout)")
        #expect(bench.runIDs().contains(first))
        try FileManager.default.removeItem(atPath: bench.root.file("slow"))
        let resumed = await third.wait(killingAfter: 60)
        #expect(resumed.status == 0, "\(resumed.stderr)")
        let lines = await bench.lines(of: "runs.log", atLeast: 8)
        #expect(lines.count == 8)
        #expect(lines.dropFirst(6).sorted() == ["3", "4"])
    }

    /// Waits until a process holds a lock (`flock`) on the file at `path`; whether one did within 20 s.
    private static func awaitLock(on path: String) async -> Bool {
        let deadline = Date().addingTimeInterval(20)
        while Date() < deadline {
            let file = open(path, O_RDONLY | O_CLOEXEC)
            if file >= 0 {
                let locked = flock(file, LOCK_SH | LOCK_NB) != 0 && errno == EWOULDBLOCK
                close(file)
                if locked { return true }
            }
            try? await Task.sleep(for: .milliseconds(20))
        }
        return false
    }

    /// A run killed while its tasks ignore `SIGTERM` is taken up only once its orphan guard has stopped them: each
    /// copy of a task ends (it outlives no grace) before the resumption starts it again, where both ran at once.
    @Test func aResumptionWaitsForTheKilledRunsTasksToEnd() async throws {
        let bench = try Workbench()
        defer { bench.root.remove() }
        let lines = try await Self.linesOfAResumedKilledRun(
            in: bench, trappingTERM: true, settings: ["local.termination_grace=4"], killingTheGuard: false)
        #expect(lines.count == 8)
        Self.expectNoTaskRanTwiceAtOnce(lines)
    }

    /// Tasks not given the orphan guard's token (`PRX_ORPHAN_GUARD`), with `local.adopt_orphans=false` or without
    /// process groups, are found by their `PRX_TASK_TOKEN`: a resumption waits for those the killed run was running,
    /// which nothing stops without process groups, nor once the guard itself was killed. Before, it started them
    /// again at once, both copies running.
    @Test(arguments: [("local.use_process_groups=false", false), ("local.adopt_orphans=false", true)])
    func aResumptionWaitsForTheTasksNotGivenTheGuardsToken(setting: String, killingTheGuard: Bool) async throws {
        let bench = try Workbench()
        defer { bench.root.remove() }
        let lines = try await Self.linesOfAResumedKilledRun(
            in: bench, trappingTERM: false, settings: [setting], killingTheGuard: killingTheGuard)
        #expect(lines.count == 8)
        Self.expectNoTaskRanTwiceAtOnce(lines)
    }

    /// Runs two tasks that write `start N`, sleep 2 s and write `end N` (with `trappingTERM`, ignoring `SIGTERM`),
    /// with `settings` (`--set`); kills prx once both have started (with `killingTheGuard`, its orphan guard first),
    /// resumes the run, expecting it to succeed, and returns the lines the tasks wrote (8 once all have ended).
    private static func linesOfAResumedKilledRun(
        in bench: Workbench, trappingTERM: Bool, settings: [String], killingTheGuard: Bool
    ) async throws -> [Substring] {
        let log = bench.root.file("runs.log")
        let body = "echo \"start $1\" >> \(log); sleep 2; echo \"end $1\" >> \(log)\n"
        let script = try bench.root.write("task.sh", (trappingTERM ? "trap '' TERM\n" : "") + body)
        let arguments = try bench.root.write("arguments.txt", "1\n2\n")
        let run = try PRXProcess(
            ["-T", script, "-A", arguments, "-C", "sh @TASK@ @ARG@", "-r", "-m", "2"]
                + settings.flatMap { ["--set", $0] },
            home: bench.home, directory: bench.root.path)
        _ = await bench.lines(of: "runs.log", atLeast: 2)
        if killingTheGuard {
            kill(try guardID(in: bench), SIGKILL)
        }
        kill(run.process.processIdentifier, SIGKILL)
        _ = await run.wait()
        let runID = try #require(bench.runIDs().last)
        let again = try await PRXProcess(["--resume", runID], home: bench.home, directory: "/").wait(killingAfter: 60)
        #expect(again.status == 0, "\(again.stderr)")
        return await bench.lines(of: "runs.log", atLeast: 8)
    }

    /// What a task the killed run had finished left running on purpose is not waited for: with
    /// `local.adopt_orphans=false` its daemon runs on, and the resumption runs the unfinished task at once (a wait
    /// for every process of the run's would refuse after 7 s, naming the daemon).
    @Test func aResumptionLeavesTheDaemonOfAFinishedTaskRunning() async throws {
        let bench = try Workbench()
        defer { bench.root.remove() }
        let mark = "29\(Int.random(in: 10...99)).\(Int.random(in: 100_000...999_999))"
        let ready = bench.root.file("ready"), slow = try bench.root.write("slow", "")
        let script = try bench.root.write("task.sh", """
            echo $1 >> \(bench.root.file("runs.log"))
            if [ $1 = 1 ]; then
                setsid sh -c 'touch \(ready); exec sleep \(mark)' </dev/null >/dev/null 2>&1 &
                while [ ! -e \(ready) ]; do sleep 0.01; done
            elif [ -e \(slow) ]; then
                sleep 30
            fi

            """)
        let arguments = try bench.root.write("arguments.txt", "1\n2\n")
        let run = try PRXProcess(
            ["-T", script, "-A", arguments, "-C", "sh @TASK@ @ARG@", "-r", "-m", "2",
             "--set", "local.adopt_orphans=false"],
            home: bench.home, directory: bench.root.path)
        _ = await bench.lines(of: "runs.log", atLeast: 2)
        await Self.awaitFinishedTasks(1, in: bench)
        kill(run.process.processIdentifier, SIGKILL)
        _ = await run.wait()
        try FileManager.default.removeItem(atPath: slow)
        let runID = try #require(bench.runIDs().last)
        let again = try await PRXProcess(["--resume", runID], home: bench.home, directory: "/").wait(killingAfter: 60)
        let daemons = LiveProcesses.matching(mark)
        for pid in daemons { kill(pid, SIGKILL) }
        #expect(again.status == 0, "\(again.stderr)")
        #expect(daemons.count == 1)
        #expect(await bench.lines(of: "runs.log", atLeast: 3).sorted() == ["1", "2", "2"])
    }

    /// A run killed while its tasks end at the first `SIGTERM` is taken up as soon as they have ended: its orphan
    /// guard ends with them, where it waited out the grace (60 s here) before it ended and `--resume`, which waits
    /// for it, started.
    @Test func aResumptionWaitsForNoGraceTheKilledRunsTasksDidNotNeed() async throws {
        let bench = try Workbench()
        defer { bench.root.remove() }
        let runID = try await Self.killedRun(of: 4, in: bench, settings: ["local.termination_grace=60"])
        try FileManager.default.removeItem(atPath: bench.root.file("slow"))
        let again = try await PRXProcess(["--resume", runID], home: bench.home, directory: "/").wait(killingAfter: 30)
        #expect(again.status == 0, "\(again.stderr)")
        let lines = await bench.lines(of: "runs.log", atLeast: 6)
        #expect(lines.dropFirst(4).sorted() == ["3", "4"])
    }

    /// A run whose tasks go on after its prx and its orphan guard were both killed is not taken up: after the time
    /// its executor takes to stop a task and 5 s more, `--resume` refuses, naming what still runs.
    @Test func aResumptionRefusesWhileTheKilledRunsTasksGoOn() async throws {
        let bench = try Workbench()
        defer { bench.root.remove() }
        let arguments = try bench.root.write("arguments.txt", "1\n")
        let run = try PRXProcess(
            ["-A", arguments, "-C", "sh -c 'echo @ARG@ >> \(bench.root.file("runs.log")); exec sleep 30'", "-r",
             "--set", "local.termination_grace=0.5"],
            home: bench.home, directory: bench.root.path)
        _ = await bench.lines(of: "runs.log", atLeast: 1)
        let runID = try #require(bench.runIDs().last)
        kill(try Self.guardID(in: bench), SIGKILL)
        kill(run.process.processIdentifier, SIGKILL)
        _ = await run.wait()
        let task = try #require(pidOfSleep(under: bench))
        defer { kill(-task, SIGKILL) }
        let again = try await PRXProcess(["--resume", runID], home: bench.home, directory: "/").wait(killingAfter: 60)
        #expect(again.status == 2)
        #expect(
            again.stderr.wholeMatch(of: /prx: error: run \d+-\d+-\d+ still has tasks running after \d+s: .*\n/) != nil
                && again.stderr.hasPrefix("prx: error: run \(runID) "), "\(again.stderr)")
        #expect(again.stderr.contains("pid \(task) (sleep)"), "\(again.stderr)")
        #expect(await bench.lines(of: "runs.log", atLeast: 1).count == 1)
    }

    /// The `sleep` a task of the bench's run left, told by the bench's workspace as its working directory.
    private func pidOfSleep(under bench: Workbench) -> Int32? {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: "/proc")) ?? []
        return names.compactMap(Int32.init).first { pid in
            let command = (try? String(contentsOfFile: "/proc/\(pid)/comm", encoding: .utf8)) ?? ""
            let directory = try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/\(pid)/cwd")
            return command == "sleep\n" && directory == bench.home + "/workspace"
        }
    }
}
