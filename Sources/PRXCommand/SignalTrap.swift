import CSystem
import Dispatch
import Foundation
import Synchronization

/// Turns SIGINT, SIGTERM and SIGHUP (the terminal prx runs in went away) into the cancellation of a run, and
/// remembers which signal came first.
///
/// The default action (ending prx at once) would leave the summary unwritten and the running tasks to the orphan
/// guard; instead the run is cancelled, the executor terminates what is running, every result is written, and
/// prx exits with 128 + the signal number. A signal ignored when prx started stays ignored: `nohup prx …` runs on
/// after a hangup, and a background job of a script without job control is not stopped by the terminal's
/// interrupt key, as they would for any program.
///
/// The signals are caught from ``install()``, which a run calls before it makes any file: a signal that
/// comes while the run is being set up waits in the handler's pipe (``csystem_trap_signal``) and interrupts the run
/// as it begins, where it killed prx halfway through its set-up (log files without a summary, an empty journal)
/// or, a little later, was lost. They stay caught until prx exits: one that comes once the run is over changes
/// nothing of what it reported.
final class SignalTrap {
    /// The first signal caught, shared with the dispatch handler.
    private final class FirstSignal: Sendable {
        let value = Mutex<Int32?>(nil)
    }

    /// The signals trapped.
    static let signals = [SIGINT, SIGTERM, SIGHUP]

    private let received = FirstSignal()
    private let source: (any DispatchSourceRead)?

    /// Catches those of ``signals`` that are not ignored, from now until prx exits.
    static func install() {
        for signalNumber in signals {
            _ = csystem_trap_signal(signalNumber)
        }
    }

    /// Catches the signals (``install()``) and calls `onSignal` for each one caught, on a dispatch queue, with the
    /// first signal caught: those caught since ``install()`` first, at once, then the first and any that follow as
    /// they come (a second Ctrl-C insists).
    init(onSignal: @escaping @Sendable (_ first: Int32) -> Void) {
        Self.install()
        let descriptor = csystem_trapped_signals_descriptor()
        guard descriptor >= 0 else {
            source = nil
            return
        }
        let source = DispatchSource.makeReadSource(fileDescriptor: descriptor, queue: DispatchQueue(label: "prx.signals"))
        let received = received
        source.setEventHandler {
            var numbers = [UInt8](repeating: 0, count: 64)
            let count = read(descriptor, &numbers, numbers.count)
            guard count > 0 else { return }
            for number in numbers[..<count] {
                let first = received.value.withLock { current in
                    if current == nil { current = Int32(number) }
                    return current ?? Int32(number)
                }
                onSignal(first)
            }
        }
        source.resume()
        self.source = source
    }

    /// The first signal caught, if any.
    var caught: Int32? { received.value.withLock { $0 } }

    /// Stops calling the handler; the signals stay caught, and one that comes now is left unread.
    func remove() {
        source?.cancel()
    }
}
