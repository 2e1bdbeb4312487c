import Foundation
import PRXPlugins
import Synchronization

/// This prx process's own entry in the run registry, from the start of its run to its end.
///
/// Register once the run's log files are named, update the progress as tasks finish (``RunRegistrySink``
/// does), and ``remove()`` when the run ends, normally or after `SIGINT`/`SIGTERM`.
///
/// The registry serves `--list-workers` and `-k` only, so an entry that cannot be written (a file where its
/// directory should be, a full disk) costs the run its place there, not its tasks or results: the first failure
/// is a warning naming the path and the system's reason, and the run goes on.
final class RunRegistration: Sendable {
    private struct State {
        /// The entry, `nil` when this process's identity could not be read.
        var entry: RunEntry?
        /// Whether a failure was reported already: one warning a run.
        var hasWarned = false
    }

    private let registry: RunRegistry
    private let warn: @Sendable (String) -> Void
    private let state: Mutex<State>

    /// Writes the entry of the calling process: its identity, `running`, `startTime`, its main log and CSV summary,
    /// no task finished yet, `total` tasks when known and the executor's `stopGrace`; a failure goes to `warn`, once
    /// a run.
    init(
        registry: RunRegistry, logFile: String, summaryFile: String, startTime: Date, total: Int? = nil,
        stopGrace: Duration = .zero, warn: @escaping @Sendable (String) -> Void
    ) {
        self.registry = registry
        self.warn = warn
        let pid = getpid()
        guard let identity = ProcessIdentity.of(pid) else {
            state = Mutex(State(entry: nil, hasWarned: true))
            warn("\(Self.notRegistered): cannot read /proc/\(pid)")
            return
        }
        let entry = RunEntry(
            pid: pid, identity: identity, status: "running", startTime: startTime,
            logFile: logFile, summaryFile: summaryFile, finished: 0, total: total,
            stopGrace: stopGrace / .seconds(1))
        state = Mutex(State(entry: entry))
        write(entry, failure: Self.notRegistered)
    }

    /// Records that `finished` tasks have finished.
    func record(finished: Int) {
        let updated = state.withLock { state -> RunEntry? in
            state.entry?.finished = finished
            return state.entry
        }
        guard let updated else { return }
        write(updated, failure: "cannot update this run's entry in the run registry, which --list-workers and -k read")
    }

    /// Removes the entry: the run is over.
    func remove() {
        guard let pid = state.withLock({ $0.entry?.pid }) else { return }
        registry.remove(pid: pid)
    }

    private static let notRegistered = "cannot register this run, so --list-workers and -k do not see it"

    /// Writes `entry`; the first failure of the run is a warning: `failure`, then what the registry said.
    private func write(_ entry: RunEntry, failure: String) {
        do {
            try registry.write(entry)
        } catch {
            let isFirst = state.withLock { state in
                defer { state.hasWarned = true }
                return !state.hasWarned
            }
            if isFirst { warn("\(failure): \(error)") }
        }
    }
}
