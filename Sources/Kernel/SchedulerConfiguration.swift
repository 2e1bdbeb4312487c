/// How the scheduler paces a run.
public struct SchedulerConfiguration: Sendable, Hashable {
    /// The most tasks in flight at once (the worker count), at least 1.
    public var maxInFlight: Int
    /// Seconds to leave between consecutive task starts; 0 starts each task the moment a worker is free.
    public var startDelay: Double

    /// Creates a configuration.
    public init(maxInFlight: Int, startDelay: Double = 0) {
        precondition(maxInFlight >= 1, "a run needs at least one worker")
        self.maxInFlight = maxInFlight
        self.startDelay = startDelay
    }
}
