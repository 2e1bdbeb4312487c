import PRXKernel

/// Runs a scheduler so that SIGINT or SIGTERM interrupts the run cleanly instead of killing prx.
enum RunUnderSignals {
    /// A run's summary and the signal that interrupted it, if one did.
    struct Outcome {
        var summary: RunSummary
        var signal: Int32?
    }

    /// Runs every task of `source`; a SIGINT or SIGTERM cancels the run, so running tasks are terminated and
    /// every result is still written.
    static func run(
        scheduler: Scheduler,
        source: sending any TaskSource,
        sinks: sending [any Sink],
        stopPolicy: sending (any StopPolicy)?
    ) async -> Outcome {
        let runTask = Task {
            await scheduler.run(source: source, sinks: sinks, stopPolicy: stopPolicy)
        }
        let trap = SignalTrap { runTask.cancel() }
        let summary = await runTask.value
        trap.remove()
        return Outcome(summary: summary, signal: trap.caught)
    }
}
