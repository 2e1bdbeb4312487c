/// Why a task never started, as the executor that tried to start it tells: nothing of the task ran, so that a caller
/// that removes the cause may start it once more without running it twice. A case stands for a cause an executor can
/// be sure of; more come as executors need them (a cluster's refusal of a job's submission, say).
public enum NotStartedReason: Sendable, Hashable {
    /// The task's working directory could not be entered (gone, not a directory, not searchable), so its program was
    /// never run.
    case workingDirectoryUnavailable
}
