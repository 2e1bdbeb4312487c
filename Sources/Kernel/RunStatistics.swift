/// A run's running totals, kept by the scheduler and shown to stop policies and in the summary.
///
/// Every figure is a count or a sum over results so far; nothing per task is kept, so the totals of a
/// million-task run take as little memory as those of ten.
public struct RunStatistics: Sendable, Hashable {
    /// Results recorded so far, whatever their status.
    public var finished = 0
    /// The results recorded so far by status.
    public private(set) var counts = StatusCounts()
    /// Failures (``TaskStatus/isFailure``) since the last success.
    public var consecutiveFailures = 0
    /// Tasks handed to the executor and not yet finished, those waiting out a retry delay (on no worker) included.
    public var running = 0
    /// Tasks that have not started: those the scheduler holds (waiting for dependencies, one that a failed dependency
    /// keeps from running included until the others end, or for a worker, or about to be reported skipped), plus
    /// those the source has still to yield that it knows of (``TaskSource/knownRemainingTaskCount``).
    public var pending = 0
    /// Seconds since the run began.
    public var elapsed = 0.0
    /// Attempts handed to the executor, retries included.
    public var started = 0

    /// Tasks that ran: their process (or job) ended, by an exit or a signal, whether it succeeded, failed, timed
    /// out or was stopped by a halt or an interruption (cancelled while running). The durations below are theirs.
    public var ran = 0
    /// Sum of the durations of tasks that ran.
    public var totalDuration = 0.0
    /// Longest duration of a task that ran.
    public var maxDuration: Double?
    /// Shortest duration of a task that ran.
    public var minDuration: Double?
    /// Sum of measured peak memory, in megabytes.
    public var totalMemoryMB = 0.0
    /// Largest measured peak memory, in megabytes.
    public var peakMemoryMB: Double?
    /// How many results carried a memory figure.
    public var memorySamples = 0

    /// Creates empty totals.
    public init() {}

    /// Tasks that succeeded (``StatusCounts/succeeded``).
    public var succeeded: Int { counts.succeeded }
    /// Tasks that exited non-zero (``StatusCounts/failed``).
    public var failed: Int { counts.failed }
    /// Tasks that ran past their time limit (``StatusCounts/timedOut``).
    public var timedOut: Int { counts.timedOut }
    /// Tasks that could not start (``StatusCounts/errored``).
    public var errored: Int { counts.errored }
    /// Tasks that never ran, or were stopped, because the run halted (``StatusCounts/cancelled``).
    public var cancelled: Int { counts.cancelled }
    /// Tasks not run because a dependency did not succeed (``StatusCounts/skipped``).
    public var skipped: Int { counts.skipped }
    /// Failures of any kind (``StatusCounts/failures``): failed, timed out, could not start.
    public var failures: Int { counts.failures }

    /// Mean duration of tasks that ran, or `nil` when none ran.
    public var averageDuration: Double? {
        ran == 0 ? nil : totalDuration / Double(ran)
    }

    /// Mean peak memory over results that measured it, or `nil` when none did.
    public var averageMemoryMB: Double? {
        memorySamples == 0 ? nil : totalMemoryMB / Double(memorySamples)
    }

    /// Adds one result to the totals.
    public mutating func record(_ result: TaskResult) {
        record(Outcome(result))
    }

    /// Counts in a result of which `outcome` keeps what the totals need.
    public mutating func record(_ outcome: Outcome) {
        finished += 1
        counts[outcome.status] += 1
        if outcome.status == .success {
            consecutiveFailures = 0
        } else if outcome.status.isFailure {
            consecutiveFailures += 1
        }
        if outcome.status == .success || outcome.status == .failed || outcome.status == .timeout
            || outcome.stoppedWhileRunning
        {
            ran += 1
            totalDuration += outcome.duration
            maxDuration = max(maxDuration ?? outcome.duration, outcome.duration)
            minDuration = min(minDuration ?? outcome.duration, outcome.duration)
        }
        if let memory = outcome.peakMemoryMB {
            totalMemoryMB += memory
            peakMemoryMB = max(peakMemoryMB ?? memory, memory)
            memorySamples += 1
        }
    }

    /// What the totals count of a result: its status, whether it was stopped while it ran, its duration and peak
    /// memory. A few bytes with nothing to count references of, for whoever records results later than it gets them
    /// (a sink that counts a result once its line is written) and would otherwise keep each whole.
    public struct Outcome: Sendable, Hashable {
        /// The result's status.
        public var status: TaskStatus
        /// Whether the task was cancelled while it ran: its process ended (``TaskResult/termination``).
        public var stoppedWhileRunning: Bool
        /// The result's duration, in seconds.
        public var duration: Double
        /// The result's measured peak memory, in megabytes, or `nil`.
        public var peakMemoryMB: Double?

        /// The outcome of `result`.
        public init(_ result: TaskResult) {
            status = result.status
            stoppedWhileRunning = result.status == .cancelled && result.termination != nil
            duration = result.duration
            peakMemoryMB = result.peakMemoryMB
        }
    }
}
