#if os(Linux)
import Glibc

/// The limit a person would raise when the system refuses prx one of its own threads, or the descriptors a thread
/// waits on, so that the refusal's line says what to do and not only the C library's words ("Resource temporarily
/// unavailable").
package enum RefusedResourceLimit {
    /// The limit behind the error number `code`: `EAGAIN` at the process limit, `ENOMEM` with no memory for a
    /// thread's stack, `EMFILE` with no descriptor left; `nil` for any other.
    package static func named(for code: Int32) -> String? {
        limits[code]
    }

    private static let limits: [Int32: String] = [
        EAGAIN: "the process limit: ulimit -u, or the cgroup's pids.max",
        ENOMEM: "the memory limit: ulimit -v, or the system's",
        EMFILE: "the limit on open files: ulimit -n",
    ]
}
#endif
