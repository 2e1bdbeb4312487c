/// When and how a task that did not succeed runs again.
public struct RetryPolicy: Sendable, Hashable {
    /// Runs after the first attempt, at most; 0 never retries.
    public var maxRetries: Int
    /// Seconds at least between the end of an attempt and the start of the next. The task holds no worker meanwhile:
    /// the next attempt starts, once the delay is over, when a worker is free (maybe another).
    public var delay: Double
    /// The exit codes worth another attempt; `nil` retries any failure or timeout.
    public var exitCodes: Set<Int32>?

    /// Creates a policy.
    public init(maxRetries: Int, delay: Double = 0, exitCodes: Set<Int32>? = nil) {
        self.maxRetries = maxRetries
        self.delay = delay
        self.exitCodes = exitCodes
    }

    /// Whether `result`, the outcome of attempt `result.attempts`, earns another attempt.
    ///
    /// A task that could not start (``TaskStatus/error``), was cancelled or skipped is never retried: running it
    /// again would end the same way.
    public func allowsRetry(after result: TaskResult) -> Bool {
        guard result.attempts <= maxRetries else { return false }
        switch result.status {
        case .failed:
            guard let exitCodes else { return true }
            return result.exitCode.map(exitCodes.contains) ?? false
        case .timeout:
            return exitCodes == nil
        case .success, .error, .cancelled, .skipped:
            return false
        }
    }
}
