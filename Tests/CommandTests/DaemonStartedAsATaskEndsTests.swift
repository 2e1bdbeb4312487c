import Foundation
import PRXTesting
import Testing

/// A task that leaves a daemon running asks for `local.adopt_orphans=false` and starts it in a session of its own, as
/// README says (`setsid server >server.log 2>&1 &`). A daemon started as the task's last command is still in the
/// task's group for the exec before its `setsid` when the task's shell exits, and prx sent what the shell left in its
/// group `SIGTERM` as it reaped the shell: 3 to 10 daemons of 10 died, with `setsid` as the task's program (which
/// forks and exits) too. prx now gives what a leader leaves in its group a moment to leave it before the `SIGTERM`,
/// and, to one still runnable, the CPU time a loaded machine had not given it in that moment.
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

    /// On a loaded machine, the process the task's shell forked for the daemon may wait longer than prx's 25 ms for a
    /// CPU: `/proc` showed it runnable, with no CPU time yet, as the `SIGTERM` ended it before its `setsid`. Here the
    /// task keeps every core busy for half a second with two jobs each, of its own session (in their own groups, which
    /// prx leaves), and forks the daemon at the lowest priority: without waiting for such a member to have had its CPU
    /// time, 1 to 4 of the 5 daemons died, in each of 5 runs. Three rounds of the test's, so that its own load (every
    /// core busy half a second a round) holds up the suite's other tests no longer than it must.
    @Test func aDaemonTheMachineGivesNoCPUAsTheTaskEndsRunsOn() async throws {
        let bench = try Workbench()
        defer { bench.root.remove() }
        let script = try bench.root.write(
            "task.sh",
            """
            set -m
            for job in $(seq $(($(nproc) * 2))); do timeout 0.5 sh -c 'while :; do :; done' & done
            set +m
            renice -n 19 $$ >/dev/null
            setsid sleep "$1" >/dev/null 2>&1 &

            """)
        var survivors = 0
        for _ in 1...3 {
            let mark = "30\(Int.random(in: 10...99)).\(Int.random(in: 100_000...999_999))"
            try bench.root.write("args.txt", "\(mark)\n")
            let outcome = try await bench.prx([
                "-A", "args.txt", "-C", "bash \(script) @ARG@", "-r", "--set", "local.adopt_orphans=false",
            ])
            #expect(outcome.status == 0, "\(outcome.stderr)")
            _ = await LiveProcesses.awaitCount(mark, atLeast: 1, seconds: 5)
            // The busy jobs end by themselves; the next run's must not meet them.
            try await Task.sleep(for: .milliseconds(600))
            let daemons = LiveProcesses.matching(mark)
            for pid in daemons { kill(pid, SIGKILL) }
            survivors += daemons.count
        }
        #expect(survivors == 3)
    }
}
