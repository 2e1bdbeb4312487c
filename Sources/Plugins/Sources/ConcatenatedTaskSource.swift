import PRXKernel

/// The tasks of several sources, one source after another, renumbered so that every id stays unique: a
/// recipe's own graph followed by the tasks of the sources it chose with `prx.source`.
///
/// Each source's ids (and its tasks' dependencies, which name ids of the same source) are shifted past the
/// largest id the sources before it yielded.
public struct ConcatenatedTaskSource: TaskSource {
    private var sources: [any TaskSource]
    private var current = 0
    private var offset = 0
    private var largest = 0
    private var origins: [TaskID: (source: Int, id: TaskID)] = [:]

    /// Yields the tasks of `sources` in order.
    public init(_ sources: [any TaskSource]) {
        self.sources = sources
    }

    public mutating func next() throws -> TaskSpec? {
        while current < sources.count {
            if var task = try sources[current].next() {
                let original = task.id
                task.id = TaskID(original.rawValue + offset)
                task.dependencies = task.dependencies.map { TaskID($0.rawValue + offset) }
                largest = max(largest, task.id.rawValue)
                if !task.dependencies.isEmpty || task.hasDependents {
                    origins[task.id] = (current, original)
                }
                return task
            }
            current += 1
            offset = largest
        }
        return nil
    }

    /// The tasks still to come from every source not finished yet, when each of them knows its own.
    public var remainingTaskCount: Int? {
        var total = 0
        for source in sources[current...] {
            guard let remaining = source.remainingTaskCount else { return nil }
            total += remaining
        }
        return total
    }

    public mutating func prepare(_ task: TaskSpec, dependencyResults: [TaskResult]) throws -> TaskSpec {
        guard let origin = origins[task.id] else { return task }
        let shift = task.id.rawValue - origin.id.rawValue
        var original = task
        original.id = origin.id
        original.dependencies = task.dependencies.map { TaskID($0.rawValue - shift) }
        var prepared = try sources[origin.source].prepare(original, dependencyResults: dependencyResults)
        prepared.id = task.id
        prepared.dependencies = task.dependencies
        return prepared
    }
}
