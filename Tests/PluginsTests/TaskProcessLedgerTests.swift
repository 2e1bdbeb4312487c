#if os(Linux)
@testable import PRXPlugins
import Testing

@Suite struct TaskProcessLedgerTests {
    /// Spawns the process limit refused wait for leaders to end one at a time, the longest wait first: each ended
    /// leader gives back one process, and waking every wait had each make its pipes and `clone` in vain.
    @Test func anEndedLeaderWakesOneWaitTheLongestFirst() async throws {
        let ledger = TaskProcessLedger()
        for pid: Int32 in [101, 102] {
            ledger.beginSpawn()
            ledger.endSpawn(leader: ProcessID(rawValue: pid))
        }
        try await withThrowingTaskGroup(of: Int.self) { group in
            for wait in 1...2 {
                let endsSeen = ledger.leaderEndCount
                group.addTask {
                    await ledger.waitForALeaderToEnd(atMost: .seconds(60), unlessEndedSince: endsSeen)
                    return wait
                }
                // The second wait begins after the first.
                while ledger.waitCount < wait { try await Task.sleep(for: .milliseconds(10)) }
            }
            ledger.leaderEnded(ProcessID(rawValue: 101))
            #expect(try await group.next() == 1)
            try await Task.sleep(for: .milliseconds(300))
            #expect(ledger.waitCount == 1)
            ledger.leaderEnded(ProcessID(rawValue: 102))
            #expect(try await group.next() == 2)
        }
    }

    /// Once a refused spawn gave up with no task of prx's running, the spawns refused after it give up at once
    /// (each waited 5 s, all prx's pool threads asleep, so that nothing else of the run went on): until a leader is
    /// entered again.
    @Test func aGiveUpWithNoLeaderHoldsUntilALeaderIsEntered() {
        let ledger = TaskProcessLedger()
        #expect(!ledger.gaveUpAlone)
        ledger.giveUpAlone()
        #expect(ledger.gaveUpAlone)
        ledger.beginSpawn()
        ledger.endSpawn(leader: nil)
        #expect(ledger.gaveUpAlone)
        ledger.beginSpawn()
        ledger.endSpawn(leader: ProcessID(rawValue: 101))
        #expect(!ledger.gaveUpAlone)
        ledger.leaderEnded(ProcessID(rawValue: 101))
        #expect(!ledger.gaveUpAlone)
    }

    /// A leader that ends between a refused spawn and its wait is not missed: the wait returns at once.
    @Test func anEndSinceTheCountWasReadEndsTheWaitAtOnce() async {
        let ledger = TaskProcessLedger()
        ledger.beginSpawn()
        ledger.endSpawn(leader: ProcessID(rawValue: 101))
        let endsSeen = ledger.leaderEndCount
        ledger.leaderEnded(ProcessID(rawValue: 101))
        let clock = ContinuousClock()
        let waited = await clock.measure {
            await ledger.waitForALeaderToEnd(atMost: .seconds(60), unlessEndedSince: endsSeen)
        }
        #expect(waited < .seconds(30))
    }
}
#endif
