import Foundation
import PRXTesting
import Testing

/// prx's orphan guard ends only with prx, or by `SIGKILL`: it ignores the signals of a user's `kill` or `pkill prx`
/// (whose pattern names `prx-guard` too), which ended it quietly before, so that a prx killed with `kill -9` afterwards
/// left its tasks running; prx reaps a guard that was killed all the same and warns once; and `ps -f` shows the guard
/// as what it is, where it showed prx's own command line.
@Suite(.runsProcesses) struct OrphanGuardSignalsTests {
    /// A number no other process on the machine has in its command line, for `sleep` markers.
    private static func marker() -> String { "33\(Int.random(in: 10...99)).\(Int.random(in: 100_000...999_999))" }

    /// Starts prx on three tasks that sleep `mark`, and returns it and its guard once the three sleep.
    private static func runWithGuard(
        _ mark: String, in bench: Workbench, _ extra: [String] = []
    ) async throws -> (run: PRXProcess, guardID: Int32) {
        let folder = try bench.tasks(3) { _ in "sleep \(mark)\n" }
        let run = try PRXProcess(["-T", folder, "-C", "bash @TASK@", "-r"] + extra, home: bench.home)
        let started = await LiveProcesses.awaitCount(mark, atLeast: 3)
        guard started == 3, let guardID = await LiveProcesses.awaitOrphanGuard(of: run.process.processIdentifier) else {
            kill(run.process.processIdentifier, SIGTERM)
            _ = await run.wait(killingAfter: 20)
            throw GuardNotFound(tasksStarted: started)
        }
        return (run, guardID)
    }

    /// Stops `run` with `SIGTERM` and waits for it; kills what still runs `mark` 10 s later, and returns it.
    private static func stop(
        _ run: PRXProcess, running mark: String
    ) async -> (outcome: PRXProcess.Outcome, survivors: [Int32]) {
        kill(run.process.processIdentifier, SIGTERM)
        let outcome = await run.wait(killingAfter: 30)
        let survivors = await LiveProcesses.awaitGone(mark, seconds: 10)
        for pid in survivors { kill(pid, SIGKILL) }
        return (outcome, survivors)
    }

    /// The run's tasks did not all start, or its guard was not found.
    private struct GuardNotFound: Error {
        var tasksStarted: Int
    }

    /// The guard, sent the signals a user's `kill` or `pkill` sends, runs on, and stops the tasks of prx killed with
    /// `SIGKILL` afterwards. Before, its `SIGTERM` ended it, and the three tasks ran on under init.
    @Test func aGuardSentTheSignalsOfKillStillStopsTheTasksOfAKilledPRX() async throws {
        let bench = try Workbench()
        defer { bench.root.remove() }
        let mark = Self.marker()
        let (run, guardID) = try await Self.runWithGuard(mark, in: bench)
        for signal in [SIGTERM, SIGINT, SIGHUP, SIGQUIT, SIGUSR1, SIGUSR2, SIGALRM, SIGPIPE, SIGTSTP] {
            kill(guardID, signal)
        }
        try await Task.sleep(for: .milliseconds(300))
        let guardRan = LiveProcesses.isRunning(guardID)
        kill(run.process.processIdentifier, SIGKILL)
        _ = await run.wait()
        let survivors = await LiveProcesses.awaitGone(mark, seconds: 10)
        for pid in survivors { kill(pid, SIGKILL) }
        #expect(guardRan)
        #expect(survivors.isEmpty)
    }

    /// `pkill prx` sends `SIGTERM` to prx and its guard at once: prx stops its tasks and ends as at any `SIGTERM`,
    /// and the guard, which ignored it, ends once prx has.
    @Test func aPRXAndItsGuardSentSIGTERMTogetherBothEndAndLeaveNothing() async throws {
        let bench = try Workbench()
        defer { bench.root.remove() }
        let mark = Self.marker()
        let (run, guardID) = try await Self.runWithGuard(mark, in: bench)
        kill(guardID, SIGTERM)
        let (outcome, survivors) = await Self.stop(run, running: mark)
        let deadline = Date().addingTimeInterval(10)
        while LiveProcesses.isRunning(guardID) && Date() < deadline {
            try? await Task.sleep(for: .milliseconds(50))
        }
        #expect(outcome.status == 143, "\(outcome.stderr)")
        #expect(survivors.isEmpty)
        #expect(!LiveProcesses.isRunning(guardID))
        #expect(!outcome.stderr.contains("orphan guard"), "\(outcome.stderr)")
    }

    /// A guard killed with `SIGKILL` while prx runs is reaped by prx, not left a zombie child of it for the rest of
    /// the run, and prx warns once, naming what is lost. Before, nothing was said and the guard stayed a zombie.
    @Test func aGuardKilledWhilePRXRunsIsReapedAndWarnedOfOnce() async throws {
        let bench = try Workbench()
        defer { bench.root.remove() }
        let mark = Self.marker()
        let (run, guardID) = try await Self.runWithGuard(mark, in: bench)
        let prx = run.process.processIdentifier
        kill(guardID, SIGKILL)
        let deadline = Date().addingTimeInterval(10)
        while LiveProcesses.parent(of: guardID) == prx && Date() < deadline {
            try? await Task.sleep(for: .milliseconds(50))
        }
        let reaped = LiveProcesses.parent(of: guardID) != prx
        let (outcome, survivors) = await Self.stop(run, running: mark)
        #expect(reaped)
        #expect(survivors.isEmpty)
        #expect(outcome.status == 143, "\(outcome.stderr)")
        let warnings = outcome.stderr.split(separator: "\n").filter { $0.contains("orphan guard") }
        #expect(warnings == [
            "prx: warning: orphan guard (pid \(guardID)) was killed by SIGKILL: should prx be killed (kill -9) from "
                + "now on, its running tasks and what they started are left running",
        ])
    }

    /// `ps -f`, `ps aux` and `pgrep -f` show the guard's command line: `prx-guard (for prx PID)`, not prx's own, which
    /// it had (forked, not exec'd), beside its name `prx-guard`; prx's own is unchanged.
    @Test func theGuardsCommandLineNamesItAndItsPRX() async throws {
        let bench = try Workbench()
        defer { bench.root.remove() }
        let mark = Self.marker()
        let (run, guardID) = try await Self.runWithGuard(mark, in: bench)
        let prx = run.process.processIdentifier
        let guardLine = Self.commandLine(of: guardID)
        let prxLine = Self.commandLine(of: prx)
        _ = await Self.stop(run, running: mark)
        #expect(guardLine == ["prx-guard (for prx \(prx))"])
        #expect(prxLine.first == PRXProcess.executablePath && prxLine.dropFirst().first == "-T", "\(prxLine)")
    }

    /// The words of `/proc/PID/cmdline`, as `ps` shows them: the NULs at its end dropped.
    private static func commandLine(of pid: Int32) -> [String] {
        let bytes = FileManager.default.contents(atPath: "/proc/\(pid)/cmdline") ?? Data()
        return bytes.split(separator: 0, omittingEmptySubsequences: false).map { String(decoding: $0, as: UTF8.self) }
            .reversed().drop { $0.isEmpty }.reversed()
    }
}
