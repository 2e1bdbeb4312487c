import Glibc

/// An error number reported by a C library call (`ESRCH`, `EPERM`, …), for the process-management calls of
/// the command.
struct Errno: Error, Hashable, CustomStringConvertible {
    /// The C value.
    var rawValue: Int32

    /// Creates an error from its C value.
    init(_ rawValue: Int32) { self.rawValue = rawValue }

    /// The calling thread's `errno`.
    static var current: Errno { Errno(errno) }

    /// `EINTR`: a signal interrupted the call.
    static let interrupted = Errno(EINTR)
    /// `ESRCH`: no such process.
    static let noSuchProcess = Errno(ESRCH)

    /// The C library's text for the error ("No such process").
    var description: String { String(cString: strerror(rawValue)) }
}

/// Calls `body`, a C function that reports failure as `-1` and `errno`, again for as long as it fails with
/// `EINTR`, and returns its result or throws its error.
///
/// This is the one place the command's POSIX wrappers retry interrupted calls.
func retryingInterrupts<Value: FixedWidthInteger>(_ body: () -> Value) throws(Errno) -> Value {
    while true {
        let value = body()
        if value != -1 { return value }
        let error = Errno.current
        if error != .interrupted { throw error }
    }
}

/// Throws the error number a C function returned, as `posix_spawn` and its helpers do instead of setting
/// `errno`.
func throwingReturnedError(_ result: Int32) throws(Errno) {
    if result != 0 { throw Errno(result) }
}
