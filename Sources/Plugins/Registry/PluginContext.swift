import Foundation

/// The run-wide facts a plugin factory may need beside its own settings: who is running, where files go,
/// what every task shares, and where warnings go.
public struct PluginContext: Sendable {
    /// prx's own process id (the `process_id` column, the log file names).
    public var processID: Int32
    /// When the run began; log file names carry it.
    public var runStartTime: Date
    /// The run's worker count.
    public var workers: Int
    /// The default paths of the log, summary and output files.
    public var logFiles: RunLogFiles
    /// What relative paths in settings are relative to; `nil` for the current directory.
    public var baseDirectory: String?
    /// The time limit, working directory and security limits every task shares.
    public var taskSettings: TaskSettings
    /// Receives warnings meant for the user and the log.
    public var warn: @Sendable (String) -> Void

    /// Creates a context.
    public init(
        processID: Int32 = getpid(),
        runStartTime: Date = Date(),
        workers: Int = 1,
        logFiles: RunLogFiles,
        baseDirectory: String? = nil,
        taskSettings: TaskSettings = TaskSettings(),
        warn: @escaping @Sendable (String) -> Void = { _ in }
    ) {
        self.processID = processID
        self.runStartTime = runStartTime
        self.workers = workers
        self.logFiles = logFiles
        self.baseDirectory = baseDirectory
        self.taskSettings = taskSettings
        self.warn = warn
    }
}
