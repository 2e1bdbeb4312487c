import Foundation
import PRXTesting
import Testing

/// prx started with `SIGCHLD` ignored (`trap '' CHLD` in bash before `exec prx`, which Linux keeps across the `exec`)
/// had the kernel reap each task as it ended: its wait for the task found no child, and every task was `ERROR`
/// (`lost track of process 4242: No child processes`), exit 1, whatever the task did. prx gives `SIGCHLD` its default
/// action back, and the tasks' ends are their own.
@Suite(.runsProcesses) struct IgnoredChildEndSignalTests {
    @Test func tasksOfAPRXStartedWithSIGCHLDIgnoredEndAsTheyExit() async throws {
        let bench = try Workbench()
        defer { bench.root.remove() }
        try bench.root.write("args.txt", "0\n3\n")
        let prx = "trap '' CHLD; exec '\(PRXProcess.executablePath)' -A args.txt -C 'sh -c \"exit @ARG@\"' -r"
        let outcome = try await PRXProcess.run(
            ["-c", prx], executable: "/bin/bash", home: bench.home, directory: bench.root.path)
        #expect(outcome.status == 1, "\(outcome.stderr)")
        let ends = try await bench.summaryRecords().map { [$0["status"], $0["exit_code"], $0["error_message"]] }
        #expect(ends.sorted { ($0[1] ?? "") < ($1[1] ?? "") } == [["SUCCESS", "0", ""], ["FAILED", "3", "Exit code 3"]])
    }
}
