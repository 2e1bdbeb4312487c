#if os(Linux)
import Glibc

/// Why the process monitor (``ProcessMonitor``), which every task of a local executor needs, could not start: its
/// thread, or the epoll set and event counter it waits on, refused.
public struct MonitorStartFailure: Error, CustomStringConvertible {
    /// What refused: `EAGAIN` at the process limit, `ENOMEM` with no memory for the thread's stack, `EMFILE` with no
    /// descriptor left.
    let error: Errno

    public var description: String {
        "cannot start prx's process monitor thread: \(error)"
            + (RefusedResourceLimit.named(for: error.rawValue).map { " (\($0))" } ?? "")
    }
}
#endif
