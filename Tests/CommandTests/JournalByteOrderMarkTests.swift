import Foundation
import PRXTesting
import Testing

/// A journal an editor saved with a UTF-8 byte order mark before its first line (JSON lets a reader ignore one) was
/// listed by `prx history`, whose reading of a finished run's first line took it, and was said by `prx history RUN`,
/// `--json` and `--resume` to have no `run_started` line: a run the listing showed that no command naming it could
/// read. Each reads it now, as the listing does.
@Suite(.runsProcesses) struct JournalByteOrderMarkTests {
    @Test func aJournalBeginningWithAByteOrderMarkIsRead() async throws {
        let bench = try Workbench()
        defer { bench.root.remove() }
        let (journal, run) = try await bench.journaledRunOfOneTask()
        let text = try String(contentsOfFile: journal, encoding: .utf8)
        try ("\u{FEFF}" + text).write(toFile: journal, atomically: true, encoding: .utf8)

        let listed = try await bench.prx(["history"])
        #expect(listed.status == 0)
        #expect(listed.stdout.contains("\(run)  "), "\(listed.stdout)")
        let table = try await bench.prx(["history", run])
        #expect(table.status == 0, "\(table.stderr)")
        #expect(table.stdout.hasPrefix("Run \(run): finished, started "), "\(table.stdout)")
        let row = try #require(table.stdout.split(separator: "\n").last)
        #expect(row.split(separator: " ").prefix(2) == ["1", "SUCCESS"], "\(table.stdout)")
        let json = try await bench.prx(["history", run, "--json"])
        #expect(json.status == 0, "\(json.stderr)")
        let object = try JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as? [String: Any]
        #expect((object?["tasks"] as? [[String: Any]])?.first?["status"] as? String == "SUCCESS")
        let resumed = try await bench.prx(["--resume", run])
        #expect(resumed.status == 0, "\(resumed.stderr)")
        #expect(bench.runIDs().count == 2)
    }
}
