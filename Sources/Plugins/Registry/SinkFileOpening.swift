/// How a sink opens the file it writes (its `path`, or a file of the run's own), which tells what the sink would do
/// to a file the run reads, when it refuses the run whose result file that is: one the sink empties is lost, one it
/// adds to holds the run's results, to be read with what it held.
public enum SinkFileOpening: Sendable, Hashable {
    /// Empties it as it opens it (`O_TRUNC`): what the file held is gone. A sink registered without saying.
    case empties
    /// Adds to its end (`O_APPEND`), keeping what the file holds: the run's log, as Python's `FileHandler` does.
    case appends
    /// Adds to its end in a run that takes up an earlier one (`--resume`), so that the earlier run's results stay
    /// beside the new ones, and empties it otherwise: the CSV summary and the JSON Lines.
    case appendsWhenResuming

    /// Whether the sink adds to its file, in a run that takes up an earlier one (`resumingEarlierRun`) or not.
    public func appends(resumingEarlierRun: Bool) -> Bool {
        switch self {
        case .empties: false
        case .appends: true
        case .appendsWhenResuming: resumingEarlierRun
        }
    }
}
