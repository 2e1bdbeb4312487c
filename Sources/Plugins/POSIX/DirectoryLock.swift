#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// An exclusive advisory lock (`flock`) on a directory, which processes that change what is in it take in turn
/// (prx's pruning its history): held until ``release()``, or until the process ends, as the kernel lets go of the
/// locks of a process that is gone.
struct DirectoryLock {
    /// Why the lock was not taken.
    enum Refusal: Error {
        /// Another process held it all the while the lock was tried.
        case busy
        /// The directory could not be opened, or its file system takes no such lock (an NFS mount, where a lock
        /// needs a descriptor open for writing, which a directory never is): the C library's error number.
        case unavailable(Int32)
    }

    /// The open directory, which holds the lock.
    private let descriptor: Int32

    /// How long the lock is waited for between two tries.
    private static let retryDelayMicroseconds: useconds_t = 10_000

    /// Takes the lock on the directory at `path`, trying again every 10 ms for `patience` while another process
    /// holds it.
    ///
    /// The corresponding C functions are `open` (`O_DIRECTORY`) and `flock` (`LOCK_EX | LOCK_NB`).
    init(path: String, patience: Duration) throws(Refusal) {
        let opened = open(path, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
        guard opened >= 0 else { throw .unavailable(errno) }
        let clock = ContinuousClock()
        let deadline = clock.now + patience
        while flock(opened, LOCK_EX | LOCK_NB) != 0 {
            let code = errno
            guard code == EWOULDBLOCK || code == EINTR else {
                close(opened)
                throw .unavailable(code)
            }
            guard clock.now < deadline else {
                close(opened)
                throw .busy
            }
            usleep(Self.retryDelayMicroseconds)
        }
        descriptor = opened
    }

    /// Lets go of the lock.
    ///
    /// The corresponding C function is `close`.
    func release() {
        close(descriptor)
    }
}
