#if os(Linux)
import Glibc

/// A signal number, with the name a person knows it by.
package struct Signal: Hashable, Sendable {
    /// The C value.
    let rawValue: Int32

    /// Wraps a C value.
    package init(rawValue: Int32) { self.rawValue = rawValue }

    /// Signal 0: sending it only checks that the target exists.
    static let probe = Signal(rawValue: 0)
    /// `SIGTERM`: asks a process to end.
    package static let terminate = Signal(rawValue: SIGTERM)
    /// `SIGKILL`: ends a process; it cannot be caught.
    package static let kill = Signal(rawValue: SIGKILL)
    /// `SIGCONT`: lets a stopped process (`SIGSTOP`, `SIGTSTP`) run again; sent after every `SIGTERM`
    /// (``followingSignals``).
    static let resume = Signal(rawValue: SIGCONT)

    /// What is sent right after this signal: `SIGCONT` after `SIGTERM`, which a stopped process (`kill -STOP`, a
    /// `^Z` in a shell of its own) keeps pending until it runs again. Without it, a stopped task spent the grace
    /// unable to clean up and was ended by the `SIGKILL`, and a stopped prx that `prx -k` asked to stop wrote no
    /// result and no summary; `timeout(1)` and systemd send `SIGCONT` after `SIGTERM` alike.
    var followingSignals: [Signal] { self == .terminate ? [.resume] : [] }

    private static let names: [Int32: String] = [
        SIGHUP: "SIGHUP", SIGINT: "SIGINT", SIGQUIT: "SIGQUIT", SIGILL: "SIGILL", SIGTRAP: "SIGTRAP",
        SIGABRT: "SIGABRT", SIGBUS: "SIGBUS", SIGFPE: "SIGFPE", SIGKILL: "SIGKILL", SIGUSR1: "SIGUSR1",
        SIGSEGV: "SIGSEGV", SIGUSR2: "SIGUSR2", SIGPIPE: "SIGPIPE", SIGALRM: "SIGALRM", SIGTERM: "SIGTERM",
        SIGSTKFLT: "SIGSTKFLT", SIGCHLD: "SIGCHLD", SIGCONT: "SIGCONT", SIGSTOP: "SIGSTOP", SIGTSTP: "SIGTSTP",
        SIGTTIN: "SIGTTIN", SIGTTOU: "SIGTTOU", SIGURG: "SIGURG", SIGXCPU: "SIGXCPU", SIGXFSZ: "SIGXFSZ",
        SIGVTALRM: "SIGVTALRM", SIGPROF: "SIGPROF", SIGWINCH: "SIGWINCH", SIGIO: "SIGIO", SIGPWR: "SIGPWR",
        SIGSYS: "SIGSYS",
    ]

    /// The symbolic name (`SIGKILL`), or the C library's description for a signal without one (real-time
    /// signals).
    package var name: String {
        if let name = Self.names[rawValue] { return name }
        return strsignal(rawValue).map { String(cString: $0) } ?? "signal \(rawValue)"
    }
}
#endif
