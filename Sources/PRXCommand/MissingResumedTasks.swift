import PRXPlugins
import Synchronization

/// The tasks of a resumed run that did not succeed and that the task source no longer has (a task file removed or
/// renamed, an arguments line changed, a line the run could not read removed): each is warned of, by label, and the
/// resuming run exits 1, as their failure was not resolved; `--resume-failed RUN && deploy` must not go on as if it
/// were.
final class MissingResumedTasks: Sendable {
    private let runID: String
    private let warnings: WarningChannel
    private let found = Atomic<Bool>(false)

    /// Reports for the resumption of `runID` on `warnings`.
    init(resuming runID: String, warnings: WarningChannel) {
        self.runID = runID
        self.warnings = warnings
    }

    /// Whether some were reported: the run did not settle them.
    var anyMissing: Bool { found.load(ordering: .acquiring) }

    /// Warns of `missing`, one line a label and one for those past the labels named.
    func report(_ missing: ResumedTaskSource.MissingTasks) {
        found.store(true, ordering: .releasing)
        for (label, count) in missing.named {
            let copies = count > 1 ? " (\(count) tasks with this line)" : ""
            warnings.warn(
                "task '\(label)'\(copies) did not succeed in run \(runID) and is no "
                    + "longer in the task source; it was not run again")
        }
        let unnamed = missing.total - missing.named.reduce(0) { $0 + $1.count }
        if unnamed > 0 {
            warnings.warn(
                "\(unnamed) more tasks that did not succeed in run \(runID) are no longer in the task source; "
                    + "they were not run again")
        }
    }
}
