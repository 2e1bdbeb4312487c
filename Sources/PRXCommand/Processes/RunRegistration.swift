import Foundation
import PRXPlugins
import Synchronization

/// This prx process's own entry in the run registry, from the start of its run to its end.
///
/// Register once the run's log files are named, update the progress as tasks finish (``RunRegistrySink``
/// does), and ``remove()`` when the run ends, normally or after `SIGINT`/`SIGTERM`.
final class RunRegistration: Sendable {
    private let registry: RunRegistry
    private let entry: Mutex<RunEntry>

    /// Writes the entry of the calling process: its identity, `running`, `startTime`, its main log and CSV summary,
    /// no task finished yet, and `total` tasks when known.
    ///
    /// - Throws: ``CommandFailure`` when the entry cannot be written.
    init(registry: RunRegistry, logFile: String, summaryFile: String, startTime: Date, total: Int? = nil)
        throws(CommandFailure)
    {
        let pid = getpid()
        guard let identity = ProcessIdentity.of(pid) else {
            throw CommandFailure(message: "cannot read /proc/\(pid) to register this run")
        }
        let entry = RunEntry(
            pid: pid, identity: identity, status: "running", startTime: startTime,
            logFile: logFile, summaryFile: summaryFile, finished: 0, total: total)
        do {
            try registry.write(entry)
        } catch {
            throw CommandFailure(message: "cannot register this run in \(registry.directory): \(error.localizedDescription)")
        }
        self.registry = registry
        self.entry = Mutex(entry)
    }

    /// Records that `finished` tasks have finished.
    func record(finished: Int) throws {
        let updated = entry.withLock { entry -> RunEntry in
            entry.finished = finished
            return entry
        }
        try registry.write(updated)
    }

    /// Removes the entry: the run is over.
    func remove() {
        registry.remove(pid: entry.withLock { $0.pid })
    }
}
