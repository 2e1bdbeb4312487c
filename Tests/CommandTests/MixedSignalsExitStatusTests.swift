import Foundation
import PRXTesting
import Testing

/// The first signal prx receives decides its exit status, 128 + its number, whatever signals follow it.
@Suite(.runsProcesses) struct MixedSignalsExitStatusTests {
    /// A number no other process on the machine has in its command line, for `sleep` markers.
    private static func marker() -> String { "34\(Int.random(in: 10...99)).\(Int.random(in: 100_000...999_999))" }

    /// SIGINT, SIGTERM and SIGHUP sent back to back end prx with the status of the first it receives: SIGINT's, 130,
    /// when SIGINT reaches it alone, or, when they reach it together, SIGHUP's, 129, as Linux hands signals that wait
    /// together over lowest number first (SIGHUP 1, SIGINT 2, SIGTERM 15); which one was sent first, no process can
    /// tell then. It was SIGTERM's, 143, nearly every time: the handler of each signal was interrupted by the next
    /// one's, so that the last one's handler ran, and wrote its number for the trap's reader, first. Three bursts, as
    /// the two statuses depend on timing and the wrong one did not come every time.
    @Test func aBurstOfSignalsEndsPRXWithTheFirstOneItReceives() async throws {
        for _ in 1...3 {
            let bench = try Workbench()
            defer { bench.root.remove() }
            let mark = Self.marker()
            let folder = try bench.tasks(3) { _ in "sleep \(mark)\n" }
            let run = try PRXProcess(["-T", folder, "-C", "bash @TASK@", "-r"], home: bench.home)
            #expect(await LiveProcesses.awaitCount(mark, atLeast: 3) == 3)
            let pid = run.process.processIdentifier
            for signal in [SIGINT, SIGTERM, SIGHUP] {
                kill(pid, signal)
            }
            let outcome = await run.wait(killingAfter: 30)
            #expect(outcome.status == 130 || outcome.status == 129, "\(outcome.stderr)")
            #expect(outcome.stdout.contains("Interrupted: yes"), "\(outcome.stdout)")
            #expect(await LiveProcesses.awaitGone(mark).isEmpty)
        }
    }

    /// A second signal that comes once prx is stopping its tasks for the first changes nothing of its status.
    @Test(arguments: [(SIGINT, SIGTERM, Int32(130)), (SIGTERM, SIGINT, Int32(143)), (SIGHUP, SIGTERM, Int32(129))])
    func aSignalAfterTheFirstLeavesTheFirstOnesStatus(first: Int32, second: Int32, status: Int32) async throws {
        let bench = try Workbench()
        defer { bench.root.remove() }
        let mark = Self.marker()
        let stopping = bench.root.file("stopping")
        let folder = try bench.tasks(1) { _ in
            "trap 'touch \"\(stopping)\"; sleep 1; exit 143' TERM\nsleep \(mark) &\nwait\n"
        }
        let run = try PRXProcess(["-T", folder, "-C", "bash @TASK@", "-r"], home: bench.home)
        #expect(await LiveProcesses.awaitCount(mark, atLeast: 1) == 1)
        let pid = run.process.processIdentifier
        kill(pid, first)
        let deadline = Date().addingTimeInterval(20)
        while !FileManager.default.fileExists(atPath: stopping) && Date() < deadline {
            try? await Task.sleep(for: .milliseconds(20))
        }
        kill(pid, second)
        let outcome = await run.wait(killingAfter: 30)
        #expect(outcome.status == status, "\(outcome.stderr)")
        #expect(await LiveProcesses.awaitGone(mark).isEmpty)
    }
}
