import Foundation
import PRXKernel
import PRXPlugins

/// Runs the tasks of the shared workspace with the wrapped executor, and makes the workspace again when a task finds
/// it gone (a task before it removed it, `rm -rf "$PWD"`), as parallelr makes it before every task: every later task
/// was an `ERROR`, `cannot change to working directory …/workspace: No such file or directory`.
///
/// It looks for the workspace only after a task in it could not start (``TaskStatus/error``), so that a run whose
/// workspace stays costs no system call per task: when the workspace is gone then, it makes it and starts the task
/// once more. A task whose working directory is another one (one the user named) is left as it is, and so is a
/// workspace that cannot be made again (the first error stands).
struct WorkspaceRemakingExecutor: Executor {
    /// The executor that runs the tasks.
    var base: any Executor
    /// The shared workspace prx made for the run, every task's working directory unless it names its own.
    var workspace: String

    func execute(_ task: TaskSpec, context: ExecutionContext) async -> TaskResult {
        let result = await base.execute(task, context: context)
        guard result.status == .error, (task.workingDirectory ?? workspace) == workspace,
            !FileManager.default.fileExists(atPath: workspace)
        else { return result }
        do {
            try DirectoryCreation.create(workspace)
        } catch {
            return result
        }
        return await base.execute(task, context: context)
    }

    func beginRun() throws {
        try base.beginRun()
    }

    func endRun() async {
        await base.endRun()
    }

    var stopGrace: Duration { base.stopGrace }

    var reportsPlacements: Bool { base.reportsPlacements }
}
