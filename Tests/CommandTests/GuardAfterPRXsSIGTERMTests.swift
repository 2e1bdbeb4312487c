import Foundation
import PRXTesting
import Testing

/// A prx killed with `SIGKILL` during the grace it gives a group it sent `SIGTERM` leaves that group to its orphan
/// guard for the `SIGKILL` after the guard's grace, with no second `SIGTERM`: a program that takes a second one for
/// "quit now" (or a shell trap run twice) would cut short the clean-up the first began. Before, the guard sent every
/// group left in its table `SIGTERM` again. Run through the prx binary: a test process that once made an executor
/// adopting orphans is the subreaper of every later task's.
@Suite(.runsProcesses) struct GuardAfterPRXsSIGTERMTests {
    /// A number no other process on the machine has in its command line, for `sleep` markers.
    private static func marker() -> String { "32\(Int.random(in: 10...99)).\(Int.random(in: 100_000...999_999))" }

    /// The grace between `SIGTERM` and `SIGKILL`: prx's, and its guard's.
    private static let grace = 4

    /// Where prx sends a group `SIGTERM` and then waits out its grace.
    enum Stop: String, CaseIterable, CustomTestStringConvertible {
        /// The task's own group, at its time limit.
        case taskGroup
        /// A job the task's shell started in a group of its own (`set -m`), found in the task's session at its time
        /// limit.
        case sessionGroup
        /// A daemon the task left running in a session of its own, stopped as the run ends.
        case stray

        var testDescription: String { rawValue }
    }

    /// A shell that appends `term` to `terms` at each `SIGTERM` and runs on, beside `sleep mark`, which ignores it:
    /// both end at the `SIGKILL` alone. It runs `trapped` once its trap is set and `sleep mark` runs, so that a
    /// `SIGTERM` sent as `trapped` returns cannot reach the subshell before it ignores the signal (on a loaded machine
    /// it could, and there was no `sleep mark` to find).
    private static func trappingShell(terms: String, mark: String, trapped: String = "") -> String {
        "trap 'echo term >> \(terms)' TERM\n(trap '' TERM; exec sleep \(mark)) &\n"
            + "until grep -qa \(mark) /proc/$!/cmdline || ! kill -0 $!; do sleep 0.01; done\n\(trapped)\n"
            + "while :; do sleep 0.1; done\n"
    }

    /// The shell, timed out (2 s, time for a loaded machine to set its trap) or stopped as the run ends, is sent
    /// `SIGTERM` by prx, which is killed once the trap has run, during its grace; the guard ends the shell with its
    /// `SIGKILL`, and the trap has run once.
    @Test(arguments: Stop.allCases)
    func aKilledPRXsGuardSendsNoSecondSIGTERM(to stop: Stop) async throws {
        let bench = try Workbench()
        defer { bench.root.remove() }
        let mark = Self.marker()
        let terms = bench.root.file("terms")
        let shell = Self.trappingShell(terms: terms, mark: mark)
        let task: String
        switch stop {
        case .taskGroup: task = shell
        // The job writes nowhere prx reads: the guard adopts the pipes of the task's own group alone, and a shell
        // whose `sleep 0.1` a second SIGTERM ended, printing "Terminated" to a pipe no one reads any more, would end
        // by SIGPIPE before its trap ran again.
        case .sessionGroup: task = "set -m\n(\(shell)) >/dev/null 2>&1 &\nwait\n"
        case .stray: task = try Self.strayStarter(terms: terms, mark: mark, in: bench)
        }
        let folder = try bench.tasks(1) { _ in task }
        let run = try PRXProcess(
            ["-T", folder, "-C", "bash @TASK@", "-r", "-t", "2", "--set", "local.termination_grace=\(Self.grace)"],
            home: bench.home)
        let deadline = Date().addingTimeInterval(20)
        while Self.lines(of: terms).isEmpty && Date() < deadline {
            try? await Task.sleep(for: .milliseconds(20))
        }
        // prx marks the group in the guard's table just after its SIGTERM, so that a prx killed between the two
        // leaves the group a second SIGTERM rather than none; the woken shell can hold prx's thread there on a
        // loaded machine while it runs its trap (a fresh clone's CI saw two lines once). Killed half a second into
        // its grace of 4 s, prx has marked it.
        try? await Task.sleep(for: .milliseconds(500))
        let ranWhenKilled = !LiveProcesses.matching(mark).isEmpty
        kill(run.process.processIdentifier, SIGKILL)
        _ = await run.wait()
        let survivors = await LiveProcesses.awaitGone(mark, seconds: Double(Self.grace) + 6)
        for pid in survivors { kill(pid, SIGKILL) }
        #expect(ranWhenKilled)
        #expect(survivors.isEmpty)
        #expect(Self.lines(of: terms) == ["term"])
    }

    /// A task that starts the trapping shell in a session of its own, writing nowhere prx reads, and ends once its
    /// trap is set: the run ends with it, and prx stops the shell, which it has adopted.
    private static func strayStarter(terms: String, mark: String, in bench: Workbench) throws -> String {
        let ready = bench.root.file("ready")
        let daemon = try bench.root.write(
            "daemon.sh", trappingShell(terms: terms, mark: mark, trapped: "touch \(ready)"))
        return "setsid /bin/bash \(daemon) </dev/null >/dev/null 2>&1 &\n"
            + "while [ ! -e \(ready) ]; do sleep 0.01; done\n"
    }

    /// The lines of the file at `path`; none when it is missing.
    private static func lines(of path: String) -> [String] {
        guard let text = try? String(contentsOfFile: path, encoding: .utf8) else { return [] }
        return text.split(separator: "\n").map(String.init)
    }
}
