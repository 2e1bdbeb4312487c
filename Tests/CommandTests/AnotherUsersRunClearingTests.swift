import Foundation
import PRXTesting
import Testing

/// In a history others write to (a shared `PRX_HOME`), `prx history --clear` offered to delete every user's runs, in
/// words that did not say some were another user's (`Delete all 3 runs in …?`), and deleted them where the directory
/// let it, as root always; so did the `keep_runs` pruning of any user's run. `--clear` and the pruning now delete only
/// the journals of the user prx runs as, and `--clear` says how many runs of other users it left, and why.
@Suite(.runsProcesses, .enabled(if: geteuid() == 0, "giving a file to another user needs root"))
struct AnotherUsersRunClearingTests {
    /// Makes `count` runs in `bench`, and gives the journals of the first `others` to uid 65534; returns the run ids.
    private static func runs(_ count: Int, othersFirst others: Int, in bench: Workbench) async throws -> [String] {
        try bench.root.write("t/a.sh", "true\n")
        for _ in 1...count { #expect(try await bench.prx(["-T", "t", "-C", "sh @TASK@", "-r"]).status == 0) }
        let runs = bench.runIDs()
        try #require(runs.count == count)
        for run in runs.prefix(others) {
            try #require(chown(bench.home + "/history/\(run).jsonl", 65534, 65534) == 0)
        }
        return runs
    }

    @Test func clearingLeavesAnotherUsersRunsAndSaysHowMany() async throws {
        let bench = try Workbench()
        defer { bench.root.remove() }
        let runs = try await Self.runs(3, othersFirst: 1, in: bench)
        let history = bench.home + "/history"

        let declined = try await bench.shell(#"echo no | "$PRX" history --clear"#)
        #expect(declined.status == 0, "\(declined.stderr)")
        #expect(
            declined.stdout == "Delete your 2 runs in \(history) but those still going and the runs they resume, "
                + "leaving the 1 run of another user? Type 'yes' to confirm: Cancelled: the history was not cleared.\n")

        let cleared = try await bench.prx(["history", "--clear", "--yes"])
        #expect(cleared.status == 0, "\(cleared.stderr)")
        #expect(
            cleared.stdout == "Cleared 2 runs from \(history); left 1 run of another user: --clear deletes only your "
                + "own.\n")
        #expect(cleared.stderr.isEmpty)
        #expect(bench.runIDs() == [runs[0]])

        let again = try await bench.prx(["history", "--clear", "--yes"])
        #expect(again.status == 0, "\(again.stderr)")
        #expect(
            again.stdout == "The history in \(history) holds no runs of yours: there is nothing to clear (left 1 run "
                + "of another user: --clear deletes only your own).\n")
        #expect(bench.runIDs() == [runs[0]])
    }

    /// `keep_runs` counts and deletes the user's own runs: another user's are left to theirs.
    @Test func pruningLeavesAnotherUsersRuns() async throws {
        let bench = try Workbench()
        defer { bench.root.remove() }
        let runs = try await Self.runs(2, othersFirst: 1, in: bench)
        try bench.root.write("home/cfg/prx.yaml", "history:\n  keep_runs: 1\n")
        #expect(try await bench.prx(["-T", "t", "-C", "sh @TASK@", "-r"]).status == 0)
        let now = bench.runIDs()
        #expect(now.count == 2 && now.first == runs[0] && now.last != runs[1], "\(now)")
    }
}
