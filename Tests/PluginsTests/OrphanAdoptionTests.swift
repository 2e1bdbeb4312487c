#if os(Linux)
import Foundation
import Glibc
import PRXKernel
@testable import PRXPlugins
import PRXTesting
import Testing

/// Each test runs in a process of its own (an exit test): whether a process adopts orphans is the whole process's,
/// and a test runner that adopted them would adopt those of every other test's children.
@Suite(.enabled(if: ChildProcesses.areListed, "the kernel lists no process's children (CONFIG_PROC_CHILDREN)"))
struct OrphanAdoptionTests {
    /// An executor that adopts orphans.
    private static func adoptingExecutor() -> LocalProcessExecutor {
        LocalProcessExecutor(configuration: .init(adoptsOrphans: true))
    }

    /// Whether the process is the subreaper of its descendants' orphans; `false` when that cannot be read.
    private static var isSubreaper: Bool {
        (try? ChildProcesses.isSubreaper()) ?? false
    }

    /// Runs `/bin/true` with `executor`.
    private static func runTask(with executor: LocalProcessExecutor) async -> TaskResult {
        await executor.execute(
            TaskSpec(id: TaskID(1), label: "true", argv: ["/bin/true"]), context: ExecutionContext(workerID: 1))
    }

    /// Once the run of the executor that adopted orphans has ended, the process adopts none: the orphan of a child it
    /// runs next goes to init (or a subreaper above it), which reaps it. It was the process's child, a zombie for
    /// good once it had ended, as nothing reaps the orphans of the process's own session: a test runner that had run
    /// executors in its own process had 1,500 of them, the orphan guards of the `prx` runs of its tests.
    @Test func theOrphanOfAChildRunAfterTheRunIsNoZombieOfTheProcess() async {
        await #expect(processExitsWith: .success) {
            let executor = Self.adoptingExecutor()
            #expect(await Self.runTask(with: executor).status == .success)
            await executor.endRun()
            let directory = try TemporaryDirectory()
            defer { directory.remove() }
            let pidFile = directory.file("pid")
            let child = try ChildProcess("/bin/sh", arguments: ["-c", "sleep 0.2 & echo $! > '\(pidFile)'"])
            #expect(await child.awaitExit() == 0)
            let orphan = try #require(pid_t(try directory.read("pid").trimmingCharacters(in: .whitespacesAndNewlines)))
            for _ in 0..<250 where LiveProcesses.isRunning(orphan) {
                try await Task.sleep(for: .milliseconds(20))
            }
            #expect(LiveProcesses.parent(of: orphan) != getpid(), "the ended orphan is a zombie of the process's")
        }
    }

    /// The process adopts orphans while any executor that adopts them runs: the first to start a task makes it their
    /// subreaper, and only the last to end its run makes it none again; an executor that runs again holds it again.
    @Test func theProcessAdoptsOrphansUntilTheLastExecutorEndsItsRun() async {
        await #expect(processExitsWith: .success) {
            let first = Self.adoptingExecutor()
            let second = Self.adoptingExecutor()
            #expect(!Self.isSubreaper)
            _ = await Self.runTask(with: first)
            _ = await Self.runTask(with: second)
            #expect(Self.isSubreaper)
            await first.endRun()
            #expect(Self.isSubreaper)
            await second.endRun()
            #expect(!Self.isSubreaper)
            _ = await Self.runTask(with: first)
            #expect(Self.isSubreaper)
            await first.endRun()
            #expect(!Self.isSubreaper)
        }
    }

    /// A process that was a subreaper before an executor adopted orphans stays one after the executor's run: the
    /// executor makes it none again only when it made it one.
    @Test func aProcessThatWasASubreaperStaysOne() async {
        await #expect(processExitsWith: .success) {
            try ChildProcesses.becomeSubreaper()
            let executor = Self.adoptingExecutor()
            _ = await Self.runTask(with: executor)
            await executor.endRun()
            #expect(Self.isSubreaper)
        }
    }
}
#endif
