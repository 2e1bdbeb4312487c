/// Runs tasks: starts one, watches it, and reports how it ended.
///
/// The local process executor is one implementation; a cluster executor (a job per task) is another. The
/// scheduler calls ``execute(_:context:)`` from the child tasks of one task group, so up to the run's worker
/// count of calls are in progress at once, from any thread: an executor is `Sendable` and keeps its own
/// state safe.
///
/// The name shadows `_Concurrency.Executor` in modules that import the kernel; write
/// `_Concurrency.Executor` there if the concurrency protocol is meant.
public protocol Executor: Sendable {
    /// Runs `task` to its end and returns its result.
    ///
    /// - Called by: the scheduler, once per attempt, never for a task with a preflight error.
    /// - Cancellation: when the calling Swift task is cancelled (the run halts now, or prx got a signal), the
    ///   executor stops the task (for a process: its whole process group) and returns a result with status
    ///   ``TaskStatus/cancelled``. It returns promptly and leaves nothing running.
    /// - Attempts: the result's ``TaskResult/attempts`` is `context.attempt`, and its worker `context.workerID`, also
    ///   for an attempt cancelled before its command started: its start was reported, so it started, on its worker,
    ///   as one whose command could not be executed did. The scheduler holds every result to both, and gives one
    ///   without a ``TaskResult/startTime`` the time its start was reported.
    /// - Output: when `context.output` is set, the executor passes each piece of output to it as it arrives, and
    ///   the attempt's last piece before it returns: the scheduler gives the sinks an attempt's output before its
    ///   end. While the sinks are behind (`context.outputBacklog` ``OutputBacklog/isFull``), an executor that can
    ///   stops reading the task's output, without stopping anything else it watches (time limits, other tasks' ends),
    ///   and reads again when ``OutputBacklog/whenDrained(_:)`` calls back; what it still reads as the attempt ends
    ///   (a pipe's last bytes after the process exited) it passes all the same. One that reads on lets prx's memory
    ///   grow with what its tasks write faster than the sinks take it. Each piece names `task`
    ///   (``OutputChunk/taskID``): one naming another task (an executor that mixed its tasks up) is given to no sink,
    ///   and the attempt's result is `task`'s ``TaskStatus/error``, with the message
    ///   `the executor reported output of task 7 for task 3`, as a result naming another task is (below), since the
    ///   output the sinks have of `task` lacks it; a piece passed after `execute` returned is dropped.
    /// - Placement: an executor that ``reportsPlacements`` tells where the attempt runs as soon as it knows, and again
    ///   when it knows more (``ExecutionContext/reportPlacement(of:jobID:host:)``), before it returns; the sinks are
    ///   told each report (``RunEvent/taskPlaced(_:)``) while the attempt runs. The result's ``TaskResult/jobID`` and
    ///   ``TaskResult/host`` repeat the last report, for the sinks that write results only.
    /// - Task: the result's ``TaskResult/task`` is `task`, with its id. One naming another task (an executor that
    ///   mixed its tasks up) is taken for neither: the scheduler reports `task` ``TaskStatus/error``, with the message
    ///   `the executor reported task 7 for task 3`, its exit code dropped and the rest of the result kept: the sinks
    ///   hear of the end of the task that started, not of another, and `task` ends (its dependents released, the run's
    ///   counts right) without a success or a failure the result may not have been its own.
    func execute(_ task: TaskSpec, context: ExecutionContext) async -> TaskResult

    /// Readies what running any task needs (for a process, the thread that watches tasks), so that a run that
    /// cannot have it is refused as it begins, rather than each of its tasks failing for the same reason.
    ///
    /// - Called by: prx, once per run, before the run makes its first file; not by the scheduler. An executor
    ///   that was not readied readies itself as its first task starts.
    /// - Throws: why no task can run; the run is refused with that error.
    func beginRun() throws

    /// Ends what the run's tasks left behind: for a process, what it started outside its process group; for a
    /// cluster, its jobs' leftovers.
    ///
    /// - Called by: the scheduler, once per run, after the run's last attempt has returned (interrupted or not)
    ///   and before it reports the run's end, so that what this reports reaches the run's log.
    func endRun() async

    /// How long stopping a task may take once its attempt is cancelled: for a process, the grace between `SIGTERM`
    /// and `SIGKILL`. Whoever stops the run from outside gives it this long, and more, to write its results.
    var stopGrace: Duration { get }

