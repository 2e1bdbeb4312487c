#if os(Linux)
import Glibc

/// An error number reported by a C library call (`ENOENT`, `EAGAIN`, …).
package struct Errno: Error, Hashable, CustomStringConvertible {
    /// The C value.
    var rawValue: Int32

    /// Creates an error from its C value.
    init(_ rawValue: Int32) { self.rawValue = rawValue }

    /// The calling thread's `errno`.
    package static var current: Errno { Errno(errno) }

    /// `EINTR`: a signal interrupted the call.
    static let interrupted = Errno(EINTR)
    /// `EAGAIN`: a non-blocking call found nothing to do.
    static let wouldBlock = Errno(EAGAIN)
    /// `EAGAIN` from starting a process: the user's process limit (`RLIMIT_NPROC`) or the cgroup's `pids.max`
    /// is reached.
    static let processLimitReached = Errno(EAGAIN)
    /// `ENOMEM`: not enough memory (the address space of `ulimit -v`, strict overcommit, or the kernel's own).
    static let outOfMemory = Errno(ENOMEM)
    /// `EMFILE`: the process's limit on open descriptors (`ulimit -n`) is reached.
    static let tooManyOpenFiles = Errno(EMFILE)
    /// `ESRCH`: no such process or process group.
    package static let noSuchProcess = Errno(ESRCH)
    /// `ENOENT`: no such file or directory.
    package static let noSuchFile = Errno(ENOENT)
    /// `ENOTDIR`: a component of a path before its last is not a directory.
    package static let notADirectory = Errno(ENOTDIR)
    /// `ELOOP`: too many symbolic links met resolving a path (a link to itself).
    package static let symbolicLinkLoop = Errno(ELOOP)
    /// `EACCES`: permission denied.
    package static let permissionDenied = Errno(EACCES)
    /// `ENAMETOOLONG`: a path, or one of its names, is too long.
    package static let nameTooLong = Errno(ENAMETOOLONG)
    /// `ENOEXEC`: a file to execute is neither a program the kernel can load nor a `#!` script.
    package static let execFormatError = Errno(ENOEXEC)

    /// The C library's text for the error ("No such file or directory").
    package var description: String { String(cString: strerror(rawValue)) }
}

/// Calls `body`, a C function that reports failure as `-1` and `errno`, again for as long as it fails with
/// `EINTR`, and returns its result or throws its error.
///
/// This is the one place the POSIX wrappers retry interrupted calls.
func retryingInterrupts<Value: FixedWidthInteger>(_ body: () -> Value) throws(Errno) -> Value {
    while true {
        let value = body()
        if value != -1 { return value }
        let error = Errno.current
        if error != .interrupted { throw error }
    }
}

/// Throws the error number a C function returned, as `posix_spawn` and its helpers do instead of setting `errno`.
func throwingReturnedError(_ result: Int32) throws(Errno) {
    if result != 0 { throw Errno(result) }
}
#endif
