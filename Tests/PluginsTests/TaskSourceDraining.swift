import PRXKernel

/// Pulls every task of `source` until it ends or throws.
func drainTasks(_ source: some TaskSource) throws -> [TaskSpec] {
    var source = source
    var tasks: [TaskSpec] = []
    while let task = try source.next() {
        tasks.append(task)
    }
    return tasks
}
