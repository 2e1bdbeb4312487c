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
