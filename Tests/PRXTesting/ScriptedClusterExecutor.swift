import PRXKernel

/// An executor that runs nothing and pretends each attempt is a cluster job: it reports the job's id as the attempt
/// starts (queued), the job id and the host once the queue time is over (running), then ends the attempt as
/// ``ScriptedExecutor`` does, with that job id and host in its result.
///
/// It reports placements (``Executor/reportsPlacements``): a run through it shows what sinks make of
/// ``RunEvent/taskPlaced(_:)``. Attempt 2 of task 7 is job `7.2`, and an attempt on worker 3 runs on host `node3`.
/// Cancelled while queued, an attempt ends ``TaskStatus/cancelled`` at once, with no host reported.
public struct ScriptedClusterExecutor: Executor {
    /// Seconds each attempt waits in the queue before it runs.
    public var queueSeconds: Double
    private let scripted: ScriptedExecutor

    /// Creates an executor whose jobs wait `queueSeconds` and then end as `script` says.
    public init(
        queueSeconds: Double = 0.01,
        script: @escaping @Sendable (TaskSpec) -> ScriptedExecutor.Outcome = { _ in .init() }
    ) {
        self.queueSeconds = queueSeconds
        scripted = ScriptedExecutor(script: script)
    }

    public var reportsPlacements: Bool { true }

    /// The job id of attempt `attempt` of task `id`.
    public static func jobID(of id: TaskID, attempt: Int) -> String {
        "\(id.rawValue).\(attempt)"
    }

    /// The host of an attempt on worker `workerID`.
    public static func host(of workerID: Int) -> String {
        "node\(workerID)"
    }

    public func execute(_ task: TaskSpec, context: ExecutionContext) async -> TaskResult {
        let jobID = Self.jobID(of: task.id, attempt: context.attempt)
        context.reportPlacement(of: task, jobID: jobID, host: nil)
        try? await Task.sleep(for: .seconds(queueSeconds))
        // Cancelled in the queue, the job never ran anywhere; the scripted run returns cancelled at once.
        let host = Task.isCancelled ? nil : Self.host(of: context.workerID)
        if let host {
            context.reportPlacement(of: task, jobID: jobID, host: host)
        }
        var result = await scripted.execute(task, context: context)
        result.jobID = jobID
        result.host = host
        return result
    }
}
