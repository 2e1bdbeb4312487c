import Foundation
import PRXKernel
import Synchronization

/// An executor that removes a directory, as a task on another worker might, just before each task it runs with the
/// executor it wraps, and counts the tasks it was given.
public final class DirectoryRemovingExecutor: Executor {
    private let base: any Executor
    private let directory: String
    private let executed = Mutex(0)

    /// Creates an executor that removes `directory` before running each task with `base`.
    public init(base: any Executor, removing directory: String) {
        self.base = base
        self.directory = directory
    }

    /// How many tasks `execute` was called for.
    public var executedCount: Int { executed.withLock { $0 } }

    public func execute(_ task: TaskSpec, context: ExecutionContext) async -> TaskResult {
        executed.withLock { $0 += 1 }
        try? FileManager.default.removeItem(atPath: directory)
        return await base.execute(task, context: context)
    }
}
