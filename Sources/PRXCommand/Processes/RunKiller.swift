import Foundation
import PRXPlugins

/// Stops prx runs for `-k`: `SIGTERM`, so the run cancels its tasks and writes every result, then `SIGKILL`
/// when it has not ended after the time its executor may take to stop a task (``RunEntry/stopGrace``) and ``grace``
/// more.
///
/// It signals only a process the run registry lists and whose ``ProcessIdentity`` still matches the entry,
/// through a process descriptor opened before that check, so a PID that now names another process (or is
/// reused while prx waits) is never signalled.
struct RunKiller {
    /// How a run ended.
    enum Outcome: Equatable {
        /// It ended after `SIGTERM`.
        case terminated
        /// It was still running this long after `SIGTERM` and got `SIGKILL`.
        case killed(after: Duration)
    }

    /// The registry that says which processes are prx runs.
    var registry: RunRegistry
    /// How long a run has to end after `SIGTERM` once its tasks are stopped: parallelr's 3 s, which was the whole
    /// wait, so that a run whose tasks took their grace was killed before it wrote their results.
    var grace: Duration = .seconds(3)

    /// Stops the run `pid`, removes its entry unless another run has registered under `pid` since
    /// (``RunRegistry/remove(pid:ifStillOf:)``), and returns how it ended.
    ///
    /// - Throws: ``CommandFailure`` (exit status 2) when `pid` is not a live prx run the registry lists, the registry
    ///   cannot be read, or `pid` cannot be signalled; nothing is signalled then.
    func stop(pid: Int32) throws(CommandFailure) -> Outcome {
        guard let entry = registry.entry(pid: pid) else {
            try registry.checkReadable()
            throw CommandFailure(message: "PID \(pid) is not a running prx process (see --list-workers)")
        }
        let process: ProcessDescriptor
        do {
            process = try ProcessDescriptor(of: ProcessID(rawValue: pid))
        } catch {
            registry.remove(pid: pid, ifStillOf: entry.identity)
            throw stale(pid, error)
        }
        guard ProcessIdentity.of(pid) == entry.identity else {
            registry.remove(pid: pid, ifStillOf: entry.identity)
            throw stale(pid, .noSuchProcess)
        }
        let outcome: Outcome
        do {
            try process.send(.terminate)
            let wait = grace + .boundedSeconds(entry.stopGrace ?? 0)
            if try process.awaitExit(timeout: wait) {
                outcome = .terminated
            } else {
                try process.send(.kill)
                _ = try process.awaitExit(timeout: .seconds(5))
                outcome = .killed(after: wait)
            }
        } catch {
            throw CommandFailure(message: "cannot stop PID \(pid): \(error)")
        }
        registry.remove(pid: pid, ifStillOf: entry.identity)
        return outcome
    }

    /// Stops every live run the registry lists, except the calling process, once `confirm` (given how many
    /// there are) agrees; returns the report, a line per run.
    ///
    /// - Throws: ``CommandFailure`` when the registry cannot be read, from `confirm`, or (exit status 1, after every
    ///   run was tried) naming the runs that could not be stopped.
    func stopAll(confirm: (Int) throws(CommandFailure) -> Bool) throws(CommandFailure) -> String {
        let entries = try registry.liveEntries().filter { $0.pid != ProcessID.own.rawValue }
        guard !entries.isEmpty else { return "No running prx processes found.\n" }
        guard try confirm(entries.count) else { return "Cancelled: no process was killed.\n" }
        var report = ""
        var failures: [String] = []
        for entry in entries {
            do {
                report += line(pid: entry.pid, try stop(pid: entry.pid))
            } catch {
                failures.append(error.message)
            }
        }
        guard failures.isEmpty else {
            try? FileDescriptor.standardOutput.writeAll(Array(report.utf8))
            throw CommandFailure(message: failures.joined(separator: "; "), exitStatus: 1)
        }
        return report
    }

    /// The report line for a run stopped with `outcome`, the wait in seconds as prx's other messages write them
    /// (``Swift/Double/plainText``): `still running 11s after SIGTERM`, where `Duration` writes `11.0 seconds`.
    func line(pid: Int32, _ outcome: Outcome) -> String {
        switch outcome {
        case .terminated: "Killed prx process \(pid) (ended after SIGTERM)\n"
        case .killed(let wait):
            "Killed prx process \(pid) (SIGKILL: still running \((wait / .seconds(1)).plainText)s after SIGTERM)\n"
        }
    }

    private func stale(_ pid: Int32, _ error: Errno) -> CommandFailure {
        if error == .noSuchProcess {
            return CommandFailure(
                message: "PID \(pid) is not a running prx process: "
                    + "the run registered under it has ended (entry removed)")
        }
        return CommandFailure(message: "cannot stop PID \(pid): \(error)")
    }
}
