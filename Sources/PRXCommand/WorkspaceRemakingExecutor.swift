import Foundation
import PRXKernel
import PRXPlugins
import Synchronization

/// Runs the tasks of the shared workspace with the wrapped executor, and makes the workspace again when a task finds
/// it gone (a task before it removed it, `rm -rf "$PWD"`), as parallelr makes it before every task: every later task
/// was an `ERROR`, `cannot change to working directory …/workspace: No such file or directory`.
///
/// It looks for the workspace only after a task in it ended ``TaskStatus/error``, so that a run whose workspace stays
/// costs no system call per task: when the workspace is gone then, it makes it, and starts the task once more when
/// the task never started because it could not enter it (``PRXKernel/NotStartedReason/workingDirectoryUnavailable``,
/// which the local executor sets; a task that ran, or whose executor cannot tell, is not started twice). With several
/// workers, another task may remove it again between that making and the start, or another worker may have made it
/// again already; so such a task starts once more whenever the workspace was gone when it looked or was made again
/// since the task's last start, up to ``startLimit`` starts in all. A task whose working
/// directory is another one (one the user named) is left as it is, and so is one that could not start in a
/// workspace nobody removed, or in one that cannot be made again (the first error stands).
struct WorkspaceRemakingExecutor: WrappingExecutor {
    /// The most times a task is started while its workspace keeps being removed under it: with four workers whose
    /// every task removes it, about one start in four finds it gone, so that sixteen in a row are beyond any real
    /// run, while a task that removes it over and over for as long as it runs cannot keep the others starting for
    /// ever.
    static let startLimit = 16

    /// The executor that runs the tasks.
    var base: any Executor
    /// The shared workspace prx made for the run, every task's working directory unless it names its own.
    var workspace: String
    private let makings = WorkspaceMakings()

    /// Wraps `base`, whose tasks run in `workspace` unless they name another directory.
    init(base: any Executor, workspace: String) {
        self.base = base
        self.workspace = workspace
    }

    func execute(_ task: TaskSpec, context: ExecutionContext) async -> TaskResult {
        guard (task.workingDirectory ?? workspace) == workspace else {
            return await base.execute(task, context: context)
        }
        let madeBefore = makings.count
        let result = await base.execute(task, context: context)
        // The rest, which only an error needs, in a function of its own: an async function's values kept across a
        // suspension come from the child task's allocator, whose slabs beyond the first are allocated for each task.
        guard result.status == .error else { return result }
        return await startAgainWhileRemade(task, context: context, after: result, madeBefore: madeBefore)
    }

    /// Starts `task` again, after `result`, an error, while its workspace was made again since its last start (first
    /// at `madeBefore`) and it never started for want of it.
    private func startAgainWhileRemade(
        _ task: TaskSpec, context: ExecutionContext, after result: TaskResult, madeBefore: Int
    ) async -> TaskResult {
        var result = result
        var madeBefore = madeBefore
        var starts = 1
        // Made again after any error, for the tasks after it; started again only when it never started for want of
        // its working directory, since an error after it ran (a process prx lost track of, a cluster job that failed)
        // may have done its work.
        while result.status == .error, let made = makings.remake(workspace, ifMadeSince: madeBefore),
            result.notStartedReason == .workingDirectoryUnavailable
        {
            guard starts < Self.startLimit else {
                let note = "(tried \(starts) times: each time the workspace was removed before the task could start in"
                    + " it, though prx made it again)"
                result.message = result.message.map { "\($0) \(note)" } ?? note
                return result
            }
            madeBefore = made
            result = await base.execute(task, context: context)
            starts += 1
        }
        return result
    }
}

/// How many times prx has made the workspace again, shared by every worker and counted under the lock the making
/// takes: a worker whose task could not start learns whether the workspace was gone, or whether another worker made
/// it again meanwhile (it was gone when the task started, though it is back by the time the worker looks).
private final class WorkspaceMakings: Sendable {
    /// Taken to look for the workspace and make it, and to count the making.
    private let making = Mutex(())
    /// Read without the lock, by every task that starts: written only under it.
    private let made = Atomic(0)

    /// How many times the workspace has been made again.
    var count: Int { made.load(ordering: .acquiring) }

    /// Makes `workspace` again when it is missing. Returns the count of makings when a task that could not start in
    /// it, started when the count was `earlier`, should start again (the workspace was missing and is made now, or
    /// was made again since), or `nil` when it should not (nobody removed it, or it cannot be made).
    func remake(_ workspace: String, ifMadeSince earlier: Int) -> Int? {
        making.withLock { _ in
            let count = made.load(ordering: .relaxed)
            if FileManager.default.fileExists(atPath: workspace) {
                return count == earlier ? nil : count
            }
            do {
                try DirectoryCreation.create(workspace)
            } catch {
                return nil
            }
            made.store(count + 1, ordering: .releasing)
            return count + 1
        }
    }
}
