#if os(Linux)
import Glibc

/// The GNU C library functions prx needs that Swift's `Glibc` module does not import.
///
/// They are declared only under `_GNU_SOURCE` (`pipe2`, `posix_spawn_file_actions_addchdir_np`), in headers
/// the module leaves out (`sys/epoll.h`, `sys/eventfd.h`), or are variadic (`syscall`). A C shim target would
/// declare them; without one, each is looked up once, by name, in the C library already loaded, and called
/// through a pointer of its C type. Only the typed wrappers in this folder call them.
enum GNULibC {
    /// `int pipe2(int fds[2], int flags)`.
    static let pipe2 = required(
        "pipe2", as: (@convention(c) (UnsafeMutablePointer<Int32>, Int32) -> Int32).self)
    /// `int epoll_create1(int flags)`.
    static let epollCreate1 = required("epoll_create1", as: (@convention(c) (Int32) -> Int32).self)
    /// `int epoll_ctl(int epfd, int op, int fd, struct epoll_event *event)`.
    static let epollControl = required(
        "epoll_ctl", as: (@convention(c) (Int32, Int32, Int32, UnsafeMutableRawPointer?) -> Int32).self)
    /// `int epoll_wait(int epfd, struct epoll_event *events, int maxevents, int timeout)`.
    static let epollWait = required(
        "epoll_wait", as: (@convention(c) (Int32, UnsafeMutableRawPointer, Int32, Int32) -> Int32).self)
    /// `int eventfd(unsigned int initval, int flags)`.
    static let eventfd = required("eventfd", as: (@convention(c) (UInt32, Int32) -> Int32).self)
    /// `long syscall(long number, ...)` called with the two integer arguments of `pidfd_open`.
    ///
    /// Linux's x86-64 and arm64 calling conventions pass a variadic call's integer arguments in the same
    /// registers as a fixed one, and glibc's `syscall` only moves those registers into the system call.
    static let syscallPIDAndFlags = required(
        "syscall", as: (@convention(c) (Int, Int32, UInt32) -> Int).self)
    /// `int posix_spawn_file_actions_addchdir_np(posix_spawn_file_actions_t *, const char *path)` (glibc 2.29).
    static let spawnFileActionsAddChdir = required(
        "posix_spawn_file_actions_addchdir_np",
        as: (@convention(c) (UnsafeMutablePointer<posix_spawn_file_actions_t>, UnsafePointer<CChar>) -> Int32).self)
    /// `int posix_spawn_file_actions_addclosefrom_np(posix_spawn_file_actions_t *, int from)` (glibc 2.34),
    /// or `nil` in an older C library.
    static let spawnFileActionsAddCloseFrom = optional(
        "posix_spawn_file_actions_addclosefrom_np",
        as: (@convention(c) (UnsafeMutablePointer<posix_spawn_file_actions_t>, Int32) -> Int32).self)

    /// `SYS_pidfd_open`, the same number on every Linux architecture (Linux 5.3).
    static let pidfdOpenSystemCall = 434
    /// `POSIX_SPAWN_SETSID` from `spawn.h`, hidden behind `__USE_GNU`: the child starts a new session.
    static let spawnSetSessionFlag: Int32 = 0x80
    /// `EPOLL_CLOEXEC`, which equals `O_CLOEXEC`.
    static let epollCloseOnExec = O_CLOEXEC
    /// `EFD_CLOEXEC` and `EFD_NONBLOCK`, which equal `O_CLOEXEC` and `O_NONBLOCK`.
    static let eventCloseOnExecNonBlocking = O_CLOEXEC | O_NONBLOCK

    private static func optional<Function>(_ name: String, as type: Function.Type) -> Function? {
        // A nil handle is RTLD_DEFAULT: the global scope, where the C library is.
        dlsym(nil, name).map { unsafeBitCast($0, to: type) }
    }

    private static func required<Function>(_ name: String, as type: Function.Type) -> Function {
        guard let function = optional(name, as: type) else {
            fatalError("the C library lacks \(name), which prx needs (glibc 2.29 or later)")
        }
        return function
    }
}
#endif
