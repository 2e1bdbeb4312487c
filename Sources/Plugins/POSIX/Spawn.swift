#if os(Linux)
import Glibc

/// What a child spawned by ``spawnProgram(_:arguments:environment:fileActions:attributes:)`` does with its
/// file descriptors and working directory before it runs its program, in the order added.
struct SpawnFileActions: ~Copyable {
    fileprivate var actions = posix_spawn_file_actions_t()

    /// Creates an empty list.
    ///
    /// The corresponding C function is `posix_spawn_file_actions_init`.
    init() throws(Errno) {
        try throwingReturnedError(posix_spawn_file_actions_init(&actions))
    }

    deinit {
        var actions = actions
        posix_spawn_file_actions_destroy(&actions)
    }

    /// Opens `path` as descriptor `fd` in the child.
    ///
    /// The corresponding C function is `posix_spawn_file_actions_addopen`.
    mutating func open(_ path: String, flags: Int32, as fd: Int32) throws(Errno) {
        try throwingReturnedError(posix_spawn_file_actions_addopen(&actions, fd, path, flags, 0))
    }

    /// Duplicates `source` onto `target` in the child, which keeps `target` across `exec`.
    ///
    /// The corresponding C function is `posix_spawn_file_actions_adddup2`.
    mutating func duplicate(_ source: FileDescriptor, as target: Int32) throws(Errno) {
        try throwingReturnedError(posix_spawn_file_actions_adddup2(&actions, source.rawValue, target))
    }

    /// Changes the child's working directory to `path`.
    ///
    /// The corresponding C function is `posix_spawn_file_actions_addchdir_np`.
    mutating func changeDirectory(to path: String) throws(Errno) {
        try throwingReturnedError(GNULibC.spawnFileActionsAddChdir(&actions, path))
    }

    /// Closes every descriptor from `fd` up in the child, when the C library can (glibc 2.34); otherwise does
    /// nothing, and descriptors opened without close-on-exec elsewhere in prx may reach the child.
    ///
    /// The corresponding C function is `posix_spawn_file_actions_addclosefrom_np`.
    mutating func closeAll(from fd: Int32) throws(Errno) {
        let result = GNULibC.spawnFileActionsAddCloseFrom(&actions, fd)
        if result == ENOSYS { return }
        try throwingReturnedError(result)
    }
}

/// How a child spawned by ``spawnProgram(_:arguments:environment:fileActions:attributes:)`` starts: its
/// session, signal mask and signal dispositions.
struct SpawnAttributes: ~Copyable {
    fileprivate var attributes = posix_spawnattr_t()

    /// Creates attributes for a child that starts with no blocked signals, every signal at its default
    /// action (nothing prx ignores or handles carries over), and, when `newSession` is set, in a session and
    /// process group of its own, led by itself.
    ///
    /// The corresponding C functions are `posix_spawnattr_init`, `posix_spawnattr_setsigmask`,
    /// `posix_spawnattr_setsigdefault` and `posix_spawnattr_setflags`.
    init(newSession: Bool) throws(Errno) {
        try throwingReturnedError(posix_spawnattr_init(&attributes))
        var signals = sigset_t()
        sigemptyset(&signals)
        try throwingReturnedError(posix_spawnattr_setsigmask(&attributes, &signals))
        sigfillset(&signals)
        try throwingReturnedError(posix_spawnattr_setsigdefault(&attributes, &signals))
        var flags = Int32(POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETSIGDEF)
        if newSession { flags |= GNULibC.spawnSetSessionFlag }
        try throwingReturnedError(posix_spawnattr_setflags(&attributes, Int16(flags)))
    }

    deinit {
        var attributes = attributes
        posix_spawnattr_destroy(&attributes)
    }
}

/// Starts `program` (searched for in `PATH` when it has no slash) with `arguments` (the first being its own
/// name) and `environment` (`NAME=value` strings), both null-terminated, and returns the child's id.
///
/// Failures of the child's set-up or of `exec` (`ENOENT`, `EACCES`) are thrown here, not seen as an exit.
///
/// The corresponding C function is `posix_spawnp`.
func spawnProgram(
    _ program: UnsafePointer<CChar>,
    arguments: UnsafePointer<UnsafeMutablePointer<CChar>?>,
    environment: UnsafePointer<UnsafeMutablePointer<CChar>?>,
    fileActions: borrowing SpawnFileActions,
    attributes: borrowing SpawnAttributes
) throws(Errno) -> ProcessID {
    var pid: pid_t = 0
    var actions = fileActions.actions
    var attributes = attributes.attributes
    try throwingReturnedError(posix_spawnp(&pid, program, &actions, &attributes, arguments, environment))
    return ProcessID(rawValue: pid)
}

/// Checks that the calling process may use `path` as `mode` says (`F_OK`, `X_OK`, …).
///
/// The corresponding C function is `access`.
func checkAccess(_ path: String, mode: Int32) throws(Errno) {
    _ = try retryingInterrupts { access(path, mode) }
}
#endif
