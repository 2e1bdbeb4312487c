#if os(Linux)
import Foundation
import PRXKernel
import PRXPlugins
import PRXTesting
import Testing

/// A sink that watches output sees a local process's output while the process still runs.
@Suite struct StreamedOutputTests {
    /// Prints `ready N`, waits up to 20 s for the file `gate-N`, prints `done N` and succeeds only if it came.
    private static func waitingTask(_ number: Int, in directory: TemporaryDirectory) -> TaskSpec {
        let gate = directory.file("gate-\(number)")
        let script = """
            echo ready \(number); i=0
            while [ ! -e '\(gate)' ] && [ $i -lt 400 ]; do sleep 0.05; i=$((i+1)); done
            [ -e '\(gate)' ] && echo done \(number)
            """
        return TaskSpec(id: TaskID(number), label: "wait \(number)", argv: ["sh", "-c", script])
    }

    @Test func aWatchingSinkSeesATasksOutputWhileItRuns() async throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let log = OutputLog()
        // Each task ends only once its gate exists, and only the sink makes it, when it sees the task's first line.
        let sink = OutputRecordingSink(log: log) { chunk in
            let text = String(decoding: chunk.bytes, as: UTF8.self)
            guard text.hasPrefix("ready ") else { return }
            _ = FileManager.default.createFile(atPath: directory.file("gate-\(chunk.taskID)"), contents: nil)
        }
        let events = EventLog()
        let scheduler = Scheduler(
            configuration: SchedulerConfiguration(maxInFlight: 2), executor: LocalProcessExecutor())
        let tasks = (1...2).map { Self.waitingTask($0, in: directory) }
        let summary = await scheduler.run(source: ArrayTaskSource(tasks), sinks: [RecordingSink(log: events), sink])

        #expect(summary.statistics.succeeded == 2)
        for task in tasks {
            #expect(log.output(of: task.id) == Array("ready \(task.id)\ndone \(task.id)\n".utf8))
        }
        #expect(SinkConformance.outputViolations(in: log.entries).isEmpty)
        #expect(SinkConformance.violations(in: log.events).isEmpty)
        // The sink that does not watch output is told the same run.
        #expect(events.results.map(\.status) == [.success, .success])
    }
}
#endif
