#if os(Linux)
import Glibc

/// A process descriptor (a pidfd) held for signalling: a handle on one process that stays bound to it even after its
/// id is reused, so a signal sent through it can only reach that process. Closed when the value goes.
package struct ProcessDescriptor: ~Copyable {
    private let descriptor: FileDescriptor

    /// Opens a descriptor for `process` (the kernel makes it close-on-exec).
    ///
    /// Throws ``Errno/noSuchProcess`` when there is no such process.
    ///
    /// The corresponding C function is `pidfd_open` (``ProcessID/openDescriptor()``).
    package init(of process: ProcessID) throws(Errno) {
        descriptor = try process.openDescriptor()
    }

    deinit { descriptor.close() }

    /// Sends `signal` to the process, then its ``Signal/followingSignals`` (`SIGCONT` after `SIGTERM`); throws
    /// ``Errno/noSuchProcess`` when it has already ended.
    ///
    /// The corresponding C function is `pidfd_send_signal` (a system call, Linux 5.1).
    package func send(_ signal: Signal) throws(Errno) {
        _ = try retryingInterrupts { GNULibC.pidfdSendSignal(descriptor.rawValue, signal.rawValue) }
        for following in signal.followingSignals {
            _ = try? retryingInterrupts { GNULibC.pidfdSendSignal(descriptor.rawValue, following.rawValue) }
        }
    }

    /// Waits until the process has ended or `timeout` passes; returns whether it has ended.
    ///
    /// The descriptor becomes readable when the process exits, reaped by its parent or not. A signal that cuts the
    /// wait short starts it again for the time left.
    ///
    /// The corresponding C function is `poll` (``FileDescriptor/poll(for:within:)``).
    package func awaitExit(timeout: Duration) throws(Errno) -> Bool {
        let clock = ContinuousClock()
        let deadline = clock.now + timeout
        while true {
            let left = clock.now.duration(to: deadline)
            let milliseconds = max(0, left.wholeMilliseconds)
            do throws(Errno) {
                return try descriptor.poll(for: POLLIN, within: Int32(clamping: milliseconds))
            } catch where error == .interrupted {
                continue
            }
        }
    }
}
#endif
