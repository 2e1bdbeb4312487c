import PRXKernel

/// A task source over tasks already in memory, yielded in order; it knows how many remain.
public struct ArrayTaskSource: TaskSource {
    private let tasks: [TaskSpec]
    /// Thrown instead of yielding the task at this position (0-based), when set.
    private let failure: (position: Int, error: any Error)?
    private var position = 0
    /// Whether the source promises that its tasks' ids are above 0 and each given once (``TaskSource/promisesUniqueIDs``).
    public let promisesUniqueIDs: Bool

    /// Creates a source over `tasks`; with `failing`, `next()` throws `error` when it reaches `position`; with
    /// `promisingUniqueIDs`, it promises its ids are unique, as the built-in sources do.
    public init(
        _ tasks: [TaskSpec], failing failure: (position: Int, error: any Error)? = nil, promisingUniqueIDs: Bool = false
    ) {
        self.tasks = tasks
        self.failure = failure
        self.promisesUniqueIDs = promisingUniqueIDs
    }

    public var remainingTaskCount: Int? { max(tasks.count - position, 0) }

    public mutating func next() throws -> TaskSpec? {
        if let failure, failure.position == position {
            position += 1
            throw failure.error
        }
        guard position < tasks.count else { return nil }
        defer { position += 1 }
        return tasks[position]
    }
}
