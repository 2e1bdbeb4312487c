#if os(Linux)
import CSystem
import Glibc

/// How a task's child process is set up before its program runs.
struct SpawnSetup {
    /// Where a program named without a slash is looked for: directories separated by colons, as in `PATH`.
    var searchPath: String
    /// The descriptor that becomes the child's standard output; its standard input is `/dev/null`.
    var standardOutput: FileDescriptor
    /// The descriptor that becomes the child's standard error.
    var standardError: FileDescriptor
    /// The directory the child starts in, or `nil` for prx's own.
    var workingDirectory: String?
    /// Whether the child starts a session, and so a process group, of its own, led by itself.
    var newSession: Bool
}

/// Where one child started by ``spawnProgram(_:arguments:environment:environmentStrings:setup:area:)`` runs until
/// its `exec`: its stack, a copy of everything it reads, and why its set-up or `exec` failed. The spawn does not wait
/// for the child, so the area belongs to the child until it has exited: only then may it be given to another spawn,
/// or freed.
struct SpawnArea: @unchecked Sendable {
    /// The C area, `nil` until the first spawn makes it.
    fileprivate(set) var pointer: OpaquePointer?

    /// Creates an empty area; the first spawn in it makes its memory.
    init() {}

    /// Why a child did not reach its program: the step of its start that failed, and that step's error.
    struct Failure: Equatable {
        /// A step of a child's start.
        enum Step: Equatable {
            /// Its set-up: its session, signals, standard streams or limits on open descriptors.
            case setUp
            /// The change to its working directory.
            case workingDirectory
            /// The `exec` of its program (of each directory's candidate, when it was searched for).
            case exec
        }

        /// The step that failed.
        var step: Step
        /// The error it failed with.
        var error: Errno
    }

    /// Why the last child started here did not reach its program (its set-up, its change of directory or its `exec`
    /// failed, and it exited with status 127), or `nil` when it did. Read once the child has exited.
    ///
    /// The corresponding C functions are `csystem_spawn_area_failure` and `csystem_spawn_area_failed_step`.
    var failure: Failure? {
        guard let pointer else { return nil }
        let failure = csystem_spawn_area_failure(pointer)
        guard failure != 0 else { return nil }
        let step: Failure.Step = switch csystem_spawn_area_failed_step(pointer) {
        case csystem_spawn_step_working_directory: .workingDirectory
        case csystem_spawn_step_exec: .exec
        default: .setUp
        }
        return Failure(step: step, error: Errno(failure))
    }

    /// Frees the area's memory; its last child must have exited.
    ///
    /// The corresponding C function is `csystem_spawn_area_free`.
    func free() {
        csystem_spawn_area_free(pointer)
    }
}

/// Starts `program` (searched for in `setup.searchPath` when it has no slash) with `arguments` (the first being
/// its own name) and `environment` (`NAME=value` strings), both null-terminated, as `setup` says, in `area`, and
/// returns the child's id and a process descriptor for it (a pidfd: readable once the child has exited).
///
/// Every signal starts at its default action and unblocked, and no descriptor of prx but the two given reaches
/// the child. The call returns as soon as the child exists, before its set-up and `exec`: their failures
/// (`ENOENT`, `EACCES`, a missing working directory) show as an exit with status 127 and ``SpawnArea/failure``, which
/// names the step that failed.
/// `environmentStrings`, when given, is a block holding strings of `environment` one after the other (each with its
/// NUL), which the spawn copies whole rather than string by string.
/// The strings may be freed as soon as it returns. The calling thread no longer blocks `SIGCHLD` afterwards.
/// Throws ``Errno/processLimitReached`` when the process limit leaves no room for the child, and
/// ``Errno/outOfMemory`` when memory is short for the area or the child.
///
/// The corresponding C function is `csystem_spawn`, prx's `posix_spawnp` with a pidfd.
func spawnProgram(
    _ program: UnsafePointer<CChar>,
    arguments: UnsafePointer<UnsafeMutablePointer<CChar>?>,
    environment: UnsafePointer<UnsafeMutablePointer<CChar>?>,
    environmentStrings: UnsafeRawBufferPointer = UnsafeRawBufferPointer(start: nil, count: 0),
    setup: SpawnSetup,
    area: inout SpawnArea
) throws(Errno) -> (pid: ProcessID, descriptor: FileDescriptor) {
    func spawn(in directory: UnsafePointer<CChar>?, searching searchPath: UnsafePointer<CChar>)
        -> (pid: pid_t, pidfd: Int32, error: Int32)
    {
        var request = csystem_spawn_request(
            program: program,
            search_path: searchPath,
            arguments: arguments,
            environment: environment,
            working_directory: directory,
            standard_output: setup.standardOutput.rawValue,
            standard_error: setup.standardError.rawValue,
            new_session: setup.newSession ? 1 : 0,
            environment_strings: environmentStrings.baseAddress?.assumingMemoryBound(to: CChar.self),
            environment_strings_size: environmentStrings.count)
        var pidfd: Int32 = -1
        let pid = csystem_spawn(&request, &area.pointer, &pidfd)
        return (pid, pidfd, pid < 0 ? errno : 0)
    }
    let started = setup.searchPath.withCString { searchPath in
        setup.workingDirectory.map { $0.withCString { spawn(in: $0, searching: searchPath) } }
            ?? spawn(in: nil, searching: searchPath)
    }
    if started.pid < 0 { throw Errno(started.error) }
    return (ProcessID(rawValue: started.pid), FileDescriptor(rawValue: started.pidfd))
}
#endif
