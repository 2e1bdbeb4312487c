#if os(Linux)
import CSystem
import Glibc

/// Starts `executable` in the background (the daemon's copies of prx) with `arguments` (the first being its own name)
/// and `environment` (byte for byte), with standard input closed (or this process's own, with `keepingInput`, unless
/// this process was started without it), so that the child knows it has none (it holds `/dev/null` in its place, as
/// every prx started without one does: standard_streams.c), standard output on `/dev/null`, standard error on
/// `standardError`, every other descriptor closed (where the C library can: glibc 2.34), no signal blocked or
/// ignored, and, when `newSession` is set, in a new session led by itself, so without a controlling terminal.
/// Returns the child's id.
///
/// Unlike ``spawnProgram(_:arguments:environment:environmentStrings:setup:area:)``, which starts tasks, it waits for
/// the child's `exec`: failures of the child's set-up or of `exec` are thrown here, not seen as an exit.
///
/// The corresponding C function is `posix_spawn` (with `posix_spawn_file_actions_addclose`, `…_addopen`,
/// `…_adddup2`, `…_addclosefrom_np` and `posix_spawnattr_setflags` for `POSIX_SPAWN_SETSID`).
package func spawnBackgroundProgram(
    _ executable: String,
    arguments: [String],
    environment: [EnvironmentEntry],
    standardError: FileDescriptor,
    newSession: Bool,
    keepingInput: Bool = false
) throws(Errno) -> ProcessID {
    var actions = posix_spawn_file_actions_t()
    try throwingReturnedError(posix_spawn_file_actions_init(&actions))
    defer { posix_spawn_file_actions_destroy(&actions) }
    // Closed rather than `/dev/null`, so that the daemon refuses a read of it as prx started without one does (a
    // hook's `io.lines("/dev/stdin")`, `io.read()`), where it would read no line, unseen; kept closed when this
    // process was started without it (a daemon refuses `-A /dev/stdin` then).
    if !keepingInput || FileDescriptor.standardInput.wasClosedAtStart {
        try throwingReturnedError(posix_spawn_file_actions_addclose(&actions, STDIN_FILENO))
    }
    try throwingReturnedError(posix_spawn_file_actions_addopen(&actions, STDOUT_FILENO, "/dev/null", O_WRONLY, 0))
    try throwingReturnedError(posix_spawn_file_actions_adddup2(&actions, standardError.rawValue, STDERR_FILENO))
    let closed = csystem_spawn_file_actions_addclosefrom(&actions, 3)
    if closed != ENOSYS {
        try throwingReturnedError(closed)
    }

    var attributes = posix_spawnattr_t()
    try throwingReturnedError(posix_spawnattr_init(&attributes))
    defer { posix_spawnattr_destroy(&attributes) }
    var signals = sigset_t()
    sigemptyset(&signals)
    try throwingReturnedError(posix_spawnattr_setsigmask(&attributes, &signals))
    sigfillset(&signals)
    try throwingReturnedError(posix_spawnattr_setsigdefault(&attributes, &signals))
    var flags = Int32(POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETSIGDEF)
    if newSession { flags |= spawnSetSessionFlag }
    try throwingReturnedError(posix_spawnattr_setflags(&attributes, Int16(flags)))

    let cArguments = arguments.map { strdup($0) } + [nil]
    let cEnvironment = environment.map { $0.makeCString() } + [nil]
    defer {
        for pointer in cArguments { free(pointer) }
        for pointer in cEnvironment { free(pointer) }
    }
    var pid: pid_t = 0
    try throwingReturnedError(posix_spawn(&pid, executable, &actions, &attributes, cArguments, cEnvironment))
    return ProcessID(rawValue: pid)
}

/// `POSIX_SPAWN_SETSID` from `spawn.h`: the child starts a new session.
private let spawnSetSessionFlag = Int32(csystem_spawn_setsid_flag())
#endif
