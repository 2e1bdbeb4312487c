import CProcessTracing
import Foundation

/// One thread of another process held in a tracing stop (`ptrace`), while the process's other threads run on: what a
/// loaded machine does to a thread it gives no CPU for a while, made to last as long as a test needs.
///
/// The tracer is a thread of the test's own, which holds the thread until ``release()``, or until it ends (with its
/// process), and then lets go of it: `ptrace` takes its requests from the thread that attached, and a traced thread
/// that ended is reaped by its tracer before its process can be.
final class HeldThread: Sendable {
    private let released = DispatchSemaphore(value: 0)
    private let ended = DispatchSemaphore(value: 0)

    /// Stops thread `thread` and returns once it is stopped (or has ended).
    ///
    /// - Throws: ``TracingRefused`` when it cannot be traced.
    init(_ thread: Int32) async throws(TracingRefused) {
        let released = released
        let ended = ended
        let refusal = await withCheckedContinuation { (held: CheckedContinuation<Int32?, Never>) in
            Thread {
                defer { ended.signal() }
                guard cprocesstracing_ptrace(PTRACE_SEIZE, thread, 0, 0) == 0,
                    cprocesstracing_ptrace(PTRACE_INTERRUPT, thread, 0, 0) == 0
                else { return held.resume(returning: errno) }
                var status: Int32 = 0
                while waitpid(thread, &status, __WALL) < 0 && errno == EINTR {}
                held.resume(returning: nil)
                // Its end (its process's exit kills it) is reaped here, where the test process does not look for it.
                while released.wait(timeout: .now() + .milliseconds(50)) == .timedOut {
                    let reaped = waitpid(thread, &status, __WALL | WNOHANG)
                    if reaped < 0 && errno != EINTR || reaped == thread && status & 0xff != 0x7f { return }
                }
                _ = cprocesstracing_ptrace(PTRACE_DETACH, thread, 0, 0)
            }.start()
        }
        if let refusal { throw TracingRefused(what: "the thread", errorNumber: refusal) }
    }

    /// Lets the thread go on, if it has not ended, and returns once the tracer is done with it.
    func release() async {
        released.signal()
        let ended = ended
        await withCheckedContinuation { (done: CheckedContinuation<Void, Never>) in
            Thread {
                ended.wait()
                done.resume()
            }.start()
        }
    }
}
