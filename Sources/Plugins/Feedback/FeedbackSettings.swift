/// Whether and how an executor gives tasks feedback files and watches their heartbeat.
///
/// With settings, every attempt of a task gets an empty ``FeedbackFile`` in ``directory``, named in its
/// environment; its final contents come back in the task's result (see ``TaskResult/feedback``).
public struct FeedbackSettings: Sendable, Hashable {
    /// The run's feedback directory, created when the first task starts; the files stay after the run.
    public var directory: String
    /// Seconds a task may go without exiting or changing its feedback file before it is stopped with status
    /// ``PRXKernel/TaskStatus/timeout``; `nil` watches no heartbeat.
    public var heartbeatTimeout: Double?

    /// Creates settings.
    public init(directory: String, heartbeatTimeout: Double? = nil) {
        self.directory = directory
        self.heartbeatTimeout = heartbeatTimeout
    }

    /// Whether a run gives its tasks feedback files: when `feedback` is on (`--feedback`, `local.feedback`) or a
    /// heartbeat is watched (`--heartbeat-timeout`, `local.heartbeat_timeout`), which needs the files. The
    /// `feedback_dir` setting only says where the files go: a `plugins:` entry naming it for every run turns
    /// feedback on for none.
    public static func isOn(feedback: Bool?, heartbeatTimeout: Double?) -> Bool {
        feedback == true || heartbeatTimeout != nil
    }

    /// Where a run's feedback files go, as an absolute path: the subdirectory `runID` of `named` (the
    /// `feedback_dir` setting, taken from `base` when relative), or, when no directory is named,
    /// `parallelr_{PID}_{TIMESTAMP}_feedback` beside the run's log files (taken from the current directory when
    /// their directory is relative). Absolute, so that `prx status` and `prx feedback` find the files from any
    /// directory.
    ///
    /// A named directory may be shared by every run (a `plugins:` entry of the configuration), and its files are
    /// named by task id, which every run numbers from 1: without a directory of its own, a run would empty the files
    /// of another run's tasks, read their values as its own and take their writes for its tasks' heartbeats.
    public static func directory(named: String?, logFiles: RunLogFiles, base: String, runID: String) -> String {
        guard let named else {
            let beside = "\(logFiles.directory)/\(logFiles.baseName)_feedback"
            return SourceFileSystem.absolutePath(beside, base: SourceFileSystem.currentDirectory)
        }
        let shared = SourceFileSystem.absolutePath(named, base: base)
        return (PathSlashes.endsWithSlash(shared) ? shared : shared + "/") + runID
    }
}
