import Foundation
import PRXKernel
import PRXTesting
import Synchronization
import Testing

/// Running tasks' output reaches the sinks that watch it, within each attempt, and costs a run none of whose sinks
/// watches it nothing.
@Suite struct OutputToSinksTests {
    /// Records whether each attempt it runs was given an output handler, and which backlog, and runs it as
    /// ``ScriptedExecutor`` does.
    private final class HandlerCheckingExecutor: Executor {
        private let scripted: ScriptedExecutor
        private let handlers = Mutex<[(handler: Bool, backlog: ObjectIdentifier?)]>([])

        init(script: @escaping @Sendable (TaskSpec) -> ScriptedExecutor.Outcome) {
            scripted = ScriptedExecutor(script: script)
        }

        /// Whether each attempt, in the order they ran, had `context.output` set.
        var attemptsWithHandler: [Bool] { handlers.withLock { $0.map(\.handler) } }

        /// The backlog each attempt was given, in the order they ran.
        var backlogs: [ObjectIdentifier?] { handlers.withLock { $0.map(\.backlog) } }

        func execute(_ task: TaskSpec, context: ExecutionContext) async -> TaskResult {
            handlers.withLock { $0.append((context.output != nil, context.outputBacklog.map(ObjectIdentifier.init))) }
            return await scripted.execute(task, context: context)
        }
    }

    /// The pieces of output a sink was given: how many, and the first byte of each.
    private final class GivenPieces: Sendable {
        let count = Atomic<Int>(0)
        let firstBytes = Mutex<[UInt8]>([])
    }

    /// Writes ``pieces`` pieces of 64 KiB for each task, the first byte of each its number, and, when it `paces`
    /// itself, waits before a piece while the run's backlog is full, as an executor that stops reading a pipe does.
    /// It counts the pieces that the sink has not been given yet, as they were the most.
    private final class PiecesWriter: Executor {
        static let pieces = 320
        private let paces: Bool
        private let given: GivenPieces
        private let counts = Mutex((written: 0, mostAhead: 0, waits: 0))

        init(paces: Bool, given: GivenPieces) {
            self.paces = paces
            self.given = given
        }

        /// The most pieces written and not given to the sink at once.
        var mostAhead: Int { counts.withLock { $0.mostAhead } }

        /// How many times the writer waited for the backlog to drain.
        var waits: Int { counts.withLock { $0.waits } }

        func execute(_ task: TaskSpec, context: ExecutionContext) async -> TaskResult {
            for number in 0..<Self.pieces {
                if paces, let backlog = context.outputBacklog, backlog.isFull {
                    counts.withLock { $0.waits += 1 }
                    await withCheckedContinuation { continuation in backlog.whenDrained { continuation.resume() } }
                }
                var bytes = [UInt8](repeating: 0, count: 1 << 16)
                bytes[0] = UInt8(number % 251)
                context.output?(OutputChunk(taskID: task.id, stream: .stdout, bytes: bytes))
                counts.withLock { counts in
                    counts.written += 1
                    counts.mostAhead = max(counts.mostAhead, counts.written - given.count.load(ordering: .relaxed))
                }
            }
            return TaskResult(task: task, status: .success, workerID: context.workerID, attempts: context.attempt)
        }
    }

    /// Takes a millisecond per piece of output, and counts them.
    private struct SlowCountingSink: Sink {
        let given: GivenPieces

        var watchesOutput: Bool { true }

        mutating func receive(_ event: RunEvent) throws {}

        mutating func receiveOutput(_ chunk: OutputChunk) throws {
            usleep(1000)
            given.firstBytes.withLock { $0.append(chunk.bytes[0]) }
            given.count.add(1, ordering: .relaxed)
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

    /// An executor that waits while the backlog is full is never more than the backlog's limit ahead of a slow sink,
    /// and the sink gets every piece, in order. One that does not wait is run all the same, its pieces held for the
    /// sink: as many as it writes faster than the sink takes them.
    @Test(arguments: [true, false])
    func aSlowSinkHoldsBackAnExecutorThatWaitsForTheBacklog(paces: Bool) async {
        let given = GivenPieces()
        let executor = PiecesWriter(paces: paces, given: given)
        let scheduler = Scheduler(configuration: SchedulerConfiguration(maxInFlight: 1), executor: executor)
        let task = TaskSpec(id: 1, label: "writer", argv: ["writer"])
        let summary = await scheduler.run(source: ArrayTaskSource([task]), sinks: [SlowCountingSink(given: given)])

        #expect(summary.statistics.succeeded == 1)
        #expect(given.firstBytes.withLock { $0 } == (0..<PiecesWriter.pieces).map { UInt8($0 % 251) })
        let piecesInLimit = OutputBacklog.limit / (1 << 16)
        if paces {
            #expect(executor.waits > 0)
            // The piece that fills the backlog is the last before the writer waits.
            #expect(executor.mostAhead <= piecesInLimit + 1)
        } else {
            #expect(executor.mostAhead > 2 * piecesInLimit)
        }
    }

    @Test func aRunGivesEveryAttemptOneBacklogWithItsOutputHandler() async {
        let executor = Self.executor()
        let scheduler = Scheduler(configuration: SchedulerConfiguration(maxInFlight: 3), executor: executor)
        _ = await scheduler.run(source: ArrayTaskSource(Self.tasks), sinks: [OutputRecordingSink()])

        #expect(executor.backlogs.count == 15)
        #expect(executor.backlogs.allSatisfy { $0 != nil && $0 == executor.backlogs[0] })
    }

    @Test func aRunWithNoWatchingSinkGivesTheExecutorNoOutputHandler() async {
        let events = EventLog()
        let executor = Self.executor()
        let scheduler = Scheduler(configuration: SchedulerConfiguration(maxInFlight: 3), executor: executor)
        let summary = await scheduler.run(source: ArrayTaskSource(Self.tasks), sinks: [RecordingSink(log: events)])

        #expect(summary.statistics.succeeded == 10)
        #expect(executor.attemptsWithHandler == Array(repeating: false, count: 15))
        #expect(executor.backlogs == Array(repeating: nil, count: 15))
        #expect(SinkConformance.violations(in: events.events).isEmpty)
        #expect(events.results.allSatisfy { $0.stdoutTail == "out \($0.task.label)\n" })
    }
}
