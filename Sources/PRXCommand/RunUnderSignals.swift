import PRXKernel
import Synchronization

/// Runs a run so that SIGINT, SIGTERM or SIGHUP interrupts it cleanly instead of killing prx: first its set-up
/// (``setUp(_:)``, opening its result files), then its scheduler
/// (``run(scheduler:source:sinks:stopPolicy:onSignal:)``), each in a `Task` of its own, which a signal cancels.
final class RunUnderSignals {
    /// A value made in a step's task and handed to the caller that awaits it, once; no one else touches it. That is
    /// what makes this hand-over safe.
    private struct HandOver<Value>: @unchecked Sendable {
        var value: Value
    }

    /// What a signal reaches: the step under way, and the handler of the run once it runs.
    private struct Step {
        /// Cancels the step under way.
        var cancel: (@Sendable () -> Void)?
        /// The run's handler, told of each signal with the first.
        var onSignal: (@Sendable (_ first: Int32) -> Void)?
        /// The first signal, once for each signal caught, so that the run's handler is told of those that came
        /// before it was set.
        var caught: [Int32] = []
    }

    /// The step, shared with the signal trap's reader.
    private final class Current: Sendable {
        let step = Mutex(Step())
    }

    private let current: Current
    private let trap: SignalTrap

    /// Starts handing SIGINT, SIGTERM and SIGHUP to the run's steps: those caught since
    /// ``SignalTrap/install(stopGrace:)`` (which comes first) and any that follow.
    init() {
        let current = Current()
        self.current = current
        trap = SignalTrap { first in
            let step = current.step.withLock { step in
                step.caught.append(first)
                return step
            }
            step.cancel?()
            step.onSignal?(first)
        }
    }

    /// Stops handing signals over (a run whose set-up failed); they stay caught.
    deinit {
        trap.remove()
    }

    /// The first signal caught, if any.
    var caught: Int32? { trap.caught }

    /// Runs `body` in a task of its own that a signal cancels, one caught before it began too, so that what waits
    /// in it and looks at its task's cancellation gives up at the signal: opening a FIFO no process reads yet
    /// (``WriteThroughFile``), where prx waited for a reader, deaf to the signal.
    func setUp<Value>(_ body: @escaping @Sendable () throws -> Value) async throws -> Value {
        let task = Task { HandOver(value: try body()) }
        begin { task.cancel() }
        defer { current.step.withLock { $0.cancel = nil } }
        return try await task.value.value
    }

    /// Runs every task of `source`; a signal, or one caught before, cancels the run, so running tasks are
    /// terminated and every result is still written, and calls `onSignal` for each signal with the first.
    func run(
        scheduler: Scheduler,
        source: any TaskSource,
        sinks: [any Sink],
        stopPolicy: (any StopPolicy)?,
        onSignal: @escaping @Sendable (_ first: Int32) -> Void = { _ in }
    ) async -> (summary: RunSummary, signal: Int32?) {
        let parts = HandOver(value: (source: source, sinks: sinks, stopPolicy: stopPolicy))
        let runTask = Task {
            await scheduler.run(
                source: parts.value.source, sinks: parts.value.sinks, stopPolicy: parts.value.stopPolicy)
        }
        begin(onSignal: onSignal) { runTask.cancel() }
        let summary = await runTask.value
        trap.remove()
        return (summary, trap.caught)
    }

    /// Makes `cancel` the step's, and `onSignal` the run's handler when given; cancels at once, and tells
    /// `onSignal` of each signal, when signals were caught before.
    private func begin(onSignal: (@Sendable (Int32) -> Void)? = nil, cancel: @escaping @Sendable () -> Void) {
        let caught = current.step.withLock { step in
            step.cancel = cancel
            if let onSignal { step.onSignal = onSignal }
            return step.caught
        }
        guard let first = caught.first else { return }
        cancel()
        for _ in caught {
            onSignal?(first)
        }
    }
}
