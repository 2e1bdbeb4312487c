import Foundation

/// How a run went, delivered to sinks in ``RunEvent/runFinished(_:)`` and returned by the scheduler.
public struct RunSummary: Sendable {
    /// When the run began (wall clock).
    public var startTime: Date
    /// When the run ended (wall clock).
    public var endTime: Date
    /// The final totals.
    public var statistics: RunStatistics
    /// Why a stop policy halted the run, when one did.
    public var haltReason: String?
    /// When a signal to prx interrupted the run, if one did.
    public enum Interruption: Sendable, Hashable {
        /// While tasks ran or were still to start: the running ones were stopped, the rest cancelled.
        case whileTasksRan
        /// Once every task had ended, cutting short the run's end: the executor's clean-up (``Executor/endRun()``),
        /// or what a sink was doing with the run's end (whoever drives the sinks then marks the summary it hands those
        /// told after that sink); or once a halt had cancelled the tasks not started, and no task ran any more, as
        /// their results were still reported, or the halt had stopped the running tasks, as they still ended. No task
        /// was stopped or cancelled.
        case afterTasksEnded
    }

    /// Whether, and when, the run was interrupted from outside (a signal to prx) rather than running to its end.
    public var interruption: Interruption?
    /// The error that ended the source early, when one did.
    public var sourceError: String?
    /// The first error of each sink that failed, in sink order. The sinks are told of the run's end
    /// (``RunEvent/runFinished(_:)``) one at a time, each flushed before the next is told, so that each sink's summary
    /// has the errors of the sinks before it, their last writes included, and those the sinks after it had until
    /// then. The summary the scheduler returns has them all.
    public var sinkErrors: [String]

    /// Creates a summary.
    public init(
        startTime: Date,
        endTime: Date,
        statistics: RunStatistics,
        haltReason: String? = nil,
        interruption: Interruption? = nil,
        sourceError: String? = nil,
        sinkErrors: [String] = []
    ) {
        self.startTime = startTime
        self.endTime = endTime
        self.statistics = statistics
        self.haltReason = haltReason
        self.interruption = interruption
        self.sourceError = sourceError
        self.sinkErrors = sinkErrors
    }

    /// Whether the run was interrupted from outside, whenever that came (``interruption``).
    public var interrupted: Bool { interruption != nil }

    /// Whether results could not all be written: a sink failed (a full disk, a deleted log directory, a closed
    /// standard output), which fails the run whatever its tasks did.
    public var resultsLost: Bool { !sinkErrors.isEmpty }

    /// Whether every task succeeded and nothing cut the run short: no interruption, no source error, and no halt
    /// that kept a task from running or stopped one (every such task is a result that did not succeed, `CANCELLED`).
    ///
    /// A halt that came once every task had succeeded (a stop policy's "all done" after the last) cut nothing short:
    /// it leaves the run's outcome as its tasks made it. A halt that is itself a failure, whatever the tasks did (a
    /// hook's error under a policy that halts on errors), is the failure of whoever asked for it to report.
    public var allSucceeded: Bool {
        statistics.finished == statistics.succeeded && !interrupted && sourceError == nil
    }
}
