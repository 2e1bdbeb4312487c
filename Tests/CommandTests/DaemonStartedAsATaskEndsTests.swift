import Foundation
import PRXTesting
import Testing

/// A task that leaves a daemon running asks for `local.adopt_orphans=false` and starts it in a session of its own, as
/// README says (`setsid server >server.log 2>&1 &`). A daemon started as the task's last command is still in the
/// task's group for the exec before its `setsid` when the task's shell exits, and prx sent what the shell left in its
/// group `SIGTERM` as it reaped the shell: 3 to 10 daemons of 10 died, with `setsid` as the task's program (which
/// forks and exits) too. prx now gives what a leader leaves in its group a moment to leave it before the `SIGTERM`.
@Suite(.runsProcesses) struct DaemonStartedAsATaskEndsTests {
    @Test(arguments: ["sh -c 'setsid sleep MARK >/dev/null 2>&1 &'", "setsid sleep MARK"])
    func aDaemonStartedAsTheTaskEndsRunsOnWhenPRXAdoptsNoOrphans(command: String) async throws {
        let bench = try Workbench()
        defer { bench.root.remove() }
        let mark = "30\(Int.random(in: 10...99)).\(Int.random(in: 100_000...999_999))"
        try bench.root.write("args.txt", (1...10).map { "\($0)\n" }.joined())
        let outcome = try await bench.prx([
            "-A", "args.txt", "-C", command.replacingOccurrences(of: "MARK", with: "\(mark)@ARG@"), "-r",
            "--set", "local.adopt_orphans=false",
        ])
        _ = await LiveProcesses.awaitCount(mark, atLeast: 10, seconds: 5)
        // A setsid(1) that forked may still be there beside its child for a moment.
        try await Task.sleep(for: .milliseconds(300))
        let daemons = LiveProcesses.matching(mark)
        for pid in daemons { kill(pid, SIGKILL) }
        #expect(outcome.status == 0, "\(outcome.stderr)")
        #expect(daemons.count == 10)
    }
}
