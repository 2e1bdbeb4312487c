import Foundation
import PRXTesting
import Testing

/// The test helpers' waits for a process (``PRXProcess/wait()``) hold no thread of Swift's pool.
@Suite(.runsProcesses) struct ProcessWaitTests {
    /// More runs than the pool has threads are awaited at once, each ending once a file exists that a task of the pool
    /// writes after they started. A wait that blocked its thread held them all: the file was not written until the
    /// runs were killed, 20 s on, and every in-process async test of the suite waited as long behind such waits.
    @Test func awaitedRunsLeaveThePoolToOtherTasks() async throws {
        let bench = try Workbench()
        defer { bench.root.remove() }
        let go = bench.root.file("go")
        let runs = ProcessInfo.processInfo.activeProcessorCount + 1
        let statuses = try await withThrowingTaskGroup(of: Int32?.self) { group in
            for _ in 0..<runs {
                group.addTask {
                    let run = try PRXProcess(
                        ["-c", "while [ ! -e \"$0\" ]; do sleep 0.05; done", go], executable: "/bin/sh",
                        home: bench.home)
                    return await run.wait(killingAfter: 20).status
                }
            }
            group.addTask {
                _ = FileManager.default.createFile(atPath: go, contents: nil)
                return nil
            }
            return try await group.reduce(into: [Int32]()) { statuses, status in
                if let status { statuses.append(status) }
            }
        }
        #expect(statuses == [Int32](repeating: 0, count: runs))
    }
}
