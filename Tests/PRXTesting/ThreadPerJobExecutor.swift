import Foundation

/// A Swift task executor that runs each job on a thread of its own, for a test whose sink blocks its thread (as a
/// recipe's slow `on_start` blocks the scheduler's): with it as the run's task executor preference, the run's other
/// tasks (an attempt that must end while the sink waits) never wait for a thread of Swift's shared pool, which the
/// suite's other tests, run beside it on two cores, can keep busy for minutes.
public final class ThreadPerJobExecutor: TaskExecutor {
    /// Creates the executor.
    public init() {}

    /// Runs `job` on a new thread.
    public func enqueue(_ job: consuming ExecutorJob) {
        let job = UnownedJob(job)
        let executor = asUnownedTaskExecutor()
        Thread { job.runSynchronously(on: executor) }.start()
    }
}
