#if os(Linux)
import Glibc

/// A kernel event counter (an eventfd): one thread signals it, another thread's epoll wait wakes up.
struct EventCounter: Sendable {
    /// The counter's descriptor, readable while the count is not zero.
    let descriptor: FileDescriptor

    /// Creates a non-blocking counter at zero, closed on `exec`.
    ///
    /// The corresponding C function is `eventfd`.
    static func create() throws(Errno) -> EventCounter {
        let fd = try retryingInterrupts { GNULibC.eventfd(0, GNULibC.eventCloseOnExecNonBlocking) }
        return EventCounter(descriptor: FileDescriptor(rawValue: fd))
    }

    /// Adds one to the count, making the descriptor readable.
    ///
    /// A count already at its maximum (`EAGAIN`) is readable anyway, so that error is not reported.
    ///
    /// The corresponding C function is `write`.
    func signal() {
        _ = try? descriptor.write(UInt64(1))
    }

    /// Sets the count back to zero.
    ///
    /// The corresponding C function is `read`.
    func reset() {
        var count: UInt64 = 0
        _ = withUnsafeMutableBytes(of: &count) { try? descriptor.read(into: $0) }
    }
}
#endif
