import Foundation
import PRXKernel

/// An executor that runs nothing and ends every task with the result a closure makes of it: an error after the task
/// ran, a start refused, whatever a test needs a wrapping executor to see.
public struct ResultReturningExecutor: Executor {
    private let result: @Sendable (TaskSpec) -> TaskResult

    /// Creates an executor that ends each task with `result(task)`.
    public init(_ result: @escaping @Sendable (TaskSpec) -> TaskResult) {
        self.result = result
    }

    public func execute(_ task: TaskSpec, context: ExecutionContext) async -> TaskResult {
        result(task)
    }
}
