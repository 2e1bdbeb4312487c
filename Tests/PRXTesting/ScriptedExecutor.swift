import Foundation
import PRXKernel
import Synchronization

/// An executor that runs nothing: each task's outcome comes from a script, after an optional pause.
///
/// It honours cancellation as real executors must: a cancelled pause ends at once with ``TaskStatus/cancelled``.
/// It also counts how many tasks are in flight at once, so tests can check the scheduler's limit.
public final class ScriptedExecutor: Executor {
    /// What a scripted task does.
    public struct Outcome: Sendable {
        /// The exit code it reports (0 is success).
        public var exitCode: Int32
        /// Seconds it pretends to run.
        public var seconds: Double

        /// Creates an outcome.
        public init(exitCode: Int32 = 0, seconds: Double = 0) {
            self.exitCode = exitCode
            self.seconds = seconds
        }
    }

    private let script: @Sendable (TaskSpec) -> Outcome
    private let counters = Mutex((running: 0, peak: 0, executed: 0))

    /// Creates an executor whose task outcomes come from `script`.
    public init(script: @escaping @Sendable (TaskSpec) -> Outcome = { _ in Outcome() }) {
        self.script = script
    }

    /// The most tasks that were in flight at the same time.
    public var peakConcurrency: Int { counters.withLock { $0.peak } }

    /// How many tasks `execute` was called for.
    public var executedCount: Int { counters.withLock { $0.executed } }

    public func execute(_ task: TaskSpec, context: ExecutionContext) async -> TaskResult {
        counters.withLock {
            $0.running += 1
            $0.executed += 1
            $0.peak = max($0.peak, $0.running)
        }
        defer { counters.withLock { $0.running -= 1 } }
        let outcome = script(task)
        let start = Date()
        if outcome.seconds > 0 {
            do {
                try await Task.sleep(for: .seconds(outcome.seconds))
            } catch {
                return TaskResult(
                    task: task, status: .cancelled, startTime: start, duration: Date().timeIntervalSince(start),
                    workerID: context.workerID, message: "terminated: run interrupted", attempts: context.attempt)
            }
        } else if Task.isCancelled {
            return TaskResult(
                task: task, status: .cancelled, startTime: start, workerID: context.workerID,
                message: "terminated: run interrupted", attempts: context.attempt)
        }
        context.output?(OutputChunk(taskID: task.id, stream: .stdout, bytes: Array("out \(task.label)\n".utf8)))
        return TaskResult(
            task: task, status: outcome.exitCode == 0 ? .success : .failed,
            termination: .exited(outcome.exitCode), startTime: start, duration: Date().timeIntervalSince(start),
            workerID: context.workerID, stdoutTail: "out \(task.label)\n", attempts: context.attempt)
    }
}