    /// Whether the executor reports where each attempt runs while it runs (``ExecutionContext/placed``): `true` for one
    /// whose attempt waits and runs elsewhere (a cluster job, queued, then on a node), whose job id and host the sinks
    /// can then be told long before the result tells them.
    ///
    /// - Called by: the scheduler, once per run, as the run starts. The default is `false`: the attempts are given no
    ///   placement handler (``ExecutionContext/placed`` is `nil`), so that an executor that does not report costs the
    ///   run nothing for it. An executor whose attempt runs where and as it starts has nothing to report that its
    ///   result's ``TaskResult/jobID`` and ``TaskResult/host`` do not say. An executor that wraps another one answers
    ///   as the wrapped one does.
    var reportsPlacements: Bool { get }
}

extension Executor {
    /// Nothing to ready: the executor needs nothing before its first task.
    public func beginRun() throws {}

    /// Nothing to end: the executor's attempts leave nothing behind.
    public func endRun() async {}

    /// None: a cancelled attempt ends at once.
    public var stopGrace: Duration { .zero }

    /// Not reporting: an attempt's place is in its result only.
    public var reportsPlacements: Bool { false }
}

/// What the scheduler tells an executor about one attempt of one task.
public struct ExecutionContext: Sendable {
    /// The worker slot (1…N) the task occupies; stable for the attempt, reused by later tasks.
    public var workerID: Int
    /// The attempt's number, 1 for the first.
    public var attempt: Int
    /// Receives the task's output as it arrives, or `nil` when no sink watches output (``Sink/watchesOutput``).
    ///
    /// Called from the executor's own threads, in order for one stream of one task, each call before `execute`
    /// returns, each piece naming this attempt's task; calls for different tasks may overlap. It only hands the piece
    /// over, and returns at once. The scheduler gives the sinks no piece passed after `execute` returned, nor one
    /// naming another task, which makes the attempt an error (``Executor/execute(_:context:)``).
    public var output: (@Sendable (OutputChunk) -> Void)?
    /// How far the sinks are behind the output handed to ``output``, which tells the executor when to stop reading a
    /// task's output and when to read again; set with ``output``, `nil` when it is. One for the whole run, shared by
    /// its attempts: the sinks are behind all of them at once.
    public var outputBacklog: OutputBacklog?
    /// Receives where the attempt runs (``reportPlacement(of:jobID:host:)``), or `nil` when the executor does not
    /// report placements (``Executor/reportsPlacements``).
    ///
    /// Called from the executor's own threads, any number of times, each call before `execute` returns: the scheduler
    /// drops a report that comes after, or that names a task or attempt not running. It only hands the report over,
    /// and returns at once.
    public var placed: (@Sendable (TaskPlacement) -> Void)?

    /// Creates a context.
    public init(
        workerID: Int, attempt: Int = 1, output: (@Sendable (OutputChunk) -> Void)? = nil,
        outputBacklog: OutputBacklog? = nil, placed: (@Sendable (TaskPlacement) -> Void)? = nil
    ) {
        self.workerID = workerID
        self.attempt = attempt
        self.output = output
        self.outputBacklog = outputBacklog
        self.placed = placed
    }

    /// Reports that this attempt of `task` runs as job `jobID` on `host`, as far as the executor knows now (either
    /// `nil` when it does not know it yet); does nothing when ``placed`` is `nil`.
    public func reportPlacement(of task: TaskSpec, jobID: String?, host: String?) {
        placed?(TaskPlacement(task: task, workerID: workerID, attempt: attempt, jobID: jobID, host: host))
    }
}

/// A piece of a running task's output.
public struct OutputChunk: Sendable {
    /// Which of a task's output streams a chunk came from.
    public enum Stream: Sendable, Hashable {
        /// Standard output.
        case stdout
        /// Standard error.
        case stderr
    }

    /// The task that wrote it: the task of the attempt whose ``ExecutionContext/output`` it is passed to.
    public var taskID: TaskID
    /// The stream it was written to.
    public var stream: Stream
    /// The bytes, exactly as read.
    public var bytes: [UInt8]

    /// Creates a chunk.
    public init(taskID: TaskID, stream: Stream, bytes: [UInt8]) {
        self.taskID = taskID
        self.stream = stream
        self.bytes = bytes
    }
}
