import CSystem

/// The Linux system calls the command makes that the C library has no function for (`pidfd_open`,
/// `pidfd_send_signal`), through the `CSystem` shim. Only ``ProcessDescriptor`` calls these.
enum LinuxSystemCall {
    /// Opens a process descriptor for `pid`.
    ///
    /// The corresponding C function is `pidfd_open` (a system call, Linux 5.3).
    static func pidfdOpen(_ pid: Int32) throws(Errno) -> Int32 {
        try retryingInterrupts { csystem_pidfd_open(pid, 0) }
    }

    /// Sends `signal` to the process `descriptor` refers to.
    ///
    /// The corresponding C function is `pidfd_send_signal` (a system call, Linux 5.1).
    static func pidfdSendSignal(_ descriptor: Int32, _ signal: Int32) throws(Errno) {
        _ = try retryingInterrupts { csystem_pidfd_send_signal(descriptor, signal) }
    }
}
