import Foundation
import PRXKernel

/// Gives each worker a working directory of its own, `workspace/pid{PID}_worker{N}`, as parallelr's
/// `execution.workspace_isolation: true` does, and runs the task there with the wrapped executor.
///
/// A task that names its own working directory keeps it.
struct IsolatedWorkspaceExecutor: WrappingExecutor {
    /// The executor that runs the tasks.
    var base: any Executor
    /// The shared workspace the worker directories go in.
    var workspace: String
    /// prx's PID, part of each directory's name.
    var processID: Int32

    func execute(_ task: TaskSpec, context: ExecutionContext) async -> TaskResult {
        var placed = task
        if task.workingDirectory == nil || task.workingDirectory == workspace {
            let directory = "\(workspace)/pid\(processID)_worker\(context.workerID)"
            try? FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
            placed.workingDirectory = directory
        }
        return await base.execute(placed, context: context)
    }
}
