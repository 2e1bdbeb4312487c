import Foundation
import PRXTesting
import Testing

/// `--list-workers` and `-k` answered alone, as parallelr does, and said nothing of the run flags given beside them:
/// `prx --list-workers -T x -C echo -r` printed the table as though no run had been asked for, and `prx --list-workers
/// -k PID` stopped nothing. They still answer alone, with the same exit status, and now say in one warning line which
/// flags they did not use; what they use (`-k`'s PID, `--yes`) is not named.
@Suite(.runsProcesses) struct ProcessManagementIgnoredFlagsTests {
    @Test(arguments: [
        (
            ["--list-workers", "-T", "x", "-C", "echo", "-r"], 0, "No running prx processes found.\n",
            "prx: warning: -T/--TasksDir, -C/--Command and -r/--run are not used with --list-workers\n"
        ),
        (
            ["--list-workers", "-k", "4242"], 0, "No running prx processes found.\n",
            "prx: warning: -k/--kill is not used with --list-workers\n"
        ),
        (
            ["--validate-config", "--list-workers"], 0, "No running prx processes found.\n",
            "prx: warning: --validate-config is not used with --list-workers\n"
        ),
        (
            ["-k", "--yes", "-m", "5", "-D", "--set", "csv.path=x.csv"], 0, "No running prx processes found.\n",
            "prx: warning: -m/--max, --set and -D/--daemon are not used with -k/--kill\n"
        ),
        (
            ["-k", "4242", "-t", "5"], 2, "",
            "prx: warning: -t/--timeout is not used with -k/--kill\n"
                + "prx: error: PID 4242 is not a running prx process (see --list-workers)\n"
        ),
        // A PID refused is refused alone, in the one line of a usage error.
        (["-k", "0", "-t", "5"], 2, "", "prx: error: -k/--kill takes a PID or all (got '0') (see 'prx --help')\n"),
        (["--list-workers"], 0, "No running prx processes found.\n", ""),
        (["-k", "all", "--yes"], 0, "No running prx processes found.\n", ""),
    ] as [([String], Int32, String, String)])
    func theFlagsNotUsedAreNamed(arguments: [String], status: Int32, stdout: String, stderr: String) async throws {
        let home = try TemporaryDirectory()
        defer { home.remove() }
        let outcome = try await PRXProcess.run(arguments, home: home.path, directory: home.path)
        #expect(outcome.status == status, "\(outcome.stderr)")
        #expect(outcome.stdout == stdout)
        #expect(outcome.stderr == stderr)
    }
}
