import Foundation
import PRXTesting
import Testing

/// The warning of a run of task files whose command does not name them (`@TASK@`).
@Suite(.runsProcesses) struct UnusedTaskFilesWarningTests {
    /// `prx -T tasks -C bash` (the file left out, as GNU parallel and xargs would append it) ran `bash` reading
    /// nothing once per file, every task a success, without a word, where an arguments file's command that uses no
    /// line is warned of. Such a command is warned of by the setting that gave it, in a dry run and a run alike, and
    /// the run goes on as parallelr's does; a command with `@TASK@` is not warned of.
    @Test(arguments: [
        (["-T", "tasks", "-C", "sh"], "-C"), (["-T", "tasks", "-C", "sh -c 'cat @TASK@'"], nil),
        (["--source", "glob", "--set", "glob.patterns=tasks", "--set", "glob.command=sh"], "glob.command"),
        (["--source", "dir", "--set", "dir.path=tasks", "--set", "dir.command=sh @TASK@"], nil),
    ])
    func aCommandWithoutTheTaskFileIsWarnedOf(flags: [String], origin: String?) async throws {
        let bench = try Workbench()
        defer { bench.root.remove() }
        try bench.tasks(2) { "echo ran \($0)\n" }
        let warning = origin.map {
            "prx: warning: the command (\($0)) has no @TASK@ placeholder: the task files are not used, and every task "
                + "runs the same command\n"
        } ?? ""
        let dryRun = try await bench.prx(flags)
        #expect(dryRun.status == 0, "\(dryRun.stderr)")
        #expect(dryRun.stderr == warning)
        let run = try await bench.prx(flags + ["-r"])
        #expect(run.status == 0, "\(run.stderr)")
        #expect(run.stderr == warning)
        #expect(run.stdout.contains("Completed Successfully: 2"), "\(run.stdout)")
    }
}
