import PRXKernel

/// A task source over tasks already in memory, yielded in order.
public struct ArrayTaskSource: TaskSource {
    private var tasks: IndexingIterator<[TaskSpec]>
    /// Thrown instead of yielding the task at this position (0-based), when set.
    private let failure: (position: Int, error: any Error)?
    private var position = 0

    /// Creates a source over `tasks`; with `failing`, `next()` throws `error` when it reaches `position`.
    public init(_ tasks: [TaskSpec], failing failure: (position: Int, error: any Error)? = nil) {
        self.tasks = tasks.makeIterator()
        self.failure = failure
    }

    public mutating func next() throws -> TaskSpec? {
        defer { position += 1 }
        if let failure, failure.position == position {
            throw failure.error
        }
        return tasks.next()
    }
}
