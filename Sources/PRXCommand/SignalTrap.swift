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
final class SignalTrap {
    /// The first signal caught, shared with the dispatch handlers.
    private final class FirstSignal: Sendable {
        let value = Mutex<Int32?>(nil)
    }

    /// The signals trapped.
    static let signals = [SIGINT, SIGTERM, SIGHUP]

    private let received: FirstSignal
    private let sources: [any DispatchSourceSignal]
    /// The signals trapped here, each with the action it had before.
    private let trapped: [(signal: Int32, previous: sigaction)]

    /// Starts catching those of ``signals`` that are not ignored; each one caught calls `onSignal`, on a dispatch
    /// queue, the first and any that follow (a second Ctrl-C insists).
    init(onSignal: @escaping @Sendable () -> Void) {
        let queue = DispatchQueue(label: "prx.signals")
        var sources: [any DispatchSourceSignal] = []
        var trapped: [(signal: Int32, previous: sigaction)] = []
        let received = FirstSignal()
        for signalNumber in Self.signals {
            var ignore = sigaction()
            ignore.__sigaction_handler.sa_handler = SIG_IGN
            var previous = sigaction()
            sigaction(signalNumber, &ignore, &previous)
            if Self.isIgnore(previous) { continue }
            trapped.append((signalNumber, previous))
            let source = DispatchSource.makeSignalSource(signal: signalNumber, queue: queue)
            source.setEventHandler {
                received.value.withLock { current in
                    if current == nil { current = signalNumber }
                }
                onSignal()
            }
            source.resume()
            sources.append(source)
        }
        self.received = received
        self.sources = sources
        self.trapped = trapped
    }

    /// Whether `action` is `SIG_IGN`.
    private static func isIgnore(_ action: sigaction) -> Bool {
        unsafeBitCast(action.__sigaction_handler.sa_handler, to: Int.self) == unsafeBitCast(SIG_IGN, to: Int.self)
    }

    /// The first signal caught, if any.
    var caught: Int32? { received.value.withLock { $0 } }

    /// Stops catching: the signals' earlier actions apply again.
    func remove() {
        for source in sources { source.cancel() }
        for (signalNumber, previous) in trapped {
            var action = previous
            sigaction(signalNumber, &action, nil)
        }
    }
}
