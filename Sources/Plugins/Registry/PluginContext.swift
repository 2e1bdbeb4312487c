import Foundation

/// The run-wide facts a plugin factory may need beside its own settings: who is running, where files go,
/// what every task shares, and where warnings go.
public struct PluginContext: Sendable {
    /// prx's own process id (the `process_id` column, the log file names).
    public var processID: Int32
    /// When the run began; log file names carry it.
    public var runStartTime: Date
    /// The run's id, as its journal and `prx history` name it.
    public var runID: String { RunHistory.newRunID(startTime: runStartTime, processID: processID) }
    /// The run's worker count.
    public var workers: Int
    /// The default paths of the log, summary and output files.
    public var logFiles: RunLogFiles
    /// What a relative path in a setting is relative to, by the setting's name (`path`, `file`), where it is not the
    /// current directory: a recipe's directory for the values the recipe wrote. Empty in flags mode, and for values
    /// a configuration file's `plugins:` or the command line gave, which are the user's, not the recipe's.
    public var baseDirectories: [String: String]
    /// The time limit, working directory and security limits every task shares.
    public var taskSettings: TaskSettings
    /// Receives warnings meant for the user and the log.
    public var warn: @Sendable (String) -> Void
    /// Whether the run takes up an earlier one (`--resume`): a sink writing to a file the user named adds to
    /// it, so the earlier run's results stay beside the new ones.
    public var resumesEarlierRun: Bool
    /// The existing regular files the run writes its results to (its log, CSV summary, output file, `--json`, any
    /// sink's `path`), which a source reading files names when one of them is a task file, for the command to
    /// refuse the run before a sink empties it (``ParallelrTaskSource/writtenTaskFiles``); none in a dry run.
    public var resultFiles: Set<FileIdentity>
    /// What a source's messages name for a value flags mode gives by a flag: the flag itself unless the command
    /// says otherwise, for a source a recipe or a `--set` configured (``FlagOrigins``).
    public var flagOrigins: FlagOrigins = .flags

    /// Creates a context.
    public init(
        processID: Int32 = ProcessID.own.rawValue,
        runStartTime: Date = Date(),
        workers: Int = 1,
        logFiles: RunLogFiles,
        baseDirectories: [String: String] = [:],
        taskSettings: TaskSettings = TaskSettings(),
        warn: @escaping @Sendable (String) -> Void = { _ in },
        resumesEarlierRun: Bool = false,
        resultFiles: Set<FileIdentity> = []
    ) {
        self.processID = processID
        self.runStartTime = runStartTime
        self.workers = workers
        self.logFiles = logFiles
        self.baseDirectories = baseDirectories
        self.taskSettings = taskSettings
        self.warn = warn
        self.resumesEarlierRun = resumesEarlierRun
        self.resultFiles = resultFiles
    }
}
