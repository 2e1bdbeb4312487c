/// What every task of a source shares: its time limit, working directory and security limits.
public struct TaskSettings: Sendable, Hashable {
    /// The time limit in seconds, or `nil` for none.
    public var timeout: Double?
    /// The working directory, or `nil` for the executor's default.
    public var workingDirectory: String?
    /// The argument length and file size limits.
    public var limits: SecurityLimits

    /// Creates settings.
    public init(timeout: Double? = nil, workingDirectory: String? = nil, limits: SecurityLimits = SecurityLimits()) {
        self.timeout = timeout
        self.workingDirectory = workingDirectory
        self.limits = limits
    }
}
