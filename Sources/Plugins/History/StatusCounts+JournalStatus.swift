import PRXKernel

extension StatusCounts {
    /// Counts one task whose journal gives it the status `name` (`SUCCESS`, …): in none for one that names no final
    /// status (`RUNNING`, ``RunRecord/TaskRecord/lostStatus``, a damaged line's).
    mutating func count(statusNamed name: String) {
        if let status = TaskStatus(rawValue: name) { self[status] += 1 }
    }
}
