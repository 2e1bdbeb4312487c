import PRXPlugins
import Synchronization

/// SIGINT, SIGTERM and SIGHUP to the launcher of a daemon (`prx -D`) while it launches it: the user asks prx to stop,
/// so the launch stops, with the daemon, before the launcher has said the daemon's PID. The launcher then waits for
/// the daemon's end, says so in one line on standard error, and exits with 128 + the first signal, as a run in the
/// foreground does; no daemon is left running that the user was not told of.
///
/// Each signal is handed on to the daemon, as the first signal (a run counts the second as insisting), once the
/// launcher knows it (``DaemonStarted``, its first line), and at once after that. A daemon that has not trapped signals
/// yet has made nothing and ends at once; one that has ends as a run interrupted by that signal does, every result
/// written, its tasks stopped, and it is not held up: its own watchdog ends it should it make no progress. A signal
/// caught before the session leader is started starts nothing.
///
/// The launch is over once the launcher begins to print the daemon's announcement (``claimAnnouncement()``): a signal
/// that comes after changes nothing, the daemon runs on, and the launcher exits 0, as a run's signal that comes once
/// its results are written leaves its status as it is.
final class DaemonLaunchSignals {
    /// The daemon, once the launcher knows it.
    private final class Daemon: Sendable {
        let pid: Int32
        let process: ProcessDescriptor

        init(pid: Int32, process: consuming ProcessDescriptor) {
            self.pid = pid
            self.process = process
        }

        /// Sends `signal`; one that ended already gets nothing.
        func send(_ signal: Int32) {
            try? process.send(Signal(rawValue: signal))
        }
    }

    /// What the signals and the launch know.
    private struct State {
        /// The first signal caught.
        var first: Int32?
        /// How many signals were caught, each to be handed on.
        var count = 0
        /// The daemon, once its first line is read.
        var daemon: Daemon?
        /// Whether the launcher has begun to print the announcement.
        var announced = false
    }

    /// The state, shared with the signal trap's reader.
    private final class Shared: Sendable {
        let state = Mutex(State())
    }

    private let shared = Shared()
    private let trap: SignalTrap

    /// Starts handing the signals caught to the launch: those since ``SignalTrap/install()``, which comes first, and
    /// any that follow.
    init() {
        let shared = shared
        trap = SignalTrap { first in
            let daemon = shared.state.withLock { state -> Daemon? in
                guard !state.announced else { return nil }
                state.first = first
                state.count += 1
                return state.daemon
            }
            daemon?.send(first)
        }
    }

    deinit {
        trap.remove()
    }

    /// The first signal caught before the announcement, if any: the launch stops.
    var caught: Int32? { shared.state.withLock { $0.first } }

    /// Takes `started` for the daemon, if it is still the process its line describes, and sends it the signals caught
    /// so far.
    func follow(_ started: DaemonStarted) {
        // Opened before the check: a descriptor of a process that then proves to be the daemon can only reach the
        // daemon, whatever process its id is given to later.
        guard let process = try? ProcessDescriptor(of: ProcessID(rawValue: started.pid)), started.isRunning else {
            return
        }
        let daemon = Daemon(pid: started.pid, process: process)
        let (first, count) = shared.state.withLock { state in
            state.daemon = daemon
            return (state.first, state.count)
        }
        guard let first else { return }
        for _ in 0..<count {
            daemon.send(first)
        }
    }

    /// Ends the launch as announced, when no signal has been caught, and returns `nil`: signals change nothing from
    /// now on. Returns the first signal when one has been: the launch stops (``stop(by:after:telling:)``).
    func claimAnnouncement() -> Int32? {
        // A signal caught before now stops the launch, also one the trap's reader has not handed over yet: the
        // launcher, which ran the handler itself, may have read the daemon's report before that thread had a CPU.
        trap.handOverCaught()
        return shared.state.withLock { state in
            if state.first == nil { state.announced = true }
            return state.first
        }
    }

    /// Waits for the daemon, which the signals reached, to end; then tells `tell` so in one line and returns the error
    /// that ends prx with 128 + `first`, the first signal caught. `report` is the daemon's, when its run began.
    func stop(by first: Int32, after report: DaemonReport?, telling tell: (String) -> Void) -> ExitCodeError {
        let daemon = shared.state.withLock { $0.daemon }
        if let daemon {
            while (try? daemon.process.awaitExit(timeout: .seconds(3600))) == false {}
        }
        let name = Signal(rawValue: first).name
        // A daemon whose run began wrote its report after its first line, so it was followed, unless it had ended.
        let line = switch (daemon?.pid ?? report?.pid, report) {
        case (nil, _): "prx: launch stopped by \(name) before the daemon started"
        case (let pid?, nil): "prx: launch stopped by \(name): the daemon, PID \(pid), ended before its run began"
        case (let pid?, let report?):
            "prx: launch stopped by \(name): the daemon, PID \(pid), has ended; log file: "
                + "\(ControlCharacterEscaping.escaped(report.logFile)); "
                + "summary file: \(ControlCharacterEscaping.escaped(report.summaryFile))"
        }
        tell(line + "\n")
        return ExitCodeError(status: 128 + first)
    }
}
