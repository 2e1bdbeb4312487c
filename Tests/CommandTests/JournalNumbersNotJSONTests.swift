import Foundation
import PRXTesting
import Testing

/// A task line's `duration` that is no number a `Double` holds (`1e999`, which JSON allows), or no JSON number at all
/// (`-nan`, `-inf`, `0x1p3`, which Swift's `Double` reads), is not known: `prx history RUN --json` wrote it as Swift
/// prints it (`"duration" : inf`, `nan`), so that its output was no JSON, and the table showed `infs` and `-nans`.
@Suite(.runsProcesses) struct JournalNumbersNotJSONTests {
    @Test(arguments: ["1e999", "-1e999", "-nan", "-inf", "0x1p3", "-infinity"])
    func aDurationNoDoubleHoldsIsNotKnown(written: String) async throws {
        let bench = try Workbench()
        defer { bench.root.remove() }
        let (journal, run) = try await bench.journaledRunOfOneTask()
        try bench.damage(journal: journal, replacing: #""duration":[0-9.e-]+"#, with: #""duration":\#(written)"#)

        let json = try await bench.prx(["history", run, "--json"])
        #expect(json.status == 0, "\(json.stderr)")
        let object = try JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as? [String: Any]
        let tasks = try #require(object?["tasks"] as? [[String: Any]])
        #expect(tasks.count == 1)
        #expect(tasks.first?["duration"] is NSNull, "\(tasks)")
        #expect(tasks.first?["status"] as? String == "SUCCESS")

        let table = try await bench.prx(["history", run])
        #expect(table.status == 0)
        let row = try #require(table.stdout.split(separator: "\n").last)
        #expect(row.split(separator: " ", omittingEmptySubsequences: true).map(String.init)
            == ["1", "SUCCESS", "0", "-", "1", "a"], "\(table.stdout)")
    }
}
