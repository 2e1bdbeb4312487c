/// How a run was started, as its journal records it: enough to start it again (`--resume`).
public struct RunInvocation: Sendable, Hashable {
    /// The run's identifier, e.g. `20261125-143015-12345`.
    public var runID: String
    /// prx's arguments, without the program name.
    public var arguments: [String]
    /// The directory prx ran in; relative paths in `arguments` are relative to it.
    public var workingDirectory: String
    /// prx's process id.
    public var processID: Int32
    /// The effective settings worth keeping (workers, timeout, …), by name.
    public var configuration: [String: String]

    /// Creates an invocation record.
    public init(
        runID: String, arguments: [String], workingDirectory: String, processID: Int32,
        configuration: [String: String]
    ) {
        self.runID = runID
        self.arguments = arguments
        self.workingDirectory = workingDirectory
        self.processID = processID
        self.configuration = configuration
    }
}
