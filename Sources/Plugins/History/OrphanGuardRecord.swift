/// What a run's journal records of its prx's orphan guard (``OrphanGuard``): enough for `--resume` of the run, killed
/// with `SIGKILL`, to wait until the guard has stopped the tasks that were running before it starts them again.
public struct OrphanGuardRecord: Sendable, Hashable {
    /// The guard's process id.
    public var processID: Int32
    /// When the guard's process started (``ProcessStart/ticks(of:)``), which tells it apart from a later process
    /// given its id; `nil` when it could not be read.
    public var processStartTicks: UInt64?
    /// The value of `PRX_ORPHAN_GUARD` in the environment of the run's tasks and of what they start.
    public var token: String
    /// The longest the run's executor takes to stop a task after `SIGTERM`, in seconds (``Executor/stopGrace``):
    /// the guard sends `SIGKILL` within it.
    public var stopGrace: Double

    /// Creates a record.
    public init(processID: Int32, processStartTicks: UInt64?, token: String, stopGrace: Double) {
        self.processID = processID
        self.processStartTicks = processStartTicks
        self.token = token
        self.stopGrace = stopGrace
    }
}

#if os(Linux)
extension OrphanGuardRecord {
    /// The record of this process's orphan guard, whose tasks an executor stops within `stopGrace`; `nil` when the
    /// process has none: a run of local processes starts it first (``LocalProcessExecutor/prepareToRun()``), a run on
    /// an executor whose tasks run elsewhere none at all, and this starts none.
    public static func ofThisProcess(stopGrace: Duration) -> OrphanGuardRecord? {
        guard let orphanGuard = OrphanGuard.started else { return nil }
        let pid = orphanGuard.processID.rawValue
        return OrphanGuardRecord(
            processID: pid, processStartTicks: ProcessStart.ticks(of: pid), token: orphanGuard.token,
            stopGrace: stopGrace / .seconds(1))
    }
}
#endif
