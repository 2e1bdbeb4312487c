#if os(Linux)
import Foundation
import PRXKernel
@testable import PRXPlugins
import PRXTesting
import Testing

@Suite struct StrayProcessesTests {
    /// The state letter of `pid` in `/proc/PID/stat` (`Z` for a zombie), or `nil` once it is reaped.
    private static func state(of pid: pid_t) -> Substring? {
        guard let stat = try? String(contentsOfFile: "/proc/\(pid)/stat", encoding: .utf8) else { return nil }
        return stat.split(separator: ")").last?.split(separator: " ").first
    }

    /// A process a task left in a session of its own that has since exited is a zombie of prx's (its subreaper)
    /// until reaped; the monitor loop reaps such zombies every second so that they cannot pile up, also once no
    /// task runs. (Stopping the strays that run is tested on the prx command alone. In a process of its own, as every
    /// test whose executor adopts orphans: see ``OrphanAdoptionTests``.)
    @Test func aStrayThatExitedIsReaped() async {
        await #expect(processExitsWith: .success) {
            let directory = try TemporaryDirectory()
            defer { directory.remove() }
            let pidFile = directory.file("pid")
            let daemon = "setsid sh -c 'echo $$ > \(pidFile).new; mv \(pidFile).new \(pidFile); sleep 0.2' &"
            let task = TaskSpec(
                id: TaskID(1), label: "daemon",
                argv: ["/bin/sh", "-c", "\(daemon) while [ ! -e '\(pidFile)' ]; do sleep 0.01; done"])
            let executor = LocalProcessExecutor(configuration: .init(adoptsOrphans: true))
            let result = await executor.execute(task, context: ExecutionContext(workerID: 1))
            #expect(result.status == .success)
            let stray = try #require(pid_t(try directory.read("pid").trimmingCharacters(in: .whitespacesAndNewlines)))
            for _ in 0..<500 where Self.state(of: stray) != nil {
                try await Task.sleep(for: .milliseconds(20))
            }
            #expect(Self.state(of: stray) == nil)
        }
    }
}
#endif
