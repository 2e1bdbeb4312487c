import PRXPlugins

/// prx's configuration as typed values, section by section, as parallelr's YAML file lays it out, plus prx's own
/// `plugins:` and `history:` sections.
///
/// A fresh value holds the hard-coded defaults, which are parallelr's. ``ConfigurationLoader`` overlays the script
/// and user files on it, then the command-line flags (``LoadedConfiguration/override(with:)``).
struct PRXConfiguration: Sendable, Equatable {
    /// `limits:` — workers, timeouts, output capture, their caps, and the stop limits.
    struct Limits: Sendable, Equatable {
        /// Tasks run at once.
        var maxWorkers = 20
        /// Time limit of one task, in seconds.
        var timeoutSeconds = 600
        /// parallelr's polling interval, in seconds; prx's scheduler does not poll, so it is read and shown only.
        var waitTime = 0.1
        /// Seconds between task starts.
        var taskStartDelay = 0.0
        /// Characters kept of the end of each task's stdout and stderr.
        var maxOutputCapture = 1000
        /// The cap on ``maxWorkers``; script configuration only, which may raise it above parallelr's 100 as
        /// parallelr's takes it, or the run's executor's own (``FlagOverrides/executorCap``).
        var maxAllowedWorkers = ExecutorLimits.parallelrMaxWorkers
        /// The cap on ``timeoutSeconds``; script configuration only.
        var maxAllowedTimeout = 3600
        /// The cap on ``maxOutputCapture``; script configuration only.
        var maxAllowedOutput = 10000
        /// Whether the stop limits halt the run.
        var stopLimitsEnabled = false
        /// Failures in a row that halt the run.
        var maxConsecutiveFailures = 5
        /// Failure rate above which the run halts.
        var maxFailureRate = 0.5
        /// Finished tasks before the failure rate counts.
        var minTasksForRateCheck = 10
    }

    /// `security:` — script configuration only.
    struct Security: Sendable, Equatable {
        /// The most characters one argument of a task's command may have.
        var maxArgumentLength = 1000
    }

    /// `execution:` — how tasks are run.
    struct Execution: Sendable, Equatable {
        /// One working directory per worker instead of one shared one.
        var workspaceIsolation = false
        /// Stop a task's whole process group, not only its main process.
        var useProcessGroups = true
    }

    /// `logging:` — the main log.
    struct Logging: Sendable, Equatable {
        /// DEBUG, INFO, WARNING, ERROR or CRITICAL.
        var level = "INFO"
        /// Python logging format of console lines.
        var consoleFormat = "%(asctime)s - %(levelname)s - %(message)s"
        /// Python logging format of log-file lines.
        var fileFormat = "%(asctime)s - %(name)s - %(levelname)s - [%(threadName)s] - %(message)s"
        /// `strftime` format of the timestamp in log file names.
        var customDateFormat = "%d%b%y_%H%M%S"
        /// Size in megabytes at which the main log is rotated; a fraction is taken, as parallelr's Python takes it.
        var maxLogSizeMB: Double = 10
        /// Rotated logs kept.
        var backupCount = 5
    }

    /// `advanced:` — task file limits and features parallelr reserves.
    struct Advanced: Sendable, Equatable {
        /// The most bytes a task file may have.
        var maxFileSize = 1_048_576
        /// A memory limit per worker in megabytes, or `nil` for none; not enforced, as in parallelr.
        var memoryLimitMB: Int?
        /// Whether failed tasks are retried.
        var retryFailedTasks = false
    }

    /// `history:` — prx's record of past runs.
    struct History: Sendable, Equatable {
        /// Past runs kept.
        var keepRuns = 100
    }

    /// The `limits:` section.
    var limits = Limits()
    /// The `security:` section.
    var security = Security()
    /// The `execution:` section.
    var execution = Execution()
    /// The `logging:` section.
    var logging = Logging()
    /// The `advanced:` section.
    var advanced = Advanced()
    /// The `history:` section.
    var history = History()
    /// `plugins:` — plugin name → setting → value, text or a YAML list, the same names and keys as
    /// `--set NAME.KEY=VALUE`.
    var plugins: [String: [String: PluginSettingValue]] = [:]
}
