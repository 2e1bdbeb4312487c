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

    /// A file in the history not named by a run's id (`my backup.jsonl`, a copy the user keeps; `.jsonl`) is no run:
    /// it was listed as one (a row `prx history RUN` then refused as no run id), counted among the runs pruning keeps,
    /// and deleted by pruning and `--clear`, and a directory named as a draft (`notes.jsonl.new/`) was deleted whole.
    @Test func aFileNotNamedByARunsIDIsNoRunAndIsLeft() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let started = #"{"event":"run_started","run":"20261125-143015-1","time":"2026-11-25T14:30:15.000000+00:00"}"#
        for name in ["20261125-143015-1.jsonl", "20261125-143016-2.jsonl", "my backup.jsonl", ".jsonl"] {
            try directory.write(name, started + "\n")
        }
        try directory.write("notes.jsonl.new/kept", "kept\n")
        let history = RunHistory(directory: directory.path)
        #expect(history.runIDs() == ["20261125-143015-1", "20261125-143016-2"])
        #expect(history.prune(keeping: 1) == ["20261125-143015-1"])
        #expect(history.clear().removed == ["20261125-143016-2"])
        let left = try FileManager.default.contentsOfDirectory(atPath: directory.path).sorted()
        #expect(left == [".jsonl", "my backup.jsonl", "notes.jsonl.new"])
        #expect(try directory.read("notes.jsonl.new/kept") == "kept\n")
    }

    /// Runs are in the order of the starts their journals record, with their offsets from UTC, whatever their ids
    /// say; a journal whose first line cannot be read, by the time its id names, as UTC; ties by PID.
    @Test func runsAreInTheOrderOfTheStartsTheirJournalsRecord() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let long = String(repeating: "a", count: 10_000)
        let starts = [
            // A first line longer than what is read for the start, whose start comes before its long members.
            ("20261125-143020-3", "2026-11-25T14:20:00.000000+00:00\",\"arguments\":[\"\(long)\"]"),
            // An id naming Tokyo's time.
            ("20261125-233000-7", "2026-11-25T23:30:00.000000+09:00\""),
            ("20261125-143000-5", "2026-11-25T14:30:00.250000+00:00\""),
            ("20261125-153005-9", "2026-11-25T15:30:05.000000+01:00\""),
            ("20261125-143010-10", "2026-11-25T14:30:10.000000+00:00\""),
        ]
        for (runID, rest) in starts {
            let line = #"{"event":"run_started","run":""# + runID + #"","time":""# + rest + "}\n"
            try directory.write("\(runID).jsonl", line)
        }
        try directory.write("20261125-143010-8.jsonl", "")
        #expect(RunHistory(directory: directory.path).runIDs() == [
            "20261125-143020-3", "20261125-233000-7", "20261125-143000-5", "20261125-153005-9", "20261125-143010-8",
            "20261125-143010-10",
        ])
    }
}
