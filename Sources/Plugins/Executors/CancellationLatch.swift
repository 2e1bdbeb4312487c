import Glibc
import Synchronization

/// Carries the cancellation of one `execute` call to the process it started, whenever it comes: before the
/// spawn (it is remembered, and the process is never started or is stopped the moment it is watched) or
/// after (it is forwarded to the process monitor).
final class CancellationLatch: Sendable {
    private struct State {
        var cancelled = false
        var forward: (@Sendable () -> Void)?
    }

    private let state = Mutex(State())

    /// Creates a latch that has not been cancelled.
    init() {}

    /// Whether ``cancel()`` has been called.
    var isCancelled: Bool { state.withLock { $0.cancelled } }

    /// Records the cancellation and forwards it, once, if ``connect(_:)`` has installed a forward.
    func cancel() {
        state.withLock { state in
            guard !state.cancelled else { return }
            state.cancelled = true
            state.forward?()
        }
    }

    /// Blocks the calling thread for `duration`, or until the latch is cancelled, which it looks at every 50 ms:
    /// for a wait that must not depend on a timer of Dispatch's.
    func sleep(for duration: Duration) {
        let end = ContinuousClock.now + duration
        while !isCancelled {
            let left = end - .now
            if left <= .zero { return }
            let step = min(left, .milliseconds(50))
            let (seconds, attoseconds) = step.components
            var interval = timespec(tv_sec: Int(seconds), tv_nsec: Int(attoseconds / 1_000_000_000))
            _ = nanosleep(&interval, nil)
        }
    }

    /// Calls `makeForward` with whether the latch is already cancelled and keeps the closure it returns, to be
    /// called on a later cancellation. Atomic with ``cancel()``: a cancellation is seen by exactly one of the two.
    func connect(_ makeForward: (_ alreadyCancelled: Bool) -> @Sendable () -> Void) {
        state.withLock { state in
            state.forward = makeForward(state.cancelled)
        }
    }
}
