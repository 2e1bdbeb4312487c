import CSystem
import Foundation
import Synchronization

#if canImport(Glibc)
import Glibc
#endif

/// A program a test starts, with `posix_spawn`, in place of Foundation's `Process`.
///
/// Foundation's `Process.run()` on Linux lists `/proc/self/fd` to close every other descriptor in the child, and
/// copies each entry's whole 256-byte name field out of `readdir`'s buffer (swift-corelibs-foundation #5472, in the
/// Swift 6.3 toolchains): an entry near the end of the buffer is read past it, and with the hundreds of descriptors a
/// test process holds while its tests run prx side by side, now and then into an unmapped page, a segmentation
/// fault of the whole suite inside `Process.run()`.
///
/// Like `Process`, the child leads a process group of its own and is reaped as soon as it ends, by a thread of its
/// own, so that a test sees an ended child gone. Unlike it, the child starts with every signal at its default action
/// and none blocked, as from a shell, not with the dispositions the test runner set.
public final class ChildProcess: Sendable {
    /// Where one of the child's standard streams goes.
    public enum Stream: Sendable {
        /// The test process's own.
        case inherited
        /// `/dev/null`.
        case null
        /// This descriptor of the test process's, which the child gets a copy of.
        case descriptor(Int32)
    }

    /// How the child ended.
    public enum Termination: Sendable, Equatable {
        /// It exited with this status.
        case exited(Int32)
        /// This signal ended it.
        case signalled(Int32)
        /// It could not be waited for (`waitpid` failed with this error number: something else reaped it).
        case unknown(errno: Int32)

        /// The exit status as a shell gives it: 128 + the signal for a child a signal ended; -1, which no exit
        /// gives, when how it ended is not known.
        public var status: Int32 {
            switch self {
            case .exited(let status): status
            case .signalled(let signal): 128 + signal
            case .unknown: -1
            }
        }
    }

    /// The child's process id, which is also its process group's.
    public let processIdentifier: Int32
    private let termination = Mutex<(ended: Termination?, waiting: [CheckedContinuation<Termination, Never>])>(
        (nil, []))

    /// Starts `executable` with `arguments` (not counting the program's name, which is `executable`), in
    /// `environment` (the test process's own when `nil`) and `directory` (the test process's when `nil`).
    ///
    /// - Throws: `POSIXError` when the program cannot be started (not found, not executable, no such directory).
    public init(
        _ executable: String, arguments: [String] = [], environment: [String: String]? = nil,
        directory: String? = nil, standardInput: Stream = .null, standardOutput: Stream = .inherited,
        standardError: Stream = .inherited
    ) throws {
        var actions = posix_spawn_file_actions_t()
        try Self.check(posix_spawn_file_actions_init(&actions))
        defer { posix_spawn_file_actions_destroy(&actions) }
        for (stream, target) in [(standardInput, STDIN_FILENO), (standardOutput, STDOUT_FILENO),
                                 (standardError, STDERR_FILENO)] {
            switch stream {
            case .inherited: break
            case .null:
                let mode = target == STDIN_FILENO ? O_RDONLY : O_WRONLY
                try Self.check(posix_spawn_file_actions_addopen(&actions, target, "/dev/null", mode, 0))
            case .descriptor(let descriptor):
                try Self.check(posix_spawn_file_actions_adddup2(&actions, descriptor, target))
            }
        }
        if let directory { try Self.check(csystem_spawn_file_actions_addchdir(&actions, directory)) }
        try Self.check(csystem_spawn_file_actions_addclosefrom(&actions, 3))

        var attributes = posix_spawnattr_t()
        try Self.check(posix_spawnattr_init(&attributes))
        defer { posix_spawnattr_destroy(&attributes) }
        var signals = sigset_t()
        sigemptyset(&signals)
        try Self.check(posix_spawnattr_setsigmask(&attributes, &signals))
        sigfillset(&signals)
        try Self.check(posix_spawnattr_setsigdefault(&attributes, &signals))
        try Self.check(posix_spawnattr_setpgroup(&attributes, 0))
        try Self.check(posix_spawnattr_setflags(
            &attributes, Int16(POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETSIGDEF | POSIX_SPAWN_SETPGROUP)))

        let words = ([executable] + arguments).map { strdup($0) } + [nil]
        let variables = (environment ?? ProcessInfo.processInfo.environment).map { strdup("\($0.key)=\($0.value)") }
            + [nil]
        defer {
            for word in words { free(word) }
            for variable in variables { free(variable) }
        }
        var pid: pid_t = 0
        try Self.check(posix_spawn(&pid, executable, &actions, &attributes, words, variables))
        processIdentifier = pid
        Thread { [self] in reap() }.start()
    }

    /// Whether the child has not ended yet (or has, and is not reaped yet).
    public var isRunning: Bool {
        termination.withLock { $0.ended == nil }
    }

    /// How the child ended, once it has; the caller holds no thread meanwhile.
    public func awaitTermination() async -> Termination {
        await withCheckedContinuation { caller in
            let ended = termination.withLock { state in
                if state.ended == nil { state.waiting.append(caller) }
                return state.ended
            }
            if let ended { caller.resume(returning: ended) }
        }
    }

    /// The exit status of the child once it has ended (128 + the signal that ended it).
    public func awaitExit() async -> Int32 {
        await awaitTermination().status
    }

    /// Waits for the child on the calling thread (the reaper's own) and tells every waiter how it ended.
    private func reap() {
        var status: Int32 = 0
        var result: pid_t
        repeat {
            result = waitpid(processIdentifier, &status, 0)
        } while result == -1 && errno == EINTR
        let ended: Termination =
            if result == -1 { .unknown(errno: errno) }
            else if status & 0x7f == 0 { .exited((status >> 8) & 0xff) }
            else { .signalled(status & 0x7f) }
        let waiting = termination.withLock { state in
            state.ended = ended
            defer { state.waiting = [] }
            return state.waiting
        }
        for caller in waiting { caller.resume(returning: ended) }
    }

    /// Throws the error number a `posix_spawn` function returned, unless it is 0.
    private static func check(_ result: Int32) throws {
        if result != 0 { throw POSIXError(POSIXErrorCode(rawValue: result) ?? .EINVAL) }
    }
}
