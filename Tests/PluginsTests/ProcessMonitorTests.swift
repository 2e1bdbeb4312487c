#if os(Linux)
import Foundation
import Glibc
import PRXKernel
@testable import PRXPlugins
import Testing

@Suite struct ProcessMonitorTests {
    /// The spawn returns before the child has made its session, so a task may have to be stopped while it leads no
    /// process group yet. A child started without a session of its own stays in that state for good: the monitor,
    /// which signals process groups, must reach it by its own id.
    @Test func aTaskThatLeadsNoGroupYetIsStoppedByItsOwnID() async throws {
        let monitor = ProcessMonitor(settings: ProcessMonitor.Settings(
            terminationGrace: .seconds(5), outputLimit: 100, useProcessGroups: true, adoptsOrphans: false))
        try monitor.start()
        let spawner = ProcessSpawner(
            environment: SpawnEnvironment([:]), defaultWorkingDirectory: nil, newSession: false,
            searchPath: "/bin:/usr/bin")
        let task = TaskSpec(id: 1, label: "sleep", argv: ["sleep", "30"])
        let process = try spawner.spawn(task)
        let report = await monitor.watch(
            ProcessMonitor.Request(
                process: process, taskID: task.id, timeout: .milliseconds(200), heartbeat: nil, output: nil,
                start: .now),
            latch: CancellationLatch())
        #expect(spawner.release(process, of: task) == nil)
        #expect(report.stopCause == .timeout)
        // SIGTERM, at the time limit: not SIGKILL after the grace, nor the end of the 30 s sleep.
        #expect(report.exit?.status == .signaled(SIGTERM))
        #expect(report.end - report.leaderEnd < .seconds(5))
    }
}
#endif
