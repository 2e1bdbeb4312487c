#if os(Linux)
import CSystem
import Glibc

/// The GNU C library functions prx needs that Swift's `Glibc` module does not import, from the `CSystem` shim
/// (compiled with `_GNU_SOURCE`). Only the typed wrappers in this folder call them.
enum GNULibC {
    /// `int pipe2(int fds[2], int flags)`.
    static func pipe2(_ fds: UnsafeMutablePointer<Int32>, _ flags: Int32) -> Int32 {
        csystem_pipe2(fds, flags)
    }

    /// `int epoll_create1(int flags)`.
    static func epollCreate1(_ flags: Int32) -> Int32 {
        csystem_epoll_create1(flags)
    }

    /// `int epoll_ctl(int epfd, int op, int fd, struct epoll_event *event)`.
    static func epollControl(_ epfd: Int32, _ operation: Int32, _ fd: Int32, _ event: UnsafeMutableRawPointer?)
        -> Int32
    {
        csystem_epoll_ctl(epfd, operation, fd, event)
    }

    /// `int epoll_wait(int epfd, struct epoll_event *events, int maxevents, int timeout)`.
    static func epollWait(_ epfd: Int32, _ events: UnsafeMutableRawPointer, _ capacity: Int32, _ timeout: Int32)
        -> Int32
    {
        csystem_epoll_wait(epfd, events, capacity, timeout)
    }

    /// `int eventfd(unsigned int initval, int flags)`.
    static func eventfd(_ initial: UInt32, _ flags: Int32) -> Int32 {
        csystem_eventfd(initial, flags)
    }

    /// `int fallocate(int fd, FALLOC_FL_KEEP_SIZE, off_t offset, off_t len)`.
    static func allocateKeepingSize(_ fd: Int32, _ offset: off_t, _ length: off_t) -> Int32 {
        csystem_allocate_keeping_size(fd, offset, length)
    }

    /// `int pidfd_open(pid_t pid, 0)` (a system call, Linux 5.3).
    static func pidfdOpen(_ pid: pid_t) -> Int32 {
        csystem_pidfd_open(pid, 0)
    }

    /// `int pidfd_send_signal(int pidfd, int sig, NULL, 0)` (a system call, Linux 5.1).
    static func pidfdSendSignal(_ pidfd: Int32, _ signal: Int32) -> Int32 {
        csystem_pidfd_send_signal(pidfd, signal)
    }

    /// `int prctl(PR_SET_CHILD_SUBREAPER, isSubreaper)`.
    static func setChildSubreaper(_ isSubreaper: Bool) -> Int32 {
        csystem_set_child_subreaper(isSubreaper ? 1 : 0)
    }

    /// `int prctl(PR_GET_CHILD_SUBREAPER, isSubreaper)`.
    static func getChildSubreaper(_ isSubreaper: UnsafeMutablePointer<Int32>) -> Int32 {
        csystem_get_child_subreaper(isSubreaper)
    }

    /// Forks the orphan guard (see `csystem.h`); returns its PID and sets `reportFD`, `grace`, `groups`, `pipes` and
    /// `token` (33 bytes), or -1 with `errno` set.
    static func orphanGuardStart(
        _ reportFD: UnsafeMutablePointer<Int32>, grace: UnsafeMutablePointer<UnsafeMutablePointer<Int64>?>,
        groups: UnsafeMutablePointer<UnsafeMutablePointer<Int32>?>,
        pipes: UnsafeMutablePointer<UnsafeMutablePointer<UInt64>?>, slots: Int32, token: UnsafeMutablePointer<CChar>
    ) -> pid_t {
        csystem_orphan_guard_start(reportFD, grace, groups, pipes, slots, token)
    }

    /// 0 when the kernel has what the task spawn and the orphan guard need (`close_range`, Linux 5.9), otherwise
    /// the probe's `errno` (see `csystem.h`).
    static func spawnKernelSupport() -> Int32 {
        csystem_spawn_kernel_support()
    }

    /// The variable that names a task's orphan guard, `PRX_ORPHAN_GUARD` (see `csystem.h`).
    static let orphanGuardVariable = CSYSTEM_ORPHAN_GUARD_VARIABLE

    /// The mark of a slot of the orphan guard's table whose group prx has sent `SIGTERM` (see `csystem.h`).
    static let orphanGuardTerminatedMark = Int32(CSYSTEM_ORPHAN_GUARD_TERMINATED)

    /// `EPOLL_CLOEXEC`, which equals `O_CLOEXEC`.
    static let epollCloseOnExec = O_CLOEXEC
    /// `EFD_CLOEXEC` and `EFD_NONBLOCK`, which equal `O_CLOEXEC` and `O_NONBLOCK`.
    static let eventCloseOnExecNonBlocking = O_CLOEXEC | O_NONBLOCK
}
#endif
