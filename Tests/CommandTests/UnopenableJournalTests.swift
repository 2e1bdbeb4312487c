import Foundation
import PRXTesting
import Testing

/// A journal that is in the history and cannot be opened (another user's run, its journal of mode 600 in a shared
/// `PRX_HOME`; a symbolic link to itself) was denied by every command naming its run, `no run ID in the history` (and
/// `Run ID is not running.` by `prx status`, exit 0), as if the run had never been: they now say why it cannot be read.
/// The listings still leave it out.
@Suite(.runsProcesses) struct UnopenableJournalTests {
    /// The commands that name a run and read its journal, each naming `runID` (and task 1 for `prx feedback`).
    static func commands(naming runID: String) -> [[String]] {
        [["history", runID], ["status", runID], ["feedback", runID, "1"], ["--resume", runID],
         ["--resume-failed", runID]]
    }

    /// A workbench whose history holds one run that succeeded, and that run's id.
    static func benchWithARun() async throws -> (bench: Workbench, runID: String) {
        let bench = try Workbench()
        try bench.root.write("a.txt", "a\n")
        let run = try await bench.prx(["-A", "a.txt", "-C", "echo @ARG@", "-r"])
        #expect(run.status == 0)
        return (bench, try #require(bench.runIDs().first))
    }

    @Test func aJournalLinkedToItselfIsNamedAsUnreadable() async throws {
        let (bench, ran) = try await Self.benchWithARun()
        defer { bench.root.remove() }
        let looped = "20261206-000003-990003"
        let path = bench.home + "/history/\(looped).jsonl"
        try FileManager.default.createSymbolicLink(atPath: path, withDestinationPath: path)

        let list = try await bench.prx(["history"])
        #expect(list.status == 0)
        #expect(list.stdout.contains(ran))
        #expect(!list.stdout.contains(looped))
        let refusal = "prx: error: cannot read the journal \(path): Too many levels of symbolic links\n"
        for words in Self.commands(naming: looped) {
            let outcome = try await bench.prx(words)
            #expect(outcome.status == 2, "\(words)")
            #expect(outcome.stderr == refusal, "\(words)")
        }
    }

    @Test(.enabled(if: geteuid() != 0, "root reads a file of mode 000, so there is no refusal to see"))
    func aJournalThatMayNotBeReadIsNamedAsUnreadable() async throws {
        let (bench, ran) = try await Self.benchWithARun()
        defer { bench.root.remove() }
        let path = bench.home + "/history/\(ran).jsonl"
        #expect(chmod(path, 0) == 0)
        defer { chmod(path, 0o600) }

        let refusal = "prx: error: cannot read the journal \(path): Permission denied\n"
        for words in Self.commands(naming: ran) {
            let outcome = try await bench.prx(words)
            #expect(outcome.status == 2, "\(words)")
            #expect(outcome.stderr == refusal, "\(words)")
        }
    }
}
