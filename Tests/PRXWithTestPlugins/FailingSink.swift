import PRXKernel
import PRXPlugins

/// A sink of the tests' own that fails as the run goes, as a plugin's author's sink does when its service goes away:
/// it throws its `reason` as it is told each task's end, or, with `failsAtFlush`, at each flush (whose rows the
/// service took none of), as a sink writing its file at its flush does on a full disk. Registered as `failing-sink` in
/// this build of prx.
struct FailingSink: Sink {
    /// What the failure says.
    let reason: String
    /// Whether it fails at each flush rather than at each task's end.
    let failsAtFlush: Bool

    mutating func receive(_ event: RunEvent) throws {
        guard !failsAtFlush, case .taskFinished = event else { return }
        throw PluginError(reason)
    }

    func flush() throws {
        if failsAtFlush { throw PluginError(reason) }
    }
}
