import Foundation
import PRXKernel

/// An executor of the tests' own whose tasks run elsewhere, as a cluster's jobs do: each attempt holds no process or
/// descriptor of prx's, and only waits `seconds`, as if for its job, then, when `untilFile` is given, until that file
/// exists (looked for every 20 ms), so that a test ends the jobs once it has looked at the run, then succeeds, exit
/// code 0, as job `<task>.<attempt>` on host `node<worker>`; cancelled while it waits, it ends
/// ``TaskStatus/cancelled`` at once.
/// Registered as `remote` in this build of prx, declaring so (``PRXPlugins/ExecutorLimits``): its tasks hold no
/// descriptors, and its runs may have up to 1000 workers.
struct RemoteJobExecutor: Executor {
    /// Seconds each attempt's job takes.
    var seconds: Double
    /// The file whose existence ends each attempt's job, after `seconds`; `nil` for none.
    var untilFile: String?

    func execute(_ task: TaskSpec, context: ExecutionContext) async -> TaskResult {
        let start = Date()
        let jobID = "\(task.id.rawValue).\(context.attempt)"
        let host = "node\(context.workerID)"
        let cancelled = await !waitForJob()
        return TaskResult(
            task: task, status: cancelled ? .cancelled : .success, termination: cancelled ? nil : .exited(0),
            startTime: start, duration: Date().timeIntervalSince(start), workerID: context.workerID, jobID: jobID,
            host: host, message: cancelled ? "terminated: run interrupted" : nil, attempts: context.attempt)
    }

    /// Waits `seconds`, then until `untilFile` exists; `false` when cancelled meanwhile.
    private func waitForJob() async -> Bool {
        guard (try? await Task.sleep(for: .seconds(seconds))) != nil else { return false }
        guard let untilFile else { return true }
        while !FileManager.default.fileExists(atPath: untilFile) {
            guard (try? await Task.sleep(for: .milliseconds(20))) != nil else { return false }
        }
        return true
    }
}
