import Foundation

/// Blocking work (reading a pipe to its end, a call of prx's own that waits) done on a thread of its own, so that the
/// test awaiting it holds none of the threads of Swift's cooperative pool.
///
/// The pool has one thread per core. A test that blocks one of them waits with it every test queued behind it: on two
/// cores, two tests waiting for `prx` runs left the suite's in-process async tests (the scheduler's, say) stalled for
/// as long as the synchronous tests took, some 100 s.
public enum BlockingCall {
    /// Runs `work` on a new thread and returns what it returns, or throws what it throws; the caller is suspended
    /// meanwhile, holding no thread.
    public static func run<Value: Sendable, Failure: Error>(
        _ work: @escaping @Sendable () throws(Failure) -> Value
    ) async throws(Failure) -> Value {
        let result = await withCheckedContinuation { (finished: CheckedContinuation<Result<Value, Failure>, Never>) in
            Thread { finished.resume(returning: Result(catching: work)) }.start()
        }
        return try result.get()
    }
}
