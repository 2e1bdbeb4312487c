import Synchronization

/// Carries running tasks' output from the executor's threads to the run's Swift task, which hands it to the sinks
/// that watch output (``Sink/watchesOutput``) between their other calls, as it hands them events.
///
/// Made only for a run with such a sink: in any other run the executor is given no output handler at all.
final class OutputRelay: Sendable {
    /// The pieces not taken yet, and the run's task when it waits for one.
    private struct State {
        var chunks: [OutputChunk] = []
        var waiter: CheckedContinuation<Void, Never>?
        var closed = false
    }

    private let state = Mutex(State())

    /// Keeps `chunk` for the run's task, and wakes the task if it waits for output; drops it once the relay is
    /// closed. Called from the executor's threads (``ExecutionContext/output``).
    func pass(_ chunk: OutputChunk) {
        let waiter = state.withLock { state -> CheckedContinuation<Void, Never>? in
            guard !state.closed else { return nil }
            state.chunks.append(chunk)
            return state.waiter.take()
        }
        waiter?.resume()
    }

    /// Returns once a piece of output is kept, or the relay is closed.
    ///
    /// Cancellation does not end the wait: a halt cancels the run's group to stop the running tasks, whose output
    /// still comes; the run closes the relay when its last task has ended.
    func waitForOutput() async {
        await withCheckedContinuation { (continuation: CheckedContinuation<Void, Never>) in
            let waits = state.withLock { state in
                guard state.chunks.isEmpty && !state.closed else { return false }
                state.waiter = continuation
                return true
            }
            if !waits { continuation.resume() }
        }
    }

    /// The pieces kept since the last call, in the order they came.
    func take() -> [OutputChunk] {
        state.withLock { state in
            let chunks = state.chunks
            state.chunks = []
            return chunks
        }
    }

    /// Ends the relay: a wait under way returns, and output that still comes is dropped.
    func close() {
        let waiter = state.withLock { state -> CheckedContinuation<Void, Never>? in
            state.closed = true
            return state.waiter.take()
        }
        waiter?.resume()
    }
}
