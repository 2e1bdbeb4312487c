import Foundation
import PRXTesting
import Testing

/// A directory of prx's own state (`$PRX_HOME/history`) that is a regular file is named by every command that reads
/// it, one line and exit 2, as runs are refused: the commands read it as empty, `prx history` saying "No runs in the
/// history." with exit 0.
@Suite(.runsProcesses) struct StateDirectoryNotADirectoryTests {
    @Test(arguments: [
        ["history"], ["history", "--json"], ["history", "--clear", "--yes"], ["history", "20261204-053113-25733"],
        ["status"], ["feedback", "20261204-053113-25733", "1"], ["--resume-failed", "20261204-053113-25733"],
    ])
    func aHistoryThatIsAFileIsNamed(arguments: [String]) async throws {
        let bench = try Workbench()
        defer { bench.root.remove() }
        try bench.root.write("home/history", "not a directory\n")
        let outcome = try await bench.prx(arguments)
        #expect(outcome.status == 2)
        let history = bench.home + "/history"
        #expect(outcome.stderr == "prx: error: cannot read the history directory \(history): \(history) is not a "
            + "directory\n")
        #expect(outcome.stdout == "")
    }

    /// A history not made yet is an empty one.
    @Test func aHistoryNotMadeYetIsEmpty() async throws {
        let bench = try Workbench()
        defer { bench.root.remove() }
        let outcome = try await bench.prx(["history"])
        #expect(outcome.status == 0)
        #expect(outcome.stdout == "No runs in the history.\n")
    }
}
