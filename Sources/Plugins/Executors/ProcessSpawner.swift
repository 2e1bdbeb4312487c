#if os(Linux)
import Glibc
import PRXKernel

/// Starts a task's process as `posix_spawnp` would (see
/// ``spawnProgram(_:arguments:environment:environmentStrings:setup:area:)``): standard input from `/dev/null`, standard
/// output and error into pipes only prx reads, no other descriptor of prx inherited, its own session and process
/// group, its environment and working directory. A program named without a slash is looked for in the `PATH` the task
/// gets (``searchPath(of:)``), where `posix_spawnp` looks in prx's.
///
/// The start does not wait for the child's set-up and `exec`: a program that cannot be run shows once the process
/// has exited, when ``release(_:of:)`` says why. A process in a session of its own is recorded with the process's
/// ``OrphanGuard`` as soon as it exists, before the spawn returns: a prx killed at any moment after leaves it to the
/// guard.
struct ProcessSpawner: Sendable {
    /// A started process, its pidfd and the read ends of its output pipes (non-blocking, owned by the caller).
    struct SpawnedProcess: Sendable {
        /// The process, leader of its own process group when the spawner starts new sessions.
        var pid: ProcessID
        /// Its process descriptor (pidfd), owned by the caller: readable once it has exited.
        var descriptor: FileDescriptor
        /// Where its standard output arrives.
        var stdout: FileDescriptor
        /// Where its standard error arrives.
        var stderr: FileDescriptor
        /// Where the child ran until its `exec`; the child's until it has exited.
        var area: SpawnArea
        /// Its slot in the orphan guard's table, taken as it was started, or `nil` when unguarded; whoever watches
        /// the process releases it once the process is finished.
        var guardSlot: OrphanGuard.Slot?
    }

    /// Why a process could not be started, in words for the task's result.
    struct Failure: Error {
        /// "command not found: foo", "permission denied: ./run.sh", …
        var message: String
        /// What the start lacked (`EAGAIN`, `ENOMEM`, `EMFILE`) when the end of another may lift the refusal.
        var shortage: SpawnShortage?
        /// Why the task never started, when it is one a result tells: the child could not enter its working
        /// directory, the one step of its start that failed.
        var notStartedReason: NotStartedReason?

        /// A failure saying `message`, lacking `shortage` when given.
        init(message: String, shortage: SpawnShortage? = nil) {
            self.message = message
            self.shortage = shortage
        }

        /// Why `program`, looked for in `searchPath` when named without a slash, did not start in `directory` (prx's
        /// own when `nil`), as the child's `failure` says.
        init(_ failure: SpawnArea.Failure, program: String, searchPath: String, directory: String?) {
            message = ProcessSpawner.explain(failure, program: program, searchPath: searchPath, directory: directory)
            shortage = SpawnShortage(failure)
            notStartedReason = failure.step == .workingDirectory ? .workingDirectoryUnavailable : nil
        }
    }

    /// The environment tasks start from.
    let environment: SpawnEnvironment
    /// The working directory of tasks that name none, or `nil` for prx's own.
    let defaultWorkingDirectory: String?
    /// Whether each process starts a session (and so a process group) of its own.
    let newSession: Bool
    /// Where the program of a task whose environment sets no `PATH` is looked for when named without a slash: the
    /// `PATH` of the environment tasks start from (`/bin:/usr/bin` without one), which such a task gets.
    let searchPath: String
    /// The areas children start in.
    let areas = SpawnAreaPool()
    /// The guard that each process is recorded with as it starts, with a session of its own; `nil` without, or when
    /// the guard could not be started. Started before the first process is: a process cloned since holds a copy of
    /// prx's end of the guard's socket until it has made its session, so the guard, woken by that socket's end, never
    /// meets one that has not, and may signal each by its group (``OrphanGuard/watch(leader:output:errors:)``).
    let orphanGuard: OrphanGuard?

    /// Creates a spawner; with `newSession`, it starts the process's orphan guard if it has not started.
    init(environment: SpawnEnvironment, defaultWorkingDirectory: String?, newSession: Bool, searchPath: String) {
        self.environment = environment
        self.defaultWorkingDirectory = defaultWorkingDirectory
        self.newSession = newSession
        self.searchPath = searchPath
        orphanGuard = newSession ? LocalProcessExecutor.orphanGuard : nil
    }

    /// Starts `task`'s program, with the environment's ``SpawnEnvironment/taskVariable`` set to `taskValue` when given.
    func spawn(_ task: TaskSpec, taskValue: String? = nil) throws(Failure) -> SpawnedProcess {
        guard let program = task.argv.first else {
            throw Failure(message: "empty command: nothing to run")
        }
        if let message = ProgramStringCheck.violation(
            argv: task.argv, environment: task.environment, workingDirectory: task.workingDirectory)
        {
            throw Failure(message: message)
        }
        let directory = self.directory(of: task)
        do {
            return try start(task, taskValue: taskValue, in: directory)
        } catch {
            // Nothing of the child ran: the pipes or the clone were refused.
            throw Failure(
                SpawnArea.Failure(step: .setUp, error: error), program: program, searchPath: searchPath(of: task),
                directory: directory)
        }
    }

