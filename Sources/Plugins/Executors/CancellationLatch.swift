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

    /// Calls `makeForward` with whether the latch is already cancelled and keeps the closure it returns, to be
    /// called on a later cancellation. Atomic with ``cancel()``: a cancellation is seen by exactly one of the two.
    func connect(_ makeForward: (_ alreadyCancelled: Bool) -> @Sendable () -> Void) {
        state.withLock { state in
            state.forward = makeForward(state.cancelled)
        }
    }
}
