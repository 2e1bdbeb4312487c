/// The extension points of prx: each plugin is one of these.
public enum PluginKind: String, CaseIterable, Sendable, Codable {
    /// Yields the tasks of a run (`--source`).
    case source
    /// Runs tasks (`--executor`).
    case executor
    /// Receives the run's events (`--sink`, repeatable).
    case sink
    /// Decides when a run halts (`--stop-policy`).
    case stopPolicy = "stop-policy"

    /// The flag that selects a plugin of this kind.
    public var flag: String { "--\(rawValue)" }
}
