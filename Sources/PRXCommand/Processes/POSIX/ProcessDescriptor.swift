import Glibc

/// A process descriptor (a pidfd): a handle on one process that stays bound to it even after its id is
/// reused, so a signal sent through it can only reach that process.
struct ProcessDescriptor: ~Copyable {
    private let descriptor: FileDescriptor

    /// Opens a descriptor for the process `pid` (the kernel makes it close-on-exec).
    ///
    /// Throws ``Errno/noSuchProcess`` when there is no such process.
    ///
    /// The corresponding C function is `pidfd_open` (a system call, Linux 5.3).
    init(pid: Int32) throws(Errno) {
        descriptor = FileDescriptor(rawValue: try LinuxSystemCall.pidfdOpen(pid))
    }

    deinit { descriptor.close() }

    /// Sends `signal` to the process; throws ``Errno/noSuchProcess`` when it has already ended.
    ///
    /// The corresponding C function is `pidfd_send_signal` (a system call, Linux 5.1).
    func send(_ signal: Int32) throws(Errno) {
        try LinuxSystemCall.pidfdSendSignal(descriptor.rawValue, signal)
    }

    /// Waits until the process has ended or `timeout` passes; returns whether it has ended.
    ///
    /// The descriptor becomes readable when the process exits, reaped by its parent or not.
    ///
    /// The corresponding C function is `poll`.
    func awaitExit(timeout: Duration) throws(Errno) -> Bool {
        let clock = ContinuousClock()
        let deadline = clock.now + timeout
        while true {
            let left = clock.now.duration(to: deadline)
            let milliseconds = max(
                0, left.components.seconds * 1000 + left.components.attoseconds / 1_000_000_000_000_000)
            var entry = pollfd(fd: descriptor.rawValue, events: Int16(POLLIN), revents: 0)
            let ready = Glibc.poll(&entry, 1, Int32(milliseconds))
            if ready > 0 { return true }
            if ready == 0 { return false }
            let error = Errno.current
            if error != .interrupted { throw error }
        }
    }
}
