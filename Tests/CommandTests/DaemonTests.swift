import Foundation
import PRXTesting
import Testing

/// Whether `pid` is a live process; a zombie (ended, waiting for init to reap it) is not.
private func isRunning(_ pid: Int32) -> Bool {
    guard let stat = try? String(contentsOfFile: "/proc/\(pid)/stat", encoding: .utf8) else { return false }
    return stat.split(separator: ")").last?.split(separator: " ").first != "Z"
}

@Suite struct DaemonTests {
    @Test func aDaemonIsListedAndKilledLeavingNoChild() throws {
        let bench = try Workbench()
        defer { bench.root.remove() }
        let mark = "30\(Int.random(in: 10...99)).\(Int.random(in: 100_000...999_999))"
        let folder = try bench.tasks(4) { _ in "sleep \(mark)\n" }
        let started = try bench.prx(["-T", folder, "-C", "bash @TASK@", "-r", "-m", "2", "-D"])
        #expect(started.status == 0, "\(started.stderr)")
        let pidText = try #require(started.stdout.firstMatch(of: /PID (\d+)/)?.1)
        let pid = try #require(Int32(pidText))
        #expect(started.stdout.contains("_summary.csv"))

        let deadline = Date().addingTimeInterval(20)
        while LiveProcesses.matching(mark).count < 2 && Date() < deadline { usleep(50_000) }
        let listed = try bench.prx(["--list-workers"])
        #expect(listed.stdout.contains(String(pid)), "\(listed.stdout)")
        #expect(listed.stdout.contains("0/4"), "\(listed.stdout)")

        let killed = try bench.prx(["-k", String(pid)])
        #expect(killed.status == 0, "\(killed.stderr)")
        #expect(LiveProcesses.awaitGone(mark, seconds: 10).isEmpty)
        #expect(!isRunning(pid), "the daemon is still running")
        let after = try bench.prx(["--list-workers"])
        #expect(!after.stdout.contains(String(pid)))
        let records = try bench.summaryRecords()
        #expect(records.count == 4)
        #expect(records.allSatisfy { $0["status"] == "CANCELLED" })
        let log = try String(contentsOfFile: try #require(bench.logFiles(endingWith: ".log").first), encoding: .utf8)
        #expect(log.contains("Total Tasks: 4"), "the summary report belongs in a daemon's log")
        #expect(log.contains("Run: "))
    }

    @Test func killRefusesAProcessThatIsNotARun() throws {
        let bench = try Workbench()
        defer { bench.root.remove() }
        let outcome = try bench.prx(["-k", String(getpid())])
        #expect(outcome.status == 2)
        #expect(outcome.stderr.hasPrefix("prx: error:"))
    }
}
