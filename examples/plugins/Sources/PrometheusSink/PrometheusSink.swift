import PRXKernel
import PRXPlugins

/// A sink that keeps a Prometheus textfile-collector file up to date with a run's figures (see ``RunMetrics``
/// for the metrics and ``MetricsFile`` for how the file is replaced).
///
/// The file is written at the end of the run and, when ``every`` is above 0, also at the run's start and after
/// every `every` finished tasks, so that a long run can be watched while it goes. A failed write throws; the
/// scheduler reports the first such error and keeps sending events, so a later write may still succeed.
public struct PrometheusSink: Sink {
    /// The file the metrics go to.
    public let file: MetricsFile
    /// How many finished tasks between rewrites; 0 writes only at the end of the run.
    public let every: Int
    /// The figures so far.
    public private(set) var metrics = RunMetrics()

    /// Creates a sink writing to `file`, rewriting every `every` finished tasks (0: only at the end).
    public init(file: MetricsFile, every: Int = 0) {
        precondition(every >= 0, "every must be 0 or more")
        self.file = file
        self.every = every
    }

    public mutating func receive(_ event: RunEvent) throws {
        metrics.record(event)
        switch event {
        case .runStarted:
            if every > 0 { try file.replace(with: metrics.textFormat) }
        case .taskFinished:
            if every > 0 && metrics.tasksFinished % every == 0 { try file.replace(with: metrics.textFormat) }
        case .runFinished:
            try file.replace(with: metrics.textFormat)
        case .taskStarted, .taskPlaced, .attemptFailed, .runHalted:
            break
        @unknown default:
            break
        }
    }
}
