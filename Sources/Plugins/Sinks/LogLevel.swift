/// How much a line of the run log matters, with Python's logging levels and names, lowest first.
public enum LogLevel: Int, Sendable, Hashable, CaseIterable, Comparable {
    /// Detail for troubleshooting (`-d`).
    case debug = 10
    /// Normal progress: task starts and completions.
    case info = 20
    /// Something went wrong with one task, or prx worked around a problem.
    case warning = 30
    /// A task could not run, or the run lost something.
    case error = 40
    /// The run itself cannot go on.
    case critical = 50

    /// Reads a level's name in any case (`"info"`, `"WARNING"`), as parallelr's `logging.level` key gives it.
    public init?(name: String) {
        guard let level = Self.allCases.first(where: { $0.name == name.uppercased() }) else { return nil }
        self = level
    }

    /// The name written in log lines: `DEBUG`, `INFO`, `WARNING`, `ERROR`, `CRITICAL`.
    public var name: String {
        switch self {
        case .debug: "DEBUG"
        case .info: "INFO"
        case .warning: "WARNING"
        case .error: "ERROR"
        case .critical: "CRITICAL"
        }
    }

    public static func < (lhs: LogLevel, rhs: LogLevel) -> Bool { lhs.rawValue < rhs.rawValue }
}
