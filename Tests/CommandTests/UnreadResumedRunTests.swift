import Foundation
import PRXTesting
import Testing

/// A resumption reads the run it takes up with the runs that one resumed (`resumed_from`, step by step). A run of that
/// chain whose journal is gone or cannot be read was left out without a word, so that a task that succeeded only there
/// ran again unannounced: the resumption now says which run it does not read, and why, in one warning.
@Suite(.runsProcesses)
struct UnreadResumedRunTests {
    @Test(arguments: [UnreadJournal.gone, .fifo])
    func aRunOfTheChainThatCannotBeReadIsWarnedOf(journal: UnreadJournal) async throws {
        let bench = try Workbench()
        defer { bench.root.remove() }
        let chain = try await ResumedChain(in: bench)
        let path = bench.home + "/history/\(chain.first).jsonl"
        #expect(unlink(path) == 0)
        if journal == .fifo { #expect(mkfifo(path, 0o600) == 0) }

        let again = try await bench.prx(["--resume", chain.second])
        #expect(again.status == 0, "\(again.stderr)")
        let reason = journal == .gone
            ? "the journal \(path) is gone" : "cannot read the journal \(path): it is a FIFO, not a journal"
        #expect(again.stderr == "prx: warning: run \(chain.second) resumed run \(chain.first), which this resumption "
            + "does not read: \(reason); a task that succeeded in run \(chain.first) may run again\n")
        #expect(try chain.ranTasks() == ["a", "a", "b", "b", "b"])
    }

    /// A `resumed_from` that is no run id (a journal someone edited) was made a path all the same, so that a file
    /// outside the history, `../planted.jsonl`, was read as the earlier run's verdicts, and the tasks it said
    /// succeeded did not run again. It names no run of the history: the resumption says so and reads no such file.
    @Test func aResumedRunNamedByNoRunIDIsNotReadOutsideTheHistory() async throws {
        let bench = try Workbench()
        defer { bench.root.remove() }
        let chain = try await ResumedChain(in: bench)
        let history = bench.home + "/history"
        // The first run's journal, where the edited name leads: it says task a succeeded.
        #expect(rename("\(history)/\(chain.first).jsonl", "\(bench.home)/planted.jsonl") == 0)
        let secondPath = "\(history)/\(chain.second).jsonl"
        let second = try String(contentsOfFile: secondPath, encoding: .utf8)
        let edited = second.replacingOccurrences(of: "resumed_from=\(chain.first)", with: "resumed_from=../planted")
        #expect(edited != second)
        try edited.write(toFile: secondPath, atomically: false, encoding: .utf8)

        let again = try await bench.prx(["--resume", chain.second])
        #expect(again.status == 0, "\(again.stderr)")
        #expect(again.stderr == "prx: warning: run \(chain.second) resumed run ../planted, which this resumption "
            + "does not read: that is not a run id, so no journal of the history (\(history)); a task that succeeded "
            + "in run ../planted may run again\n")
        #expect(try chain.ranTasks() == ["a", "a", "b", "b", "b"])
    }

    /// A chain read whole says nothing, and what succeeded in its first run does not run again.
    @Test func aChainReadWholeIsNotWarnedOf() async throws {
        let bench = try Workbench()
        defer { bench.root.remove() }
        let chain = try await ResumedChain(in: bench)

        let again = try await bench.prx(["--resume", chain.second])
        #expect(again.status == 0)
        #expect(again.stderr == "")
        #expect(try chain.ranTasks() == ["a", "b", "b", "b"])
    }

    /// What stands at the first run's journal's name.
    enum UnreadJournal: Sendable, CustomTestStringConvertible {
        case gone
        case fifo

        var testDescription: String { self == .gone ? "nothing" : "a FIFO" }
    }
}
