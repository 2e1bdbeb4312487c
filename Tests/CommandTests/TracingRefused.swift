import Foundation

/// A test's tracer could not trace a process or thread of prx's (`ptrace` refused: a seccomp filter, a Yama policy).
struct TracingRefused: Error, CustomStringConvertible {
    /// What was to be traced: `the session leader`, `the thread`.
    let what: String
    /// The `errno` of the refusal.
    let errorNumber: Int32
    var description: String { "cannot trace \(what): \(String(cString: strerror(errorNumber)))" }
}
