import Synchronization

/// The end of a child process, told once (by Foundation's termination handler) and awaited by any number of callers,
/// none of whom holds a thread meanwhile.
///
/// `Process.waitUntilExit()` would hold one, and spin it: it runs the thread's run loop until the process has ended,
/// and off the main thread that loop has nothing to wait for and returns at once, a full core for as long as the
/// process runs.
final class ProcessEnd: Sendable {
    private let state = Mutex<(ended: Bool, waiting: [CheckedContinuation<Void, Never>])>((false, []))

    /// Records that the process has ended and resumes every caller of ``wait()``.
    func tell() {
        let waiting = state.withLock { state in
            state.ended = true
            defer { state.waiting = [] }
            return state.waiting
        }
        for caller in waiting { caller.resume() }
    }

    /// Returns once the process has ended.
    func wait() async {
        await withCheckedContinuation { caller in
            let ended = state.withLock { state in
                if !state.ended { state.waiting.append(caller) }
                return state.ended
            }
            if ended { caller.resume() }
        }
    }
}
