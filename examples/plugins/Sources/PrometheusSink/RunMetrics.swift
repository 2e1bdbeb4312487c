import Foundation
import PRXKernel

/// The figures of one run that the ``PrometheusSink`` exports, kept up to date from the run's events.
///
/// Only counts are kept, plus the identifiers of the tasks in flight (at most the worker count), so memory does
/// not grow with the run.
public struct RunMetrics: Sendable {
    /// Finished tasks by status; every status is present, from 0.
    public private(set) var tasksByStatus: [TaskStatus: Int]
    /// The durations of the tasks that ran (succeeded, failed or timed out), as the kernel's
    /// ``PRXKernel/RunStatistics/ran`` counts them.
    public private(set) var durations: DurationHistogram
    /// When the run began, once it has.
    public private(set) var runStart: Date?
    /// When the run ended, once it has.
    public private(set) var runEnd: Date?
    /// The tasks with an attempt handed to the executor and not yet ended.
    private var inFlight: Set<TaskID> = []

    /// Creates empty figures, with `bounds` for the duration histogram.
    public init(bounds: [Double] = DurationHistogram.defaultBounds) {
        tasksByStatus = Dictionary(uniqueKeysWithValues: TaskStatus.allCases.map { ($0, 0) })
        durations = DurationHistogram(bounds: bounds)
    }

    /// Tasks finished so far, whatever their status.
    public var tasksFinished: Int { tasksByStatus.values.reduce(0, +) }

    /// Tasks running now: started and neither finished nor between two attempts.
    public var tasksRunning: Int { inFlight.count }

    /// Updates the figures with one event.
    public mutating func record(_ event: RunEvent) {
        switch event {
        case .runStarted(let info):
            runStart = info.startTime
        case .taskStarted(let start):
            inFlight.insert(start.task.id)
        case .attemptFailed(let result):
            inFlight.remove(result.task.id)
        case .taskFinished(let result):
            inFlight.remove(result.task.id)
            tasksByStatus[result.status, default: 0] += 1
            switch result.status {
            case .success, .failed, .timeout: durations.observe(result.duration)
            case .error, .cancelled, .skipped: break
            }
        case .taskPlaced, .runHalted:
            break
        case .runFinished(let summary):
            runEnd = summary.endTime
        // RunEvent gains cases as prx's kernel grows: this compiles then, with a warning naming the new one.
        @unknown default:
            break
        }
    }
}
