import Foundation
import PRXTesting
import Testing

@Suite struct SyncFlagTests {
    @Test func aSyncedRunWritesEveryRowAndJournalLine() throws {
        let bench = try Workbench()
        defer { bench.root.remove() }
        let folder = try bench.tasks(3) { "echo synced \($0)\n" }
        let outcome = try bench.prx(["-T", folder, "-C", "bash @TASK@", "-r", "-m", "2", "--sync"])
        #expect(outcome.status == 0, "\(outcome.stderr)")
        #expect(try bench.summaryRecords().map { $0["status"] } == ["SUCCESS", "SUCCESS", "SUCCESS"])
        let journals = try FileManager.default.contentsOfDirectory(atPath: bench.home + "/history")
        let journal = try String(contentsOfFile: bench.home + "/history/" + #require(journals.first), encoding: .utf8)
        #expect(journal.components(separatedBy: "\"event\":\"task_finished\"").count - 1 == 3)
        #expect(journal.contains("\"event\":\"run_finished\""))
    }
}
