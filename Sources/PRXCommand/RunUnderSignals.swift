import PRXKernel

/// Runs a scheduler so that SIGINT or SIGTERM interrupts the run cleanly instead of killing prx.
enum RunUnderSignals {
    /// The run needs a `Task` of its own, whose handle the signal handler cancels. The source, sinks and policy
    /// move into that task whole, and only it uses them: ``run(scheduler:source:sinks:stopPolicy:)`` awaits
    /// the task and touches them no more. That is what makes this hand-over safe.
    private struct HandOver: @unchecked Sendable {
        var source: any TaskSource
        var sinks: [any Sink]
        var stopPolicy: (any StopPolicy)?
    }

    /// A run's summary and the signal that interrupted it, if one did.
    struct Outcome {
        var summary: RunSummary
        var signal: Int32?
    }

    /// Runs every task of `source`; a SIGINT or SIGTERM cancels the run, so running tasks are terminated and
    /// every result is still written, and calls `onSignal` for that signal and for each one after it, with the
    /// first.
    static func run(
        scheduler: Scheduler,
        source: any TaskSource,
        sinks: [any Sink],
        stopPolicy: (any StopPolicy)?,
        onSignal: @escaping @Sendable (_ first: Int32) -> Void = { _ in }
    ) async -> Outcome {
        let parts = HandOver(source: source, sinks: sinks, stopPolicy: stopPolicy)
        let runTask = Task {
            await scheduler.run(source: parts.source, sinks: parts.sinks, stopPolicy: parts.stopPolicy)
        }
        let trap = SignalTrap { first in
            runTask.cancel()
            onSignal(first)
        }
        let summary = await runTask.value
        trap.remove()
        return Outcome(summary: summary, signal: trap.caught)
    }
}
