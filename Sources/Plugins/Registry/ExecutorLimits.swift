/// What an executor's running tasks cost prx on its own machine, which tells the run-wide limits that apply to the
/// executor's runs: the built-in `local` executor's tasks are prx's child processes, each holding descriptors of
/// prx's, and its runs are held to parallelr's cap of 100 workers; a cluster executor's tasks are jobs elsewhere,
/// which cost prx neither, and may be far more at once.
///
/// Declared where the executor is registered (``PluginRegistry/register(executor:factory:valueCheck:limits:)``):
/// prx applies these limits before it makes the executor, once it knows the run's workers.
public struct ExecutorLimits: Sendable, Hashable {
    /// Parallelr's cap on a run's workers, `limits.max_allowed_workers`'s default and most.
    public static let parallelrMaxWorkers = 100

    /// Whether each running task holds open descriptors of prx's (a process's pipes and process descriptor): then a
    /// run has no more workers than prx's limit on open files (`ulimit -n`) holds, with a warning, and is refused
    /// when it holds not even one. `true` for `local`, and by default, the safe answer; `false` for an executor whose
    /// tasks run elsewhere, whose runs then keep the workers asked for whatever that limit.
    public var tasksHoldDescriptors: Bool

    /// The most workers a run on the executor may have, in place of `limits.max_allowed_workers`: the bound of `-m`,
    /// and the cap that `limits.max_workers` and a recipe's `prx.config{ workers }` are held to. `nil` (`local`, and
    /// the default) keeps `limits.max_allowed_workers`, 1 to ``parallelrMaxWorkers``, 100 unless the script
    /// configuration lowers it.
    public var maxAllowedWorkers: Int?

    /// Declares an executor's limits; the defaults are `local`'s.
    public init(tasksHoldDescriptors: Bool = true, maxAllowedWorkers: Int? = nil) {
        precondition(maxAllowedWorkers.map { $0 >= 1 } ?? true, "an executor allows at least 1 worker")
        self.tasksHoldDescriptors = tasksHoldDescriptors
        self.maxAllowedWorkers = maxAllowedWorkers
    }
}
