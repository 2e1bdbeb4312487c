import Foundation
import PRXTesting
import Testing

/// A task's leader traced by another process (`strace -p`, a debugger) ends with its tracer: its end is reported to the
/// tracer first, and to prx only once the tracer has waited for it or let it go. Meanwhile its pidfd says it has ended.
@Suite(.runsProcesses, .enabled(if: getuid() == 0, "tracing a process prx started needs root"))
struct TracedLeaderTests {
    /// While a tracer that never waits holds the leader's end, prx does not spin (it uses under a third of a CPU second
    /// in a second; spinning, it used about all of it), and reaps the leader once the tracer is gone. Before, the
    /// monitor woke for the leader's readable pidfd again and again, finding nothing to reap each time.
    @Test func prxWaitsForALeaderWhoseEndItsTracerHoldsWithoutSpinning() async throws {
        let bench = try Workbench()
        defer { bench.root.remove() }
        let leaderFile = bench.root.file("leader")
        let folder = try bench.tasks(1) { _ in "echo $$ > \(leaderFile)\nexec sleep 2\n" }
        // PTRACE_SEIZE (0x4206): the leader runs on, and its end is the tracer's to report.
        let tracer = "syscall(101, 0x4206, 0 + $ARGV[0], 0, 0) == 0 or die \"ptrace: $!\"; sleep 100"
        let script = try bench.root.write("traced.sh", """
            "$1" -T "$2" -C "bash @TASK@" -r >/dev/null 2>&1 &
            prx_pid=$!
            for i in $(seq 500); do [ -s "$3" ] && break; sleep 0.01; done
            leader=$(cat "$3")
            perl -e '\(tracer)' $leader &
            tracer=$!
            for i in $(seq 1000); do grep -q '^State:.Z' /proc/$leader/status 2>/dev/null && break; sleep 0.01; done
            grep -q '^State:.Z' /proc/$leader/status && echo "leader ended, traced"
            before=$(awk '{print $14 + $15}' /proc/$prx_pid/stat)
            sleep 1
            after=$(awk '{print $14 + $15}' /proc/$prx_pid/stat)
            echo "ticks $((after - before))"
            kill -9 $tracer
            wait $prx_pid
            echo "prx $?"

            """)
        let run = try PRXProcess(
            [script, PRXProcess.executablePath, folder, leaderFile], executable: "/bin/bash", home: bench.home,
            directory: bench.root.path)
        let outcome = await run.wait(killingAfter: 30)
        let lines = outcome.stdout.split(separator: "\n")
        let ticks = lines.first { $0.hasPrefix("ticks ") }.flatMap { Int($0.dropFirst(6)) }
        let ticksPerSecond = Int(sysconf(Int32(_SC_CLK_TCK)))
        #expect(lines.first == "leader ended, traced", "\(outcome.stdout)")
        #expect(try #require(ticks, "\(outcome.stdout)") < ticksPerSecond / 3, "\(outcome.stdout)")
        #expect(lines.last == "prx 0", "\(outcome.stdout)")
    }
}
