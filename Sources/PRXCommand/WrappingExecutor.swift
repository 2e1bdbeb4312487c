import PRXKernel

/// An executor that runs its tasks with another, ``base``, changing how (a task's working directory, a pretended
/// queue): the requirements it does not change reach the base as they are, those with defaults included (the run's
/// readying and end, the grace a stopped task gets, whether attempts report where they run), so that wrapping an
/// executor takes nothing from it.
///
/// `package`, not internal: the executor that `prx-with-test-plugins` wraps around `local` conforms too.
package protocol WrappingExecutor: Executor {
    /// The executor that runs the tasks.
    var base: any Executor { get }
}

extension WrappingExecutor {
    /// Readies the base.
    package func beginRun() throws {
        try base.beginRun()
    }

    /// Ends what the base's tasks left behind.
    package func endRun() async {
        await base.endRun()
    }

    /// The base's grace.
    package var stopGrace: Duration { base.stopGrace }

    /// Whether the base reports placements.
    package var reportsPlacements: Bool { base.reportsPlacements }
}
