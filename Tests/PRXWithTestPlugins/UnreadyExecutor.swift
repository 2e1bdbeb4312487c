import PRXKernel
import PRXPlugins

/// An executor of the tests' own that refuses the run as it begins (``PRXKernel/Executor/beginRun()``), as a plugin's
/// author's does when what every task needs cannot be readied (a cluster's queue that is gone), and so runs no task.
/// Registered as `unready` in this build of prx.
struct UnreadyExecutor: Executor {
    /// What the refusal says.
    let reason: String

    func execute(_ task: TaskSpec, context: ExecutionContext) async -> TaskResult {
        TaskResult.notStarted(task, status: .error, message: reason)
    }

    func beginRun() throws {
        throw PluginError(reason)
    }
}
