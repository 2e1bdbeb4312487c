import Foundation
import PRXTesting
import Testing
import PRXPlugins

@Suite struct RunHistoryOrderTests {
    @Test func runsOfTheSameSecondAreInPIDOrderAndPruningDropsTheOldest() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        for runID in ["20261125-143015-1000", "20261125-143015-999", "20261124-235959-5", "20261125-143016-2"] {
            try directory.write("\(runID).jsonl", "")
        }
        let history = RunHistory(directory: directory.path)
        #expect(history.runIDs() == [
            "20261124-235959-5", "20261125-143015-999", "20261125-143015-1000", "20261125-143016-2",
        ])
        #expect(history.prune(keeping: 2) == ["20261124-235959-5", "20261125-143015-999"])
        #expect(history.runIDs() == ["20261125-143015-1000", "20261125-143016-2"])
    }
}
