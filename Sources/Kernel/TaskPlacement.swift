/// Where an attempt of a task runs, as its executor reports it while the attempt runs: a cluster executor knows its
/// job's id once the job is queued, and the host once the job starts, hours before the result.
///
/// The job id and the host are the executor's own words, either `nil` when it does not know it (yet). Each report
/// says everything the executor knows of the attempt's place at the time, not only what changed: a later report of
/// the same attempt replaces an earlier one (the job id when queued, then the same job id with the host).
public struct TaskPlacement: Sendable {
    /// The task, as the executor was given it.
    public var task: TaskSpec
    /// The worker slot (1…N) the attempt occupies (``ExecutionContext/workerID``).
    public var workerID: Int
    /// The attempt's number, 1 for the first (``ExecutionContext/attempt``).
    public var attempt: Int
    /// The executor's handle for the attempt: a cluster's job id.
    public var jobID: String?
    /// The host the attempt runs on.
    public var host: String?

    /// Creates a placement.
    public init(task: TaskSpec, workerID: Int, attempt: Int, jobID: String?, host: String?) {
        self.task = task
        self.workerID = workerID
        self.attempt = attempt
        self.jobID = jobID
        self.host = host
    }
}
