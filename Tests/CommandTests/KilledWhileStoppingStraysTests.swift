import Foundation
import PRXTesting
import Testing

/// A prx killed with `SIGKILL` while it stops, at the end of the run, what its tasks left running outside their
/// process groups leaves those strays to its orphan guard, even daemons that cleared their environment (and so have
/// no `PRX_ORPHAN_GUARD` for the guard's sweep to find them by): prx records a stray's group with the guard before it
/// signals it, and goes on recording the strays it adopts meanwhile. Before, the monitor's look every second recorded
/// nothing once the stopping had begun and the stopping recorded nothing itself: a daemon adopted less than a second
/// before the run ended ran on under init for good. Run through the prx binary: a test process that once made an
/// executor adopting orphans is the subreaper of every later task's.
@Suite(.runsProcesses) struct KilledWhileStoppingStraysTests {
    /// A number no other process on the machine has in its command line, for `sleep` markers.
    private static func marker() -> String { "31\(Int.random(in: 10...99)).\(Int.random(in: 100_000...999_999))" }

    /// The grace between `SIGTERM` and `SIGKILL`: prx's for the strays, and its guard's. Long enough that prx, killed
    /// ``settle`` after the adoption is seen, is still in its grace on a loaded machine.
    private static let grace = 8

    /// How long the test waits, once it sees prx adopt the daemon, before it kills prx: prx looks at its strays every
    /// quarter of a second at most while it stops them, and records the adopted daemon with its guard at one of those
    /// looks, which a loaded machine can hold up (1.5 s was once too short beside the test suite's builds).
    private static let settle = Duration.seconds(3)

    /// A script that ignores `SIGTERM`, creates the file named by its second argument, if any, and becomes
    /// `sleep MARK`, the mark its first argument.
    private static func daemonScript(in bench: Workbench) throws -> String {
        try bench.root.write("daemon.sh", "trap '' TERM\nif [ -n \"$2\" ]; then touch \"$2\"; fi\nexec sleep \"$1\"\n")
    }

    /// A task that starts a daemon with no environment, in a session of its own, that ignores `SIGTERM`, and ends: the
    /// run ends with it, and prx stops the daemon, which it has just adopted.
    @Test func aDaemonPRXWasStoppingIsLeftToTheGuard() async throws {
        let bench = try Workbench()
        defer { bench.root.remove() }
        let mark = Self.marker()
        let ready = bench.root.file("ready")
        let daemon = try Self.daemonScript(in: bench)
        // The task ends once the daemon ignores SIGTERM.
        let folder = try bench.tasks(1) { _ in
            "setsid /usr/bin/env -i /bin/bash \(daemon) \(mark) \(ready) </dev/null >/dev/null 2>&1 &\n"
                + "while [ ! -e \(ready) ]; do sleep 0.01; done\n"
        }
        try await killPRXWhileItStops(folder, in: bench, adopting: mark, leaving: [mark])
    }

    /// Strays that end at the `SIGTERM` leave their own daemons to prx during the grace: here a parent, which ends,
    /// of a daemon that ignores `SIGTERM`, beside another such daemon that keeps the grace going. The daemon adopted
    /// during the grace is recorded with the guard then, not once the grace is over.
    @Test func aDaemonAdoptedWhilePRXStopsStraysIsLeftToTheGuard() async throws {
        let bench = try Workbench()
        defer { bench.root.remove() }
        let (mark, childMark, parentMark) = (Self.marker(), Self.marker(), Self.marker())
        defer { for pid in LiveProcesses.matching(parentMark) { kill(pid, SIGKILL) } }
        let ready = bench.root.file("ready")
        let daemon = try Self.daemonScript(in: bench)
        let parent = try bench.root.write(
            "parent.sh", "setsid /bin/bash \(daemon) \"$1\" \(ready) &\nexec sleep \"$2\"\n")
        // The task ends once the parent's daemon runs: a parent sent SIGTERM before it started it would start none.
        let folder = try bench.tasks(1) { _ in
            let start = "setsid /usr/bin/env -i /bin/bash"
            let quiet = "</dev/null >/dev/null 2>&1 &"
            return "\(start) \(daemon) \(mark) \(quiet)\n"
                + "\(start) \(parent) \(childMark) \(parentMark) \(quiet)\n"
                + "while [ ! -e \(ready) ]; do sleep 0.01; done\n"
        }
        try await killPRXWhileItStops(folder, in: bench, adopting: childMark, leaving: [mark, childMark])
    }

    /// Runs the tasks of `folder`, waits until prx has adopted the process marked `adopted` and ``settle`` more (past
    /// prx's next looks at its strays), kills prx with `SIGKILL` during the grace, and expects the guard to stop every
    /// process marked `marks`, which still ran then; kills what is left.
    private func killPRXWhileItStops(
        _ folder: String, in bench: Workbench, adopting adopted: String, leaving marks: [String]
    ) async throws {
        let run = try PRXProcess(
            ["-T", folder, "-C", "bash @TASK@", "-r", "--set", "local.termination_grace=\(Self.grace)"],
            home: bench.home)
        let prx = run.process.processIdentifier
        func isAdopted() -> Bool {
            LiveProcesses.matching(adopted).contains { LiveProcesses.parent(of: $0) == prx }
        }
        let deadline = Date().addingTimeInterval(20)
        while !isAdopted() && Date() < deadline { try? await Task.sleep(for: .milliseconds(20)) }
        let wasAdopted = isAdopted()
        try? await Task.sleep(for: Self.settle)
        let ranWhenKilled = marks.allSatisfy { !LiveProcesses.matching($0).isEmpty }
        kill(prx, SIGKILL)
        _ = await run.wait()
        var survivors: [Int32] = []
        for mark in marks {
            survivors += await LiveProcesses.awaitGone(mark, seconds: Double(Self.grace) + 6)
        }
        for pid in survivors { kill(pid, SIGKILL) }
        #expect(wasAdopted)
        #expect(ranWhenKilled)
        #expect(survivors.isEmpty)
    }
}
