import CSystem
import Dispatch
import Foundation
import PRXPlugins
import Synchronization

/// Turns SIGINT, SIGTERM and SIGHUP (the terminal prx runs in went away) into the cancellation of a run, and
/// remembers which signal came first.
///
/// The default action (ending prx at once) would leave the summary unwritten and the running tasks to the orphan
/// guard; instead the run is cancelled, the executor terminates what is running, every result is written, and
/// prx exits with 128 + the number of the first signal caught, in the order the handler received them
/// (``csystem_trap_signal``). A signal ignored when prx started stays ignored: `nohup prx …` runs on
/// after a hangup, and a background job of a script without job control is not stopped by the terminal's
/// interrupt key, as they would for any program.
///
/// The signals are caught from ``install(stopGrace:)``, which a run calls before it makes any file: a signal that
/// comes while the run is being set up waits in the handler's pipe (``csystem_trap_signal``) and interrupts the run
/// as it begins, where it killed prx halfway through its set-up (log files without a summary, an empty journal)
/// or, a little later, was lost. They stay caught until prx exits: one that comes once the run is over changes
/// nothing of what it reported.
final class SignalTrap {
    /// The first signal caught, shared with the pipe's reader.
    private final class FirstSignal: Sendable {
        let value = Mutex<Int32?>(nil)
    }

    /// Reads the handler's pipe, on a thread of its own, for the trap that is current. A Dispatch source read it
    /// before, and needed a thread of Dispatch's to run on: at the process limit (`ulimit -u`) Dispatch could not
    /// make one and retried for ever, so prx was deaf to signals and hung at the end of its run, cancelling the
    /// source.
    private final class PipeReader: Sendable {
        /// The reader of this process, started by the first ``install()``.
        static let shared = Mutex<PipeReader?>(nil)

        private let descriptor: FileDescriptor
        /// What a signal is handed to: the current trap's, or `nil` between traps, when signals stay in the pipe.
        private let deliver = Mutex<(@Sendable (Int32) -> Void)?>(nil)
        /// Held from a read of the pipe until the signals read are handed over, by whichever thread reads.
        private let handing = Mutex(())
        /// Signalled as a trap attaches, for a reader that found the pipe readable and no trap.
        private let attached = DispatchSemaphore(value: 0)

        init(descriptor: FileDescriptor) {
            self.descriptor = descriptor
        }

        /// Waits for signals and hands each one over, for as long as prx lives.
        func run() {
            while true {
                guard (try? descriptor.poll(for: POLLIN, within: -1)) == true else { continue }
                guard deliver.withLock({ $0 }) != nil else {
                    attached.wait()
                    continue
                }
                handOver()
            }
        }

        /// Reads the signals the pipe holds, if any, and hands each to the current trap, on the calling thread; returns
        /// once those another thread was reading meanwhile are handed over too.
        func handOver() {
            handing.withLock { _ in
                guard let deliver = deliver.withLock({ $0 }) else { return }
                var numbers = [UInt8](repeating: 0, count: 64)
                // The pipe does not block: one that another thread emptied reads nothing (EAGAIN).
                let count = (try? numbers.withUnsafeMutableBytes { (buffer) throws(Errno) -> Int in
                    try descriptor.read(into: buffer)
                }) ?? 0
                for number in numbers[..<count] {
                    deliver(Int32(number))
                }
            }
        }

        /// Hands signals, those waiting in the pipe first, to `handler` from now on.
        func attach(_ handler: @escaping @Sendable (Int32) -> Void) {
            deliver.withLock { $0 = handler }
            attached.signal()
        }

        /// Leaves signals in the pipe from now on.
        func detach() {
            deliver.withLock { $0 = nil }
        }
    }

    /// The signals trapped.
    static let signals = [SIGINT, SIGTERM, SIGHUP]

    private let received = FirstSignal()

    /// How long after the first signal, or after the run's last progress (``WatchdogProgressSink``), a run may go
    /// on without progress, beyond its executor's grace for stopping a task, before the watchdog ends prx.
    static let watchdogMargin: Duration = .seconds(10)

    /// Catches those of ``signals`` that are not ignored, from now until prx exits, and starts the thread that will
    /// hand them to a trap and the watchdog (``csystem_start_signal_watchdog``), which ends prx if the run makes no
    /// progress for `stopGrace` plus ``watchdogMargin`` after the first; throws when there is no room for these
    /// threads (the process limit, or too little memory for their stacks).
    static func install(stopGrace: Duration) throws(CommandFailure) {
        let patience = stopGrace + watchdogMargin
        let watchdog = csystem_start_signal_watchdog(Int32(min(patience / .milliseconds(1), Double(Int32.max))))
        guard watchdog == 0 else { throw threadRefusal(watchdog) }
        try install()
    }

    /// Catches those of ``signals`` that are not ignored, from now until prx exits, and starts the thread that will
    /// hand them to a trap, without the watchdog: for the launcher of a daemon (``DaemonLaunchSignals``), which runs
    /// no task and, once signalled, waits only for the daemon, whose own watchdog ends it. Throws when there is no room
    /// for the thread.
    static func install() throws(CommandFailure) {
        for signalNumber in signals {
            _ = csystem_trap_signal(signalNumber)
        }
        let descriptor = csystem_trapped_signals_descriptor()
        guard descriptor >= 0 else { return }
        try PipeReader.shared.withLock { (reader) throws(CommandFailure) in
            guard reader == nil else { return }
            let started = PipeReader(descriptor: FileDescriptor(rawValue: descriptor))
            do throws(DetachedThread.Refusal) {
                try DetachedThread.start(name: "prx signals") { started.run() }
            } catch {
                throw threadRefusal(error.code)
            }
            reader = started
        }
    }

    /// The refusal of a run whose thread that watches for signals could not start, with the error number `code` and
    /// the limit to raise (``RefusedResourceLimit``), as the process monitor's refusal names it: `cannot start the
    /// thread that watches for signals: Resource temporarily unavailable (the process limit: ulimit -u, or the
    /// cgroup's pids.max)`.
    private static func threadRefusal(_ code: Int32) -> CommandFailure {
        let limit = RefusedResourceLimit.named(for: code).map { " (\($0))" } ?? ""
        return CommandFailure(
            message: "cannot start the thread that watches for signals: \(String(cString: strerror(code)))\(limit)")
    }

    /// Calls `onSignal` for each signal caught, on the reader's thread, with the first signal caught: those caught
    /// since ``install()`` first, at once, then the first and any that follow as they come (a second Ctrl-C
    /// insists). Call ``install()`` first: without the reader it starts, the signals stay in the pipe.
    init(onSignal: @escaping @Sendable (_ first: Int32) -> Void) {
        let received = received
        PipeReader.shared.withLock { $0 }?.attach { number in
            let first = received.value.withLock { current in
                if current == nil { current = number }
                return current ?? number
            }
            onSignal(first)
        }
    }

    /// The first signal caught, if any.
    var caught: Int32? { received.value.withLock { $0 } }

    /// Hands `onSignal`, on the calling thread, the signals the handler caught that the reader's thread has not handed
    /// over yet, and returns once every signal caught before the call has reached it: what is decided next knows of
    /// each, however long the machine keeps the reader's thread waiting for a CPU.
    func handOverCaught() {
        PipeReader.shared.withLock { $0 }?.handOver()
    }

    /// Stops calling the handler; the signals stay caught, and one that comes from now on is left unread (one read
    /// under way as this is called may still hand its signals to the handler).
    func remove() {
        PipeReader.shared.withLock { $0 }?.detach()
    }
}
