import PRXKernel
import PRXPlugins

/// A task source of the tests' own that fails as the run goes, as a plugin's author's source does when its feed breaks:
/// it gives `tasks` tasks running `true`, then throws its `reason` from ``next()``. Registered as `failing-source` in
/// this build of prx.
struct FailingSource: TaskSource {
    /// The tasks given before the failure.
    let tasks: Int
    /// What the failure says.
    let reason: String
    private var given = 0

    /// Creates a source that gives `tasks` tasks, then fails for `reason`.
    init(tasks: Int, reason: String) {
        (self.tasks, self.reason) = (tasks, reason)
    }

    mutating func next() throws -> TaskSpec? {
        guard given < tasks else { throw PluginError(reason) }
        given += 1
        return TaskSpec(id: TaskID(given), label: "task \(given)", argv: ["true"])
    }
}
