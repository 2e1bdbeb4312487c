import Foundation
import PRXTesting
import Testing

/// A run named on the command line is a run id, not a path: `prx history ../evil` read `../evil.jsonl`, a
/// journal outside the history directory, and `--resume-failed ../evil` ran the tasks it listed.
@Suite(.runsProcesses) struct RunIDArgumentTests {
    @Test(arguments: [
        (["history", "../evil"], "run"),
        (["status", "../evil"], "run"),
        (["feedback", "../evil", "0"], "run"),
        (["--resume", "../evil"], "--resume"),
        (["--resume-failed", "../evil"], "--resume-failed"),
    ])
    func aRunThatIsNoRunIDIsRefused(arguments: [String], argument: String) async throws {
        let bench = try Workbench()
        defer { bench.root.remove() }
        try bench.root.write("a.txt", "1\n")
        #expect(try await bench.prx(["-A", "a.txt", "-C", "sh -c 'exit 1' @ARG@", "-r"]).status == 1)
        let journal = try #require(bench.journals().first)
        try FileManager.default.copyItem(atPath: journal, toPath: bench.home + "/evil.jsonl")

        let outcome = try await bench.prx(arguments)
        #expect(outcome.status == 2)
        #expect(outcome.stdout.isEmpty)
        #expect(outcome.stderr == "prx: error: \(argument) '../evil' is not a run id: prx names runs by start and "
            + "PID, like 20261204-053113-25733 (prx history lists them)\n")
        #expect(bench.runIDs().count == 1)
    }
}
