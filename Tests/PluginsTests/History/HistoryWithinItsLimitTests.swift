import Foundation
import PRXTesting
import Testing
import PRXPlugins

/// Every run prunes the history as it starts and as it ends. Pruning read each journal of the history about four times
/// (its start to order the runs, its last line and start to tell whether it is going, its start again for the run it
/// resumed) even when the history held no more journals than it keeps, so that a run's own cost grew with the history:
/// 0.09–0.13 s of prx's CPU and 0.23–0.38 s of wall time for a run of one task beside 2000 journals
/// (`history.keep_runs: 5000`), 22 system calls a journal. A history within its limit is now not read at all.
@Suite struct HistoryWithinItsLimitTests {
    /// The read system calls this process has made (`syscr` of `/proc/self/io`), all its threads together.
    private static func readCalls() -> Int? {
        guard let text = try? String(contentsOfFile: "/proc/self/io", encoding: .utf8) else { return nil }
        for line in text.split(separator: "\n") where line.hasPrefix("syscr:") {
            return Int(line.dropFirst("syscr:".count).trimmingCharacters(in: .whitespaces))
        }
        return nil
    }

    @Test(.enabled(if: readCalls() != nil, "needs /proc/self/io"))
    func aHistoryWithinItsLimitIsPrunedWithoutReadingItsJournals() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let journals = 400
        for number in 1...journals {
            let runID = "20261206-200000-\(number)"
            let started = #"{"event":"run_started","run":""# + runID + #"","time":"2026-12-06T20:00:00.000000+00:00"}"#
                + "\n"
            try directory.write("\(runID).jsonl", started)
        }
        let history = RunHistory(directory: directory.path)
        let before = try #require(Self.readCalls())
        #expect(history.prune(keeping: journals).isEmpty)
        let reads = try #require(Self.readCalls()) - before
        // Reading each journal once takes 400 reads, the old pruning some 1600; this process's other tests read too.
        #expect(reads < journals / 2, "pruning a history within its limit made \(reads) reads")
        #expect(try FileManager.default.contentsOfDirectory(atPath: directory.path).count == journals)
    }
}
