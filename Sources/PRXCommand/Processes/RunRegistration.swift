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
    /// The shortest time between two writes of the entry's progress.
    static let interval = Duration.milliseconds(500)

    private struct State {
        /// The entry, `nil` when this process's identity could not be read or the run is over.
        var entry: RunEntry?
        /// Whether a failure was reported already: one warning a run.
        var hasWarned = false
        /// When the entry was last written.
        var lastWrite: ContinuousClock.Instant?
        /// Whether a write is due once ``interval`` has passed since the last one.
        var writeScheduled = false
        /// Whether the entry was ever written.
        var written = false
    }

    private let registry: RunRegistry
    private let warn: @Sendable (String) -> Void
    /// The main log and CSV summary to name as each write of the entry is made, `nil` to keep those it was given.
    private let filesNow: (@Sendable () -> (logFile: String, summaryFile: String))?
    private let state: Mutex<State>
    private let clock = ContinuousClock()

    /// Writes the entry of the calling process: its identity, `running`, `startTime`, its main log and CSV summary,
    /// no task finished yet, `total` tasks when known and the executor's `stopGrace`; a failure goes to `warn`, once
    /// a run. With `filesNow`, each later write names the main log and CSV summary it gives then: a plugin's file
    /// once the run has written it (``PluginResultFiles``).
    init(
        registry: RunRegistry, logFile: String, summaryFile: String, startTime: Date, total: Int? = nil,
        stopGrace: Duration = .zero, warn: @escaping @Sendable (String) -> Void,
        filesNow: (@Sendable () -> (logFile: String, summaryFile: String))? = nil
    ) {
        self.registry = registry
        self.warn = warn
        self.filesNow = filesNow
        let pid = ProcessID.own.rawValue
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
        state.withLock { write(&$0, failure: Self.notRegistered) }
    }

    /// Whether the entry has been written, the registry's to see: `--list-workers` and `-k` see the run (a daemon's
    /// launcher, told at the run's start, says how to stop it accordingly).
    var isRegistered: Bool {
        state.withLock(\.written)
    }

    /// Records that `finished` tasks have finished. The entry is written at once when the last write is at least
    /// ``interval`` old, or with `immediately`; otherwise once it is, so that a run of many short tasks does not
    /// spend its time rewriting a file, and a count not written yet is written even when no task ends after it
    /// (the next may run for hours).
    func record(finished: Int, immediately: Bool = false) {
        state.withLock { state in
            // Set in place, and `nil` without an entry: comparing the entry with `nil` copied it, some 550
            // instructions a task.
            guard (state.entry?.finished = finished) != nil else { return }
            let sinceLast = state.lastWrite.map { clock.now - $0 }
            if immediately || sinceLast.map({ $0 >= Self.interval }) ?? true {
                write(&state, failure: Self.notUpdated)
            } else if !state.writeScheduled, let sinceLast {
                state.writeScheduled = true
                let delay = Self.interval - sinceLast
                DispatchQueue.global().asyncAfter(deadline: .now() + .nanoseconds(Int(delay / .nanoseconds(1)))) {
                    self.writeScheduledUpdate()
                }
            }
        }
    }

    /// Removes the entry: the run is over, and no update scheduled still writes it.
    func remove() {
        let pid = state.withLock { state -> Int32? in
            defer { state.entry = nil }
            return state.entry?.pid
        }
        guard let pid else { return }
        registry.remove(pid: pid)
    }

    private static let notRegistered = "cannot register this run, so --list-workers and -k do not see it"
    private static let notUpdated =
        "cannot update this run's entry in the run registry, which --list-workers and -k read"

    /// Writes the entry as it is now, when a write is still due and the run not over.
    private func writeScheduledUpdate() {
        state.withLock { state in
            guard state.writeScheduled else { return }
            state.writeScheduled = false
            write(&state, failure: Self.notUpdated)
        }
    }

    /// Writes `state`'s entry, holding the lock so that two writes never overlap; the first failure of the run is a
    /// warning: `failure`, then what the registry said.
    private func write(_ state: inout State, failure: String) {
        if let files = filesNow?() {
            state.entry?.logFile = files.logFile
            state.entry?.summaryFile = files.summaryFile
        }
        guard let entry = state.entry else { return }
        state.lastWrite = clock.now
        state.writeScheduled = false
        do {
            try registry.write(entry)
            state.written = true
        } catch {
            if !state.hasWarned { warn("\(failure): \(error)") }
            state.hasWarned = true
        }
    }
}
