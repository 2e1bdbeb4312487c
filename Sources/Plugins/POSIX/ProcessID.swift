#if os(Linux)
import Glibc
import PRXKernel

/// A process id, and what can be done to a process or process group by id.
///
/// Usable from inline code, so that a public initializer's default (prx's own id, ``own``) can name it.
@usableFromInline
package struct ProcessID: Hashable, Sendable {
    /// How a waited-for process ended and what it used.
    package struct Exit: Sendable {
        /// How it ended.
        package var status: TerminationStatus
        /// Its peak resident set size, in kilobytes (`ru_maxrss`).
        var peakResidentKilobytes: Int
        /// User plus system CPU time, in seconds.
        var cpuSeconds: Double
    }

    /// The C value.
    @usableFromInline
    package let rawValue: pid_t

    /// Wraps a C value.
    package init(rawValue: pid_t) { self.rawValue = rawValue }

    /// Sends `signal` to the process, then its ``Signal/followingSignals`` (`SIGCONT` after `SIGTERM`).
    ///
    /// The corresponding C function is `kill`.
    func send(_ signal: Signal) throws(Errno) {
        _ = try retryingInterrupts { kill(rawValue, signal.rawValue) }
        for following in signal.followingSignals {
            _ = try? retryingInterrupts { kill(rawValue, following.rawValue) }
        }
    }

    /// Sends `signal` to every process of the process group this id names, then its ``Signal/followingSignals``
    /// (`SIGCONT` after `SIGTERM`).
    ///
    /// The corresponding C function is `killpg`.
    func sendToGroup(_ signal: Signal) throws(Errno) {
        _ = try retryingInterrupts { killpg(rawValue, signal.rawValue) }
        for following in signal.followingSignals {
            _ = try? retryingInterrupts { killpg(rawValue, following.rawValue) }
        }
    }

    /// The id of the process's session, or `nil` when there is no such process.
    ///
    /// The corresponding C function is `getsid`.
    var sessionID: ProcessID? {
        let session = getsid(rawValue)
        return session < 0 ? nil : ProcessID(rawValue: session)
    }

    /// The id of the process's group, or `nil` when there is no such process.
    ///
    /// The corresponding C function is `getpgid`.
    var groupID: ProcessID? {
        let group = getpgid(rawValue)
        return group < 0 ? nil : ProcessID(rawValue: group)
    }

    /// The process's command name as the kernel keeps it (`/proc/PID/comm`, at most 15 bytes), or `nil`.
    var commandName: String? {
        guard let file = try? LineStream(path: "/proc/\(rawValue)/comm"), let line = try? file.nextLine() else {
            return nil
        }
        return line.text.hasSuffix("\n") ? String(line.text.dropLast()) : line.text
    }

    /// Whether the process has ended and only its parent's `wait` is missing (``ProcessStat/hasEnded``, a zombie);
    /// false when it is running, or gone.
    var hasEnded: Bool { ProcessStat(of: rawValue)?.hasEnded ?? false }

    /// The ids of every process of the machine's (`/proc`), the caller's own included; a process started or ended
    /// while `/proc` is read may be missed or named.
    static func listEveryProcess() -> [ProcessID] {
        let names = (try? SourceFileSystem.entries(ofDirectory: "/proc").names) ?? []
        return names.compactMap { name in pid_t(name).map(ProcessID.init(rawValue:)) }
    }

    /// Opens a process descriptor (a pidfd, close-on-exec) of the process, which becomes readable once it has ended
    /// and names it alone, whatever process its id is given to later. Open it while the id is known to be the
    /// process's: a child not yet reaped.
    ///
    /// The corresponding C function is `pidfd_open` (a system call, Linux 5.3).
    func openDescriptor() throws(Errno) -> FileDescriptor {
        FileDescriptor(rawValue: try retryingInterrupts { GNULibC.pidfdOpen(rawValue) })
    }

    /// The calling process's own id.
    ///
    /// The corresponding C function is `getpid`.
    @usableFromInline
    package static var own: ProcessID { ProcessID(rawValue: getpid()) }

    /// Reaps this child once it has exited and returns how it ended, or returns `nil` at once when it is still
    /// running and `blocking` is false.
    ///
    /// The corresponding C function is `wait4`.
    package func wait(blocking: Bool) throws(Errno) -> Exit? {
        var status: Int32 = 0
        var usage = rusage()
        let reaped = try retryingInterrupts { wait4(rawValue, &status, blocking ? 0 : WNOHANG, &usage) }
        guard reaped == rawValue else { return nil }
        // The WIFEXITED/WEXITSTATUS/WTERMSIG macros, which Swift does not import.
        let signal = status & 0x7f
        let termination: TerminationStatus = signal == 0 ? .exited((status >> 8) & 0xff) : .signaled(signal)
        func seconds(_ time: timeval) -> Double { Double(time.tv_sec) + Double(time.tv_usec) / 1_000_000 }
        return Exit(
            status: termination,
            peakResidentKilobytes: usage.ru_maxrss,
            cpuSeconds: seconds(usage.ru_utime) + seconds(usage.ru_stime)
        )
    }
}
#endif
