import Foundation
import PRXTesting
import Testing

/// A killed run whose journal an older prx wrote, its `run_progress` lines counting `succeeded` and every failure as
/// `failed` (no `failures`, no other status), is listed from its last progress line, as a newer run is, not from
/// its journal read whole: `prx history`'s FAILED column and `--json`'s `succeeded` and `failures` are the line's
/// counts and those of the task lines after it, and `--json`'s other counts by status, which such a journal does
/// not say short of reading it whole, are `null`.
@Suite(.runsProcesses) struct OlderProgressLineHistoryTests {
    @Test func aKilledRunOfAnOlderPrxIsListedFromItsProgressLine() async throws {
        let bench = try Workbench()
        defer { bench.root.remove() }
        let (journal, run) = try await bench.journaledRunOfOneTask()
        let started = try #require(try String(contentsOfFile: journal, encoding: .utf8).split(separator: "\n").first)
        // Its own prx is gone: without the run_finished line the run was killed, 10 tasks in and a timeout after.
        let older = #"{"event":"run_progress","time":"2026-12-03T12:05:00.000000+00:00","finished":10,"#
            + #""succeeded":6,"failed":3,"running":[]}"#
        let timedOut = #"{"event":"task_finished","key":"00000000000000110","id":11,"label":"t11","#
            + #""status":"TIMEOUT","exit_code":null,"duration":0.5,"attempts":1}"#
        try ([String(started), older, timedOut].joined(separator: "\n") + "\n")
            .write(toFile: journal, atomically: true, encoding: .utf8)

        let listed = try await bench.prx(["history", "--json"])
        let runs = try #require(try JSONSerialization.jsonObject(with: Data(listed.stdout.utf8)) as? [[String: Any]])
        let object = try #require(runs.first { $0["run"] as? String == run })
        #expect(object["state"] as? String == "killed")
        #expect(object["tasks"] as? Int == 11)
        #expect(object["succeeded"] as? Int == 6)
        #expect(object["failures"] as? Int == 4)
        for name in ["failed", "timed_out", "errored", "cancelled", "skipped"] {
            #expect(object[name] is NSNull, "\(name): \(listed.stdout)")
        }
        let table = try await bench.prx(["history"]).stdout
        let row = try #require(table.split(separator: "\n").first { $0.hasPrefix(run + " ") }, "\(table)")
        #expect(row.contains(try Regex(#" 11 +6 +4 +killed "#)), "\(row)")
    }
}
