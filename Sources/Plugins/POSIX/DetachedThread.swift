#if os(Linux)
import CSystem
import Glibc

/// A thread of prx's own, outside Swift's pool and Dispatch's, made with `pthread_create` so that a refusal is an
/// error the caller sees: Foundation's `Thread.start()` drops it, and the thread's work silently never runs.
///
/// A thread counts against the same process limit as a task's process (`ulimit -u`, the cgroup's `pids.max`), so a
/// run whose tasks fill that limit may find no room for one; Dispatch, refused a thread, retries every second for
/// as long as the refusal lasts, holding up whatever it was to run. Work that must go on then (watching processes,
/// reading signals) runs on a thread of this kind, made before the limit is reached.
public enum DetachedThread {
    /// Why a thread could not be made: the error number `pthread_create` returned, told apart.
    public struct Refusal: Error, CustomStringConvertible {
        /// The C value: `EAGAIN` for the process limit, `ENOMEM` for too little memory for the stack (which
        /// `pthread_create` also returns as `EAGAIN`: see ``csystem_thread_refusal_cause``).
        public var code: Int32
        /// The C library's text for it ("Resource temporarily unavailable").
        public var description: String { String(cString: strerror(code)) }
    }

    /// The body and name, handed to the new thread.
    private final class Start {
        let name: String
        let body: @Sendable () -> Void

        init(name: String, body: @escaping @Sendable () -> Void) {
            self.name = name
            self.body = body
        }
    }

    /// Runs `body` on a new detached thread named `name` (Linux keeps the first 15 bytes), with a stack of
    /// ``CSYSTEM_OWN_THREAD_STACK_SIZE`` bytes.
    public static func start(name: String, _ body: @escaping @Sendable () -> Void) throws(Refusal) {
        let start = Unmanaged.passRetained(Start(name: name, body: body)).toOpaque()
        var thread = pthread_t()
        var attributes = pthread_attr_t()
        pthread_attr_init(&attributes)
        defer { pthread_attr_destroy(&attributes) }
        pthread_attr_setstacksize(&attributes, Int(CSYSTEM_OWN_THREAD_STACK_SIZE))
        let result = pthread_create(&thread, &attributes, { context in
            guard let context else { return nil }
            let start = Unmanaged<Start>.fromOpaque(context).takeRetainedValue()
            _ = csystem_name_thread(start.name)
            start.body()
            return nil
        }, start)
        guard result == 0 else {
            Unmanaged<Start>.fromOpaque(start).release()
            throw Refusal(code: csystem_thread_refusal_cause(result, Int(CSYSTEM_OWN_THREAD_STACK_SIZE)))
        }
        pthread_detach(thread)
    }
}
#endif
