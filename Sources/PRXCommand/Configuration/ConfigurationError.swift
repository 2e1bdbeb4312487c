/// A configuration file prx cannot use at all: unreadable, or not well-formed YAML, or not a mapping of sections.
///
/// Values that are merely wrong are warnings, not errors (see ``ConfigurationLoader``).
struct ConfigurationError: Error, Sendable, Equatable {
    /// The file.
    var path: String
    /// The line the problem is on, counted from 1, when known.
    var line: Int?
    /// What is wrong, e.g. `mapping values are not allowed here`.
    var problem: String

    /// One line naming file and line: `PATH:LINE: PROBLEM`.
    var message: String {
        if let line { "\(path):\(line): \(problem)" } else { "\(path): \(problem)" }
    }
}
