#if os(Linux)
import Dispatch
import Foundation
import Glibc
import PRXKernel
import PRXPlugins
import PRXTesting
import Synchronization
import Testing

/// Tasks whose process had ended by itself when prx came to stop it (the run interrupted, a time limit) keep their own
/// end: `SUCCESS` or `FAILED` with their exit code, never `CANCELLED` or `TIMEOUT`, so that the journal records them as
/// they ended and `--resume` does not run them again.
///
/// The race is made certain by holding the executor's monitor thread in the output handler (which it calls, and which
/// should be quick): the task's first line is handed over and not returned from until the task has exited (a zombie,
/// unreaped: the monitor is held) and the stop has come. The monitor then takes in the stop before the task's end,
/// whose event the wait it made before the task exited did not hold.
@Suite struct TaskEndedBeforeItsStopTests {
    /// How the stop comes.
    enum Stop: CaseIterable {
        /// The `execute` call is cancelled, as SIGINT or SIGTERM to prx cancels it.
        case interruption
        /// The task's time limit passes.
        case timeLimit
    }

    /// A FIFO the task reads its go-ahead from, held open for writing by the test so that the task's open returns
    /// at once and its read waits for the line.
    private final class GoAhead {
        let directory: URL
        let path: String
        let writer: Int32

        init() throws {
            directory = FileManager.default.temporaryDirectory.appendingPathComponent("prx-stop-\(UUID().uuidString)")
            try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
            path = directory.appendingPathComponent("go.fifo").path
            try #require(mkfifo(path, 0o600) == 0)
            writer = open(path, O_RDWR)
            try #require(writer >= 0)
        }

        func give() {
            _ = "go\n".withCString { write(writer, $0, 3) }
        }

        deinit {
            close(writer)
            try? FileManager.default.removeItem(at: directory)
        }
    }

    /// The first piece of the task's output, kept by an output handler that holds the monitor thread on it until
    /// ``letTheMonitorGo()``.
    private final class HeldMonitor: Sendable {
        private let firstPiece = Mutex<[UInt8]?>(nil)
        private let release = DispatchSemaphore(value: 0)

        /// The output handler: keeps the first piece and waits on it.
        var output: @Sendable (OutputChunk) -> Void {
            { [self] chunk in
                let isFirst = firstPiece.withLock { piece in
                    guard piece == nil else { return false }
                    piece = chunk.bytes
                    return true
                }
                if isFirst { release.wait() }
            }
        }

        /// The process id the task wrote as its first line, once the monitor holds on it (after 20 s at the most).
        func heldTaskID() async throws -> pid_t {
            for _ in 0..<2000 {
                if let piece = firstPiece.withLock({ $0 }) {
                    let line = String(decoding: piece, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
                    return try #require(pid_t(line))
                }
                try await Task.sleep(for: .milliseconds(10))
            }
            Issue.record("the task wrote nothing")
            throw CancellationError()
        }

        func letTheMonitorGo() { release.signal() }
    }

    /// The task's output as it comes, from an output handler that keeps it.
    private final class TaskOutput: Sendable {
        private let text = Mutex("")

        /// The output handler.
        var handler: @Sendable (OutputChunk) -> Void {
            { [self] chunk in text.withLock { $0 += String(decoding: chunk.bytes, as: UTF8.self) } }
        }

        /// The lines written so far, once there are `count` of them (after 20 s at the most).
        func lines(atLeast count: Int) async throws -> [Substring] {
            for _ in 0..<2000 {
                let lines = text.withLock { $0 }.split(separator: "\n")
                if lines.count >= count { return lines }
                try await Task.sleep(for: .milliseconds(10))
            }
            Issue.record("the task wrote fewer than \(count) lines")
            return []
        }
    }

    /// Waits until process `pid` is no longer running (a zombie, or gone), for 20 s at the most.
    private static func awaitExit(of pid: pid_t) async throws {
        for _ in 0..<2000 where LiveProcesses.isRunning(pid) {
            try await Task.sleep(for: .milliseconds(10))
        }
        #expect(!LiveProcesses.isRunning(pid))
    }

