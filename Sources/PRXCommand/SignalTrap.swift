import Dispatch
import Foundation
import Synchronization

/// Turns SIGINT and SIGTERM into the cancellation of a run, and remembers which signal came first.
///
/// The default action (ending prx at once) would leave the tasks' process groups running and the summary
/// unwritten; instead the run is cancelled, the executor terminates what is running, every result is written,
/// and prx exits with 128 + the signal number.
final class SignalTrap {
    /// The first signal caught, shared with the dispatch handlers.
    private final class FirstSignal: Sendable {
        let value = Mutex<Int32?>(nil)
    }

    private let received: FirstSignal
    private let sources: [any DispatchSourceSignal]

    /// Starts catching SIGINT and SIGTERM; each calls `onSignal` once, on a dispatch queue.
    init(onSignal: @escaping @Sendable () -> Void) {
        let queue = DispatchQueue(label: "prx.signals")
        var sources: [any DispatchSourceSignal] = []
        let received = FirstSignal()
        for signalNumber in [SIGINT, SIGTERM] {
            signal(signalNumber, SIG_IGN)
            let source = DispatchSource.makeSignalSource(signal: signalNumber, queue: queue)
            source.setEventHandler {
                let first = received.value.withLock { current -> Bool in
                    guard current == nil else { return false }
                    current = signalNumber
                    return true
                }
                if first { onSignal() }
            }
            source.resume()
            sources.append(source)
        }
        self.received = received
        self.sources = sources
    }

    /// The first signal caught, if any.
    var caught: Int32? { received.value.withLock { $0 } }

    /// Stops catching: the signals' default actions apply again.
    func remove() {
        for source in sources { source.cancel() }
        signal(SIGINT, SIG_DFL)
        signal(SIGTERM, SIG_DFL)
    }
}
