#if os(Linux)
import Glibc
import PRXKernel

/// Starts a task's process with `posix_spawnp`: standard input from `/dev/null`, standard output and error
/// into pipes only prx reads, no other descriptor of prx inherited, its own session and process group, its
/// environment and working directory.
struct ProcessSpawner: Sendable {
    /// A started process and the read ends of its output pipes (non-blocking, owned by the caller).
    struct SpawnedProcess: Sendable {
        /// The process, leader of its own process group when the spawner starts new sessions.
        var pid: ProcessID
        /// Where its standard output arrives.
        var stdout: FileDescriptor
        /// Where its standard error arrives.
        var stderr: FileDescriptor
    }

    /// Why a process could not be started, in words for the task's result.
    struct Failure: Error {
        /// "command not found: foo", "permission denied: ./run.sh", …
        var message: String
    }

    /// The environment tasks start from.
    let environment: SpawnEnvironment
    /// The working directory of tasks that name none, or `nil` for prx's own.
    let defaultWorkingDirectory: String?
    /// Whether each process starts a session (and so a process group) of its own.
    let newSession: Bool

    /// Starts `task`'s program.
    func spawn(_ task: TaskSpec) throws(Failure) -> SpawnedProcess {
        guard let program = task.argv.first else {
            throw Failure(message: "empty command: nothing to run")
        }
        let directory = task.workingDirectory ?? defaultWorkingDirectory
        do {
            return try start(task, in: directory)
        } catch {
            throw Failure(message: Self.explain(error, program: program, directory: directory))
        }
    }

    private func start(_ task: TaskSpec, in directory: String?) throws(Errno) -> SpawnedProcess {
        let output = try FileDescriptor.pipe()
        let errors: (readEnd: FileDescriptor, writeEnd: FileDescriptor)
        do {
            errors = try FileDescriptor.pipe()
        } catch {
            output.readEnd.close()
            output.writeEnd.close()
            throw error
        }
        defer {
            output.writeEnd.close()
            errors.writeEnd.close()
        }
        do {
            try output.readEnd.makeNonBlocking()
            try errors.readEnd.makeNonBlocking()
            var actions = try SpawnFileActions()
            try actions.open("/dev/null", flags: O_RDONLY, as: STDIN_FILENO)
            try actions.duplicate(output.writeEnd, as: STDOUT_FILENO)
            try actions.duplicate(errors.writeEnd, as: STDERR_FILENO)
            if let directory {
                try actions.changeDirectory(to: directory)
            }
            try actions.closeAll(from: STDERR_FILENO + 1)
            let attributes = try SpawnAttributes(newSession: newSession)
            // A child's SIGCHLD goes to the thread that started it. Ignored by default, it is dropped at once
            // unless that thread blocks it, as the threads of Swift's pool do: then it is queued for the process
            // and wakes another thread (the main thread, the dispatch manager) to be discarded, two context
            // switches per task for nothing. prx watches children with pidfds and never handles SIGCHLD.
            Signal.childEnded.unblockInCallingThread()
            let pid = try Self.withCStrings(task.argv) { (arguments) throws(Errno) -> ProcessID in
                try environment.withCStrings(adding: task.environment) { (variables) throws(Errno) -> ProcessID in
                    try spawnProgram(
                        arguments[0]!, arguments: arguments, environment: variables,
                        fileActions: actions, attributes: attributes)
                }
            }
            return SpawnedProcess(pid: pid, stdout: output.readEnd, stderr: errors.readEnd)
        } catch {
            output.readEnd.close()
            errors.readEnd.close()
            throw error
        }
    }

    /// Calls `body` with `strings` as a null-terminated array of C strings.
    private static func withCStrings<Result>(
        _ strings: [String],
        _ body: (UnsafePointer<UnsafeMutablePointer<CChar>?>) throws(Errno) -> Result
    ) throws(Errno) -> Result {
        var pointers = strings.map { strdup($0) }
        pointers.append(nil)
        defer {
            for pointer in pointers {
                free(pointer)
            }
        }
        return try pointers.withUnsafeBufferPointer { (buffer) throws(Errno) -> Result in
            try body(buffer.baseAddress!)
        }
    }

    private static func explain(_ error: Errno, program: String, directory: String?) -> String {
        if let directory {
            // posix_spawnp reports a failed chdir with the same errors as a failed exec.
            do {
                try checkAccess(directory, mode: X_OK)
            } catch {
                return "cannot change to working directory \(directory): \(error)"
            }
        }
        switch error {
        case .noSuchFile: return "command not found: \(program)"
        case .permissionDenied: return "permission denied: \(program)"
        default: return "cannot start \(program): \(error)"
        }
    }
}
#endif
