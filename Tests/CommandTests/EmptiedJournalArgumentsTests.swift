import Foundation
import PRXTesting
import Testing

/// A journal whose `run_started` line names no arguments is damaged: every run is journaled with the flags it ran
/// with, `-r` among them. Parsed as no flags, its arguments read as a dry run's, and `--resume` said the run "was a
/// dry run; there is nothing to resume", though the journal holds the tasks it finished.
@Suite(.runsProcesses) struct EmptiedJournalArgumentsTests {
    @Test(arguments: ["--resume", "--resume-failed"])
    func aJournalNamingNoArgumentsIsDamaged(flag: String) async throws {
        let bench = try Workbench()
        defer { bench.root.remove() }
        try bench.root.write("a.txt", "a\nb\n")
        #expect(try await bench.prx(["-A", "a.txt", "-C", "test @ARG@ = a", "-r"]).status == 1)
        let journal = try #require(bench.journals().first)
        let run = try #require(bench.runIDs().first)
        try bench.damage(journal: journal, replacing: #""arguments":\[[^\]]*\]"#, with: #""arguments":[]"#)
        let outcome = try await bench.prx([flag, run])
        #expect(outcome.status == 2)
        #expect(outcome.stderr == "prx: error: the journal \(journal) is damaged: its run_started line names no "
            + "arguments (\(flag))\n")
    }
}