    private func start(_ task: TaskSpec, taskValue: String?, in directory: String?) throws(Errno) -> SpawnedProcess {
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
        do throws(Errno) {
            try output.readEnd.makeNonBlocking()
            try errors.readEnd.makeNonBlocking()
            let setup = SpawnSetup(
                searchPath: searchPath(of: task), standardOutput: output.writeEnd, standardError: errors.writeEnd,
                workingDirectory: directory, newSession: newSession)
            var area = areas.take()
            // The closures below take the task's variables and the environment alone: they would copy a whole task,
            // or the whole spawner, that they captured (each closure a copy).
            let taskVariables = task.environment
            let environment = self.environment
            let started: (pid: ProcessID, descriptor: FileDescriptor)
            do throws(Errno) {
                started = try Self.withCStrings(task.argv) { (arguments) throws(Errno) in
                    try environment.withCStrings(adding: taskVariables, taskValue: taskValue) {
                        (variables, strings) throws(Errno) in
                        try spawnProgram(
                            arguments[0]!, arguments: arguments, environment: variables, environmentStrings: strings,
                            setup: setup, area: &area)
                    }
                }
            } catch {
                areas.give(area)
                throw error
            }
            let guardSlot = orphanGuard?.watch(leader: started.pid, output: output.readEnd, errors: errors.readEnd)
            return SpawnedProcess(
                pid: started.pid, descriptor: started.descriptor, stdout: output.readEnd, stderr: errors.readEnd,
                area: area, guardSlot: guardSlot)
        } catch {
            output.readEnd.close()
            errors.readEnd.close()
            throw error
        }
    }

    /// Gives back the area `process` ran in, once the process has been reaped, and returns why it never ran
    /// `task`'s program (its set-up, its change to its working directory or its `exec` failed, and it exited with
    /// status 127), when it did not: with a shortage when its set-up lacked a descriptor or memory, which the end of
    /// another task may give back, as when the spawn itself is refused.
    func release(_ process: SpawnedProcess, of task: TaskSpec) -> Failure? {
        let failure = process.area.failure
        areas.give(process.area)
        return failure.map { failure in
            Failure(
                failure, program: task.argv.first ?? "", searchPath: searchPath(of: task),
                directory: directory(of: task))
        }
    }

    /// Where `task`'s program is looked for when named without a slash: the `PATH` the task gets, as `env(1)`,
    /// `execvpe` and Python's `subprocess` with `env=` look. That is its own when its environment sets one (an empty
    /// one is the task's working directory, as for `execvp`), ``searchPath`` otherwise.
    private func searchPath(of task: TaskSpec) -> String {
        task.environment["PATH"] ?? searchPath
    }

    /// The directory `task` starts in, or `nil` for prx's own.
    private func directory(of task: TaskSpec) -> String? {
        task.workingDirectory ?? defaultWorkingDirectory
    }

    /// Calls `body` with `strings` as a null-terminated array of C strings, made in one temporary allocation (on the
    /// stack unless it is large): the pointers, then each string's bytes with a NUL after them. `strdup` of each
    /// string made it a C array first (`utf8CString`), then a copy: two allocations and two frees a word, and one more
    /// for the array of pointers. A string holding a NUL byte ends there for `exec`, as its copy by `strdup` did.
    private static func withCStrings<Result>(
        _ strings: [String],
        _ body: (UnsafePointer<UnsafeMutablePointer<CChar>?>) throws(Errno) -> Result
    ) throws(Errno) -> Result {
        typealias CStringPointer = UnsafeMutablePointer<CChar>?
        let pointerBytes = (strings.count + 1) * MemoryLayout<CStringPointer>.stride
        var byteCount = pointerBytes
        for string in strings {
            byteCount += string.utf8.count + 1
        }
        let alignment = MemoryLayout<CStringPointer>.alignment
        return try withUnsafeTemporaryAllocation(byteCount: byteCount, alignment: alignment) {
            (buffer) throws(Errno) -> Result in
            let start = buffer.baseAddress!
            let pointers = start.bindMemory(to: CStringPointer.self, capacity: strings.count + 1)
            var offset = pointerBytes
            for (index, string) in strings.enumerated() {
                let count = string.utf8.count
                let bytes = UnsafeMutableRawBufferPointer(rebasing: buffer[offset..<offset + count])
                if string.utf8.withContiguousStorageIfAvailable({ bytes.copyMemory(from: UnsafeRawBufferPointer($0)) })
                    == nil
                {
                    bytes.copyBytes(from: string.utf8)
                }
                buffer[offset + count] = 0
                pointers[index] = (start + offset).bindMemory(to: CChar.self, capacity: count + 1)
                offset += count + 1
            }
            pointers[strings.count] = nil
            return try body(pointers)
        }
    }

    /// Why `program` did not start, in words naming the step that failed (``StartFailureMessage``): its working
    /// directory (`directory`, or prx's own when `nil`), the program itself (looked for in `searchPath` when named
    /// without a slash), or the start around them.
    fileprivate static func explain(
        _ failure: SpawnArea.Failure, program: String, searchPath: String, directory: String?
    ) -> String {
        let error = failure.error
        switch failure.step {
        case .setUp:
            return StartFailureMessage.setUp(program, error)
        case .workingDirectory:
            return StartFailureMessage.workingDirectory(directory ?? SourceFileSystem.currentDirectory, error)
        case .exec:
            return StartFailureMessage.program(
                program, error, workingDirectory: directory ?? SourceFileSystem.currentDirectory,
                searchPath: searchPath)
        }
    }
}
#endif
