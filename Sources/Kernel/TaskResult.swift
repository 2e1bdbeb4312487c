import Foundation

/// How a process ended, as the operating system reports it.
public enum TerminationStatus: Sendable, Hashable {
    /// The process exited with this code.
    case exited(Int32)
    /// The process was ended by this signal.
    case signaled(Int32)
}

/// Everything known about one task once it has ended.
public struct TaskResult: Sendable {
    /// The task this result belongs to.
    public var task: TaskSpec
    /// How the task ended.
    public var status: TaskStatus
    /// How the task's process ended, when it ran.
    public var termination: TerminationStatus?
    /// When the task started (wall clock): its last attempt's start, which the scheduler reported, or the command's;
    /// `nil` when it never started.
    public var startTime: Date?
    /// When the task ended (wall clock).
    public var endTime: Date
    /// Elapsed seconds between start and end, measured on a monotonic clock; 0 when it never started.
    public var duration: Double
    /// The worker slot (1…N) that ran the task; 0 when it never started.
    public var workerID: Int
    /// The executor's own handle for the task: a process id locally, a job id on a cluster.
    public var jobID: String?
    /// The host the task ran on, when the executor knows it.
    public var host: String?
    /// Peak resident memory of the task in megabytes, when measured.
    public var peakMemoryMB: Double?
    /// CPU time over wall time, as a percentage, when measured.
    public var cpuPercent: Double?
    /// The last characters of the task's standard output, up to the executor's capture limit.
    public var stdoutTail: String
    /// The last characters of the task's standard error, up to the executor's capture limit.
    public var stderrTail: String
    /// A human explanation when the status needs one ("Timeout after 45s", "command not found: foo").
    public var message: String?
    /// How many attempts ran, counting the first.
    public var attempts: Int
    /// Why the task never started, set by an executor that tried to start it and can tell: a caller that removes the
    /// cause (makes the working directory again) may start the task once more without running it twice. `nil` for a
    /// task that ran, or that did not start for a reason its executor cannot tell or that has no case (its
    /// ``message`` says why).
    public var notStartedReason: NotStartedReason?

    /// Creates a result.
    public init(
        task: TaskSpec,
        status: TaskStatus,
        termination: TerminationStatus? = nil,
        startTime: Date? = nil,
        endTime: Date = Date(),
        duration: Double = 0,
        workerID: Int = 0,
        jobID: String? = nil,
        host: String? = nil,
        peakMemoryMB: Double? = nil,
        cpuPercent: Double? = nil,
        stdoutTail: String = "",
        stderrTail: String = "",
        message: String? = nil,
        attempts: Int = 1
    ) {
        self.task = task
        self.status = status
        self.termination = termination
        self.startTime = startTime
        self.endTime = endTime
        self.duration = duration
        self.workerID = workerID
        self.jobID = jobID
        self.host = host
        self.peakMemoryMB = peakMemoryMB
        self.cpuPercent = cpuPercent
        self.stdoutTail = stdoutTail
        self.stderrTail = stderrTail
        self.message = message
        self.attempts = attempts
    }

    /// The exit code, when the process exited normally.
    public var exitCode: Int32? {
        if case .exited(let code) = termination { return code }
        return nil
    }

    /// A result for a task that never started.
    public static func notStarted(_ task: TaskSpec, status: TaskStatus, message: String?) -> TaskResult {
        TaskResult(task: task, status: status, message: message, attempts: 0)
    }
}
