#if os(Linux)
import Foundation
import PRXKernel
@testable import PRXPlugins
import PRXTesting
import Testing

/// A task that never ran its program is told which step of its start failed, as the child saw it, whatever its
/// working directory has become by the time prx reads why: with several workers whose tasks remove the shared
/// workspace (`rm -rf "$PWD"`), another worker made it again between a task's failed `chdir` and that reading, and
/// the task's reason was `command not found: /bin/sh`.
@Suite(.runsProcesses) struct SpawnFailureReasonTests {
    /// Spawns `program` in `directory`, waits for its end, calls `meanwhile`, and returns why it did not run.
    private static func reason(
        running program: String, in directory: String, meanwhile: () throws -> Void
    ) throws -> String? {
        let spawner = ProcessSpawner(
            environment: SpawnEnvironment(entries: []), defaultWorkingDirectory: directory, newSession: false,
            searchPath: "/bin:/usr/bin")
        let task = TaskSpec(id: 1, label: "t", argv: [program])
        let process = try spawner.spawn(task)
        defer {
            process.descriptor.close()
            process.stdout.close()
            process.stderr.close()
        }
        #expect(try process.pid.wait(blocking: true)?.status == .exited(127))
        try meanwhile()
        return spawner.release(process, of: task)?.message
    }

    @Test func aWorkingDirectoryMadeAfterTheChildFailedToEnterItIsNamed() throws {
        let root = try TemporaryDirectory()
        defer { root.remove() }
        let workspace = root.file("workspace")
        let message = try Self.reason(running: "/bin/sh", in: workspace) {
            try FileManager.default.createDirectory(atPath: workspace, withIntermediateDirectories: false)
        }
        #expect(message == "cannot change to working directory \(workspace): No such file or directory")
    }

    /// A child whose set-up lacked a descriptor or memory (`/dev/null` refused by prx's full table of descriptors)
    /// reports the shortage, so that its task waits for a running task to end as a spawn refused at once does; it
    /// was `ERROR` "Too many open files" at once. A later step's errors are the task's own, and no shortage.
    @Test(arguments: [
        (SpawnArea.Failure.Step.setUp, Errno.tooManyOpenFiles, SpawnShortage.openFiles),
        (.setUp, .outOfMemory, .memory),
        (.setUp, .processLimitReached, .processLimit),
        (.setUp, .noSuchFile, nil),
        (.workingDirectory, .tooManyOpenFiles, nil),
        (.workingDirectory, .outOfMemory, nil),
        (.exec, .outOfMemory, nil),
        (.exec, .tooManyOpenFiles, nil),
    ] as [(SpawnArea.Failure.Step, Errno, SpawnShortage?)])
    func aChildsSetUpLackingDescriptorsOrMemoryIsAShortage(
        step: SpawnArea.Failure.Step, error: Errno, shortage: SpawnShortage?
    ) {
        let failure = ProcessSpawner.Failure(
            SpawnArea.Failure(step: step, error: error), program: "sh", searchPath: "/bin", directory: "/w")
        #expect(failure.shortage == shortage)
    }

    /// The local executor says of a task that never started because it could not enter its working directory that it
    /// did not, for the workspace's wrapper, which starts it again; not of one whose program is missing.
    @Test func aResultSaysWhetherTheWorkingDirectoryRefusedTheStart() async throws {
        let root = try TemporaryDirectory()
        defer { root.remove() }
        let executor = LocalProcessExecutor()
        let missingDirectory = await executor.execute(
            TaskSpec(id: 1, label: "a", argv: ["/bin/sh", "-c", "true"], workingDirectory: root.file("missing")),
            context: ExecutionContext(workerID: 1))
        #expect(missingDirectory.status == .error)
        #expect(missingDirectory.notStartedReason == .workingDirectoryUnavailable)
        let missingProgram = await executor.execute(
            TaskSpec(id: 2, label: "b", argv: [root.file("missing")], workingDirectory: root.path),
            context: ExecutionContext(workerID: 1))
        #expect(missingProgram.status == .error)
        #expect(missingProgram.notStartedReason == nil)
    }

    @Test func aMissingProgramIsNamedThoughItsDirectoryWasRemovedSince() throws {
        let root = try TemporaryDirectory()
        defer { root.remove() }
        let workspace = root.file("workspace")
        try FileManager.default.createDirectory(atPath: workspace, withIntermediateDirectories: false)
        let message = try Self.reason(running: root.file("missing-program"), in: workspace) {
            try FileManager.default.removeItem(atPath: workspace)
        }
        #expect(message == "command not found: \(root.file("missing-program"))")
    }
}
#endif
