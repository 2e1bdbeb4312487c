/// When a run started, as a history orders its runs: by the instant its journal's `run_started` line records, to
/// the microsecond and whatever time zone it ran in, then by PID as a number.
///
/// Not by the id's text: ids named the local start time before prx named them in UTC, so that the journals of a
/// time zone east of UTC sorted after the runs started since, and `keep_runs` deleted new runs and kept old ones.
/// A journal whose first line cannot be read from its first ``readLength`` bytes is placed by the time its id
/// names, taken as UTC; two runs of one instant (or of one second, by their ids) by PID, since `…-999` sorts after
/// `…-1000` as text.
struct RunStart: Comparable {
    /// How many bytes of a journal are read for its start: the `time` member comes third in its first line, after
    /// `event` and `run`, and the line's long members (arguments, configuration) after it.
    static let readLength = 4096

    /// The run's identifier.
    let runID: String
    /// The start in microseconds since 1970 (UTC); `nil` when neither the journal nor the id tells it.
    let microseconds: Int?
    /// The PID that ends the id; 0 when it ends otherwise.
    let processID: Int

    /// The start of run `runID`, from `journalStart`, the first bytes of its journal (`nil` when it cannot be read).
    init(runID: String, journalStart: ArraySlice<UInt8>?) {
        self.runID = runID
        let line = journalStart.flatMap { JournalLine(startOf: $0) }
        let recorded = line?.string("event") == "run_started" ? line?.string("time") : nil
        microseconds = recorded.flatMap(JournalTime.microseconds(ofJournalTime:))
            ?? JournalTime.microseconds(ofRunID: runID)
        let dash = runID.lastIndex(of: "-")
        processID = dash.flatMap { Int(runID[runID.index(after: $0)...]) } ?? 0
    }

    /// Whether `first` started before `second`: by instant, then by PID, then by id as text, so that no two runs of
    /// a history are tied.
    static func < (first: RunStart, second: RunStart) -> Bool {
        (first.microseconds ?? .min, first.processID, first.runID)
            < (second.microseconds ?? .min, second.processID, second.runID)
    }
}
