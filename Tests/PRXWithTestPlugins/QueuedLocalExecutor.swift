import Foundation
import PRXCommand
import PRXKernel

/// An executor that runs each attempt as the built-in `local` one does, after pretending it is a cluster job: it
/// reports the job's id as the attempt starts (queued, no host yet), waits `queueSeconds`, reports the job id with the
/// host, then runs the command on `local`. Registered as `queued-local` in this build of prx, so that the command tests
/// run the real binary on an executor that reports placements (``PRXKernel/Executor/reportsPlacements``).
///
/// The job ids and hosts are those of `PRXTesting`'s `ScriptedClusterExecutor`: attempt 2 of task 7 is job `7.2`, and an
/// attempt on worker 3 runs on host `node3`. Cancelled while queued, an attempt ends ``TaskStatus/cancelled`` at once,
/// its command never run and no host reported.
struct QueuedLocalExecutor: WrappingExecutor {
    /// What runs the commands: the built-in `local` executor.
    var base: any Executor
    /// Seconds each attempt waits in the pretended queue before it runs.
    var queueSeconds: Double

    var reportsPlacements: Bool { true }

    func execute(_ task: TaskSpec, context: ExecutionContext) async -> TaskResult {
        let jobID = "\(task.id.rawValue).\(context.attempt)"
        context.reportPlacement(of: task, jobID: jobID, host: nil)
        let queued = Date()
        do {
            try await Task.sleep(for: .seconds(queueSeconds))
        } catch {
            return TaskResult(
                task: task, status: .cancelled, startTime: queued, duration: Date().timeIntervalSince(queued),
                workerID: context.workerID, jobID: jobID, message: "terminated: run interrupted",
                attempts: context.attempt)
        }
        let host = "node\(context.workerID)"
        context.reportPlacement(of: task, jobID: jobID, host: host)
        var result = await base.execute(task, context: context)
        result.jobID = jobID
        result.host = host
        return result
    }
}
