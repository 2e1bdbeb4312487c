/// What an executor's running tasks cost prx on its own machine, which tells what prx prepares for the executor's
/// runs and the run-wide limits that apply to them: the built-in `local` executor's tasks are prx's child processes,
/// each holding descriptors of prx's, guarded by prx's orphan guard, and its runs are held to parallelr's cap of 100
/// workers; a cluster executor's tasks are jobs elsewhere, which cost prx neither, and may be far more at once.
///
/// Declared where the executor is registered (``PluginRegistry/register(executor:factory:valueCheck:limits:)``):
/// prx applies these limits before it makes the executor, once it knows the run's workers.
public struct ExecutorLimits: Sendable, Hashable {
    /// Parallelr's cap on a run's workers, `limits.max_allowed_workers`'s default, and the most `-m` and a recipe's
    /// `prx.config{ workers }` ask for on an executor without a cap of its own.
    public static let parallelrMaxWorkers = 100

    /// Whether each running task is a process of prx's on this machine, holding open descriptors of prx's (its pipes
    /// and process descriptor), as `local`'s are. Then prx prepares the run for local processes before it builds the
    /// run's state: it checks that the kernel can run them (Linux 5.9 or later) and starts its orphan guard, which
    /// stops them should prx be killed; and the run has no more workers than prx's limit on open files (`ulimit -n`)
    /// holds, with a warning, and is refused when it holds not even one. `true` for `local`, and by default, the safe
    /// answer; `false` for an executor whose tasks run elsewhere (a cluster's jobs): its runs start no orphan guard,
    /// need no particular kernel, and keep the workers asked for whatever that limit.
    public var tasksAreLocalProcesses: Bool

    /// The most workers a run on the executor may have, in place of `limits.max_allowed_workers`: the bound of `-m`
    /// and of a recipe's `prx.config{ workers }`, and the cap that `limits.max_workers` is held to. `nil` (`local`,
    /// and the default) keeps `limits.max_allowed_workers` as the cap, 100 unless the script configuration gives
    /// another, and ``parallelrMaxWorkers`` as the bound of `-m` and `prx.config{ workers }`, whatever that gives.
    public var maxAllowedWorkers: Int?

    /// Declares an executor's limits; the defaults are `local`'s.
    public init(tasksAreLocalProcesses: Bool = true, maxAllowedWorkers: Int? = nil) {
        precondition(maxAllowedWorkers.map { $0 >= 1 } ?? true, "an executor allows at least 1 worker")
        self.tasksAreLocalProcesses = tasksAreLocalProcesses
        self.maxAllowedWorkers = maxAllowedWorkers
    }
}
