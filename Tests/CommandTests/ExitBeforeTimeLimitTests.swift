import Foundation
import PRXTesting
import Testing

/// Tasks that end by themselves before prx comes to stop them at their time limit.
@Suite(.runsProcesses) struct ExitBeforeTimeLimitTests {
    /// Tasks that exit while prx itself is stopped (`SIGSTOP`, as `^Z` stops it), their time limit passing before prx
    /// is continued, have the status of their own exit. prx's monitor woke from its wait with no event (`EINTR`, as
    /// Linux returns it after a stop), took the time limits due for passed, and made each task `TIMEOUT` ("Timeout
    /// after 1s", exit code 0, no signal, its whole output read). More tasks end than one wait of the monitor reports
    /// (64): each is taken in before its time limit is.
    @Test func tasksEndedWhilePRXWasStoppedKeepTheirOwnStatus() async throws {
        let bench = try Workbench()
        defer { bench.root.remove() }
        let count = 70
        // Long enough for all of them to start, and the test to stop prx, on a loaded machine before any limit passes.
        let timeLimit = 3.0
        let arguments = try bench.root.write("arguments.txt", (1...count).map { "\($0)\n" }.joined())
        let release = bench.root.file("release.fifo")
        #expect(mkfifo(release, 0o600) == 0)
        // Held open for writing, so that each task's open of the FIFO returns at once and its read waits until the
        // test closes it: every task then ends on its own, together.
        let holder = open(release, O_RDWR)
        try #require(holder >= 0)
        var holderOpen = true
        defer { if holderOpen { close(holder) } }
        let script = #"exec 3< "$0/release.fifo"; echo $$ > "$0/pid.$1.tmp"; mv "$0/pid.$1.tmp" "$0/pid.$1"; "#
            + #"cat <&3 > /dev/null; echo finished-ok"#
        let run = try PRXProcess(
            ["-A", arguments, "-C", "sh -c '\(script)' \(bench.root.path) @ARG@", "-m", "\(count)", "-t", "\(Int(timeLimit))", "-r"],
            home: bench.home, directory: bench.root.path)
        let prx = run.process.processIdentifier
        let pids = await Self.taskIDs(count, in: bench)
        try #require(pids.count == count, "only \(pids.count) tasks started")
        #expect(kill(prx, SIGSTOP) == 0)
        let stopped = Date()
        close(holder)
        holderOpen = false
        // prx, stopped, reaps none of them: each is a zombie once it has exited.
        let deadline = Date().addingTimeInterval(20)
        while pids.contains(where: { !Self.isZombie($0) }) && Date() < deadline {
            try await Task.sleep(for: .milliseconds(20))
        }
        #expect(pids.allSatisfy(Self.isZombie))
        // Every time limit has passed: each ran from before its pid file was written.
        let waited = Date().timeIntervalSince(stopped)
        if waited < timeLimit + 0.5 {
            try await Task.sleep(for: .milliseconds(Int((timeLimit + 0.5 - waited) * 1000)))
        }
        #expect(kill(prx, SIGCONT) == 0)
        let outcome = await run.wait(killingAfter: 40)
        #expect(outcome.status == 0, "\(outcome.stderr)")
        let rows = try await bench.summaryRecords().map {
            "\($0["status"] ?? "") \($0["exit_code"] ?? "") \($0["error_message"] ?? "")"
        }
        #expect(rows == [String](repeating: "SUCCESS 0 ", count: count))
    }

    /// The process ids the tasks wrote, once `count` of them have (after 20 s at the latest).
    private static func taskIDs(_ count: Int, in bench: Workbench) async -> [pid_t] {
        let deadline = Date().addingTimeInterval(20)
        while true {
            let pids = (1...count).compactMap { index in
                (try? bench.root.read("pid.\(index)")).flatMap { pid_t($0.dropLast()) }
            }
            if pids.count == count || Date() >= deadline { return pids }
            try? await Task.sleep(for: .milliseconds(20))
        }
    }

    /// Whether process `pid` has exited and is not reaped yet (or is gone).
    private static func isZombie(_ pid: pid_t) -> Bool {
        guard let stat = try? String(contentsOfFile: "/proc/\(pid)/stat", encoding: .utf8) else { return true }
        // The state follows the command's name, which ends at the last parenthesis.
        guard let nameEnd = stat.lastIndex(of: ")") else { return false }
        return stat[nameEnd...].dropFirst(2).first == "Z"
    }
}
