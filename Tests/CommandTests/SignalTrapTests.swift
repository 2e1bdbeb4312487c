import Foundation
@testable import PRXCommand
import Synchronization
import Testing

@Suite struct SignalTrapTests {
    /// A signal caught before the trap that acts on it exists (while a run is being set up) waits for it, and
    /// reaches it as it is made: a dispatch source made after `SIG_IGN` lost such signals. The signal is one of the
    /// three that this test process does not ignore (a signal ignored when prx starts stays ignored).
    @Test func aSignalCaughtBeforeTheTrapReachesIt() async throws {
        let signal = try #require(SignalTrap.signals.first { signalNumber in
            var action = sigaction()
            sigaction(signalNumber, nil, &action)
            return unsafeBitCast(action.__sigaction_handler.sa_handler, to: Int.self)
                != unsafeBitCast(SIG_IGN, to: Int.self)
        })
        // The watchdog, which the signal arms, would end this test process after the grace: a day.
        try SignalTrap.install(stopGrace: .seconds(86_400))
        kill(getpid(), signal)
        let calls = Mutex(0)
        let trap = SignalTrap { _ in calls.withLock { $0 += 1 } }
        defer { trap.remove() }
        let deadline = Date().addingTimeInterval(10)
        while calls.withLock({ $0 }) == 0 && Date() < deadline { try await Task.sleep(for: .milliseconds(10)) }
        #expect(calls.withLock { $0 } == 1)
        #expect(trap.caught == signal)
    }
}
