#if os(Linux)
import Glibc
import Synchronization

/// A process that outlives prx only to stop prx's tasks: told of each task's process group as it starts and as
/// it ends, it sends every group still running `SIGTERM`, then `SIGKILL` after a grace, the moment prx dies —
/// even by `SIGKILL`, which prx cannot handle. So a killed prx leaves no orphaned task behind.
///
/// The guard is forked (not exec'd) into a session of its own and keeps only its end of a socket; it learns of
/// prx's death from end of file on that socket. Each report is one `send` of 4 bytes. If the guard is gone (it
/// was killed), reports stop quietly and prx runs on unguarded, as it would without one.
final class OrphanGuard: Sendable {
    private let channel: Mutex<Int32?>

    /// Starts the guard; `grace` is the time between `SIGTERM` and `SIGKILL`.
    ///
    /// The corresponding C function is `csystem_orphan_guard_start` (`socketpair` and `fork`).
    init(grace: Duration) throws(Errno) {
        var fd: Int32 = -1
        let milliseconds = Int32(clamping: grace.components.seconds * 1000 + grace.components.attoseconds / 1_000_000_000_000_000)
        guard GNULibC.orphanGuardStart(&fd, graceMilliseconds: milliseconds) >= 0 else { throw Errno.current }
        channel = Mutex(fd)
    }

    /// Reports that the process group `group` has started.
    func watch(_ group: ProcessID) { report(group.rawValue) }

    /// Reports that the process group `group` is gone.
    func release(_ group: ProcessID) { report(-group.rawValue) }

    /// The corresponding C function is `send` with `MSG_NOSIGNAL`.
    private func report(_ message: Int32) {
        channel.withLock { channel in
            guard let fd = channel else { return }
            var value = message
            do {
                _ = try retryingInterrupts {
                    withUnsafeBytes(of: &value) { send(fd, $0.baseAddress, 4, Int32(MSG_NOSIGNAL)) }
                }
            } catch {
                close(fd)
                channel = nil
            }
        }
    }
}
#endif