    /// A task that exited (code 0 or 3) before the run's interruption or its time limit reached prx's monitor has its
    /// own result. Before, an interruption taken in before the task's end made it `CANCELLED`, "terminated: run
    /// interrupted", with its exit code 0 or 3 beside (a time limit already had the exit taken in first).
    @Test(arguments: Stop.allCases, [TaskStatus.success, .failed])
    func aTaskThatExitedBeforeItsStopKeepsItsOwnEnd(stop: Stop, status: TaskStatus) async throws {
        let code: Int32 = status == .success ? 0 : 3
        let goAhead = try GoAhead()
        let held = HeldMonitor()
        defer { held.letTheMonitorGo() }
        let timeLimit = 1.0
        let task = TaskSpec(
            id: 1, label: "ends", argv: ["sh", "-c", #"echo $$; read line < "$0"; echo ended; exit "$1""#,
                                         goAhead.path, "\(code)"],
            timeout: stop == .timeLimit ? timeLimit : nil)
        let executor = LocalProcessExecutor(configuration: .init(terminationGrace: 5))
        let running = Task {
            await executor.execute(task, context: ExecutionContext(workerID: 1, output: held.output))
        }
        let pid = try await held.heldTaskID()
        let started = ContinuousClock.now
        goAhead.give()
        try await Self.awaitExit(of: pid)
        switch stop {
        case .interruption:
            running.cancel()
        case .timeLimit:
            // The limit counts from before the task wrote its first line.
            try await Task.sleep(until: started + .seconds(timeLimit + 0.3), clock: .continuous)
        }
        held.letTheMonitorGo()
        let result = await running.value
        #expect(result.status == status)
        #expect(result.termination == .exited(code))
        #expect(result.message == (code == 0 ? nil : "Exit code \(code)"))
        #expect(result.stdoutTail == "\(pid)\nended\n")
    }

    /// A task whose leader exited by itself, while a subshell it left in its group is being stopped (it ignores
    /// `SIGTERM`, and ends when the test lets it, well before the `SIGKILL` after the grace), keeps the leader's end
    /// when the run is interrupted meanwhile. Before, the interruption made it `CANCELLED`.
    ///
    /// The subshell writes a line once the interruption has come, and ends only once the test has read it: the monitor
    /// takes in the stop at the latest in the round in which it reads that line, before the round in which it sees
    /// the subshell's end.
    @Test func aTaskWhoseLeaderEndedWhileItsGroupIsStoppedKeepsTheLeadersEnd() async throws {
        let goAhead = try GoAhead()
        let output = TaskOutput()
        let task = TaskSpec(
            id: 1, label: "leaves",
            argv: ["sh", "-c", #"trap "" TERM; (read a < "$0"; echo interrupted; read b < "$0") & echo $$"#,
                   goAhead.path])
        let executor = LocalProcessExecutor(configuration: .init(terminationGrace: 60))
        let running = Task {
            await executor.execute(task, context: ExecutionContext(workerID: 1, output: output.handler))
        }
        let firstLine = try await output.lines(atLeast: 1).first
        let pid = try #require(firstLine.flatMap { pid_t($0) })
        // Reaped by the monitor, while the subshell left in the group holds the task.
        for _ in 0..<2000 where kill(pid, 0) == 0 {
            try await Task.sleep(for: .milliseconds(10))
        }
        #expect(kill(pid, 0) == -1 && errno == ESRCH)
        #expect(kill(-pid, 0) == 0)
        running.cancel()
        goAhead.give()
        #expect(try await output.lines(atLeast: 2).last == "interrupted")
        goAhead.give()
        let result = await running.value
        #expect(result.status == .success)
        #expect(result.termination == .exited(0))
        #expect(result.message == nil)
    }
}
#endif
