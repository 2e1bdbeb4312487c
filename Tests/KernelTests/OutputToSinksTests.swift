import Foundation
import PRXKernel
import PRXTesting
import Synchronization
import Testing

/// Running tasks' output reaches the sinks that watch it, within each attempt, and costs a run none of whose sinks
/// watches it nothing.
@Suite struct OutputToSinksTests {
    /// Records whether each attempt it runs was given an output handler, and runs it as ``ScriptedExecutor`` does.
    private final class HandlerCheckingExecutor: Executor {
        private let scripted: ScriptedExecutor
        private let handlers = Mutex<[Bool]>([])

        init(script: @escaping @Sendable (TaskSpec) -> ScriptedExecutor.Outcome) {
            scripted = ScriptedExecutor(script: script)
        }

        /// Whether each attempt, in the order they ran, had `context.output` set.
        var attemptsWithHandler: [Bool] { handlers.withLock { $0 } }

        func execute(_ task: TaskSpec, context: ExecutionContext) async -> TaskResult {
            handlers.withLock { $0.append(context.output != nil) }
            return await scripted.execute(task, context: context)
        }
    }

    /// Ten tasks; the even ones fail their first attempt and are retried once.
    private static var tasks: [TaskSpec] {
        (1...10).map { TaskSpec(id: TaskID($0), label: "t\($0)", argv: ["t"], retry: RetryPolicy(maxRetries: 1)) }
    }

    /// Fails the first attempt of each even task, after a pause that lets the tasks overlap.
    private static func executor() -> HandlerCheckingExecutor {
        let attempts = Mutex<Set<TaskID>>([])
        return HandlerCheckingExecutor { task in
            let first = attempts.withLock { $0.insert(task.id).inserted }
            return .init(exitCode: first && task.id.rawValue % 2 == 0 ? 1 : 0, seconds: 0.01)
        }
    }

    @Test func aWatchingSinkIsGivenEachAttemptsOutputBetweenItsStartAndItsEnd() async {
        let watching = OutputLog()
        let events = EventLog()
        let executor = Self.executor()
        let scheduler = Scheduler(configuration: SchedulerConfiguration(maxInFlight: 3), executor: executor)
        let summary = await scheduler.run(
            source: ArrayTaskSource(Self.tasks),
            sinks: [RecordingSink(log: events), OutputRecordingSink(log: watching)])

        #expect(summary.statistics.succeeded == 10)
        #expect(executor.attemptsWithHandler == Array(repeating: true, count: 15))
        #expect(SinkConformance.outputViolations(in: watching.entries).isEmpty)
        #expect(SinkConformance.violations(in: watching.events).isEmpty)
        for task in Self.tasks {
            let attempts = task.id.rawValue % 2 == 0 ? 2 : 1
            #expect(watching.output(of: task.id) == Array(repeating: Array("out \(task.label)\n".utf8), count: attempts)
                .flatMap { $0 })
        }
        // A sink that does not watch output is told the same events, and nothing else.
        #expect(events.events.count == watching.events.count)
    }

    @Test func aRunWithNoWatchingSinkGivesTheExecutorNoOutputHandler() async {
        let events = EventLog()
        let executor = Self.executor()
        let scheduler = Scheduler(configuration: SchedulerConfiguration(maxInFlight: 3), executor: executor)
        let summary = await scheduler.run(source: ArrayTaskSource(Self.tasks), sinks: [RecordingSink(log: events)])

        #expect(summary.statistics.succeeded == 10)
        #expect(executor.attemptsWithHandler == Array(repeating: false, count: 15))
        #expect(SinkConformance.violations(in: events.events).isEmpty)
        #expect(events.results.allSatisfy { $0.stdoutTail == "out \($0.task.label)\n" })
    }
}
