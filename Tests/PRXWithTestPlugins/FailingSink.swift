import PRXKernel
import PRXPlugins

/// A sink of the tests' own that fails as the run goes, as a plugin's author's sink does when its service goes away:
/// it throws its `reason` as it is told each task's end. Registered as `failing-sink` in this build of prx.
struct FailingSink: Sink {
    /// What the failure says.
    let reason: String

    mutating func receive(_ event: RunEvent) throws {
        guard case .taskFinished = event else { return }
        throw PluginError(reason)
    }
}
