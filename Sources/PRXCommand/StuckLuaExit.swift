import Foundation
import PRXPlugins
import Synchronization

/// Ends prx when Lua code does not give way to SIGINT, SIGTERM or SIGHUP: a call blocked inside a C function
/// (`io.read` waiting for input, `string.find` backtracking for hours), or in a `__gc` metamethod (which Lua runs with
/// its hooks off) that Lua's garbage collector called during the call, never reaches the hook with which
/// ``LuaInterruption`` stops Lua code, nor does one that catches the hook's error with `pcall` and goes on; it holds
/// the run's one Lua thread, and with it the run, for as long as it likes.
///
/// The run was cancelled at the signal, so the executor is stopping its tasks already, on threads of its own. This
/// waits for their processes to end (the executor's grace, and half a second more, at most). The call may return
/// meanwhile (a slow `string.find` that ends after all), and the run go on to its usual end: then this does
/// nothing. Otherwise it holds the call (``LuaInterruption/holdForExit(_:)``), so that the run cannot go on should
/// the call return now, ends the run's journal with its `run_finished` line (interrupted; ``JournalEnding``),
/// removes the run's entry from the registry, warns naming the call and exits with 128 + the signal; the orphan guard
/// stops what is left. The journal's writer runs on the thread the call holds, so that nothing writes the journal
/// after that line, nor over it. What the sinks had written is on disk; the results of the scheduler's turn the call
/// held up (its sinks write them at its end) and the summary report are not. It runs on a dispatch queue, never in a
/// signal handler.
///
/// The exit is bounded whatever prx writes to: the journal's line and the registry's entry get
/// ``filesPatience``, the warning ``warningPatience``, each on a thread of its own, and prx exits when that time is up
/// even if they have not returned. The warning goes to standard error and the main log, either of which may be a
/// pipe or FIFO whose reader stopped reading, and a write to it would wait for ever; so the warning comes last.
final class StuckLuaExit: Sendable {
    private let stopGrace: Duration
    private let registration: RunRegistration
    private let journalEnding: JournalEnding
    private let warn: @Sendable (String) -> Void
    /// Held while a stuck call is looked at, so that a second one waits for the first to end prx or let it go on.
    private let ending = Mutex(())

    /// How long the exit waits for the journal's `run_finished` line and the registry entry's removal: files of prx's
    /// own, written at once unless the file system itself hangs (an NFS server gone).
    static let filesPatience = Duration.seconds(3)
    /// How long the exit waits for its warning to be written to standard error and the main log.
    static let warningPatience = Duration.seconds(1)

    /// Creates the exit of a run whose executor takes up to `stopGrace` to stop a task, registered by
    /// `registration`, whose journal `journalEnding` ends; the warning goes to `warn`.
    init(
        stopGrace: Duration, registration: RunRegistration, journalEnding: JournalEnding,
        warn: @escaping @Sendable (String) -> Void
    ) {
        self.stopGrace = stopGrace
        self.registration = registration
        self.journalEnding = journalEnding
        self.warn = warn
    }

    /// Ends prx after `signal`, `call` being the call into `interruption`'s Lua state that would not return, unless
    /// it returns before the executor has stopped the tasks; a call while another is looked at waits for it.
    func end(stuck call: LuaInterruption.Call, in interruption: LuaInterruption, signal: Int32) {
        ending.withLock { _ in
            let deadline = ContinuousClock.now + stopGrace + .milliseconds(500)
            while LocalProcessExecutor.hasTaskProcesses && ContinuousClock.now < deadline {
                usleep(20_000)
            }
            guard interruption.holdForExit(call) else { return }
            Self.wait(atMost: Self.filesPatience) { [journalEnding, registration] in
                // Every task's end is in the journal once the run is over, when `on_done` is called (its sinks are
                // told of the end after the tasks); a call before it held up the ends of a turn, and the tasks not
                // reached.
                journalEnding.writeInterrupted(holdsEveryTask: call.role == "on_done")
                registration.remove()
            }
            let message = Self.message(call, signal: signal)
            Self.wait(atMost: Self.warningPatience) { [warn] in warn(message) }
            _exit(128 + signal)
        }
    }

    /// Runs `work` on a thread of its own and waits for it to return, `limit` at most: the exit goes on without it
    /// once that time is up, or at once when no thread can be started (the process limit, which a run's tasks may
    /// have reached: ``DetachedThread`` says so, where Foundation's `Thread` drops the refusal).
    private static func wait(atMost limit: Duration, for work: @escaping @Sendable () -> Void) {
        let done = DispatchSemaphore(value: 0)
        do {
            try DetachedThread.start(name: "prx exit") {
                work()
                done.signal()
            }
        } catch {
            return
        }
        _ = done.wait(timeout: .now() + .nanoseconds(Int(limit / .nanoseconds(1))))
    }

    /// The warning: `recipe.lua:3: on_finish did not give way to SIGTERM (…); prx exits without it, …`, saying why:
    /// the call caught the interruption's error, or, when that never reached it, it is blocked in a C function or a
    /// `__gc` metamethod.
    static func message(_ call: LuaInterruption.Call, signal: Int32) -> String {
        let name = [SIGINT: "SIGINT", SIGTERM: "SIGTERM", SIGHUP: "SIGHUP"][signal] ?? "signal \(signal)"
        let what = switch (call.role, call.definition) {
        case (let role?, let definition?): "\(definition): \(role)"
        case (let role?, nil): role
        case (nil, let definition?): "\(definition): the Lua function defined here"
        case (nil, nil): "Lua code"
        }
        let why = call.caughtTheInterruption
            ? "it caught the interruption's error, with pcall, and went on"
            : "blocked in a C function such as io.read or string.find, or in a __gc metamethod"
        return "\(what) did not give way to \(name) (\(why)); prx exits without it, and the results not yet written "
            + "are lost"
    }
}
