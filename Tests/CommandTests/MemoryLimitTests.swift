import Foundation
import PRXTesting
import Testing

/// prx under a memory limit (`ulimit -v`) that leaves no room for what a task's start needs.
///
/// The run is held to 200 MB of address space, and a recipe's `cmd` function fills what prx leaves of it with
/// strings of 1 MB until Lua runs short, keeping all but two: no thread's stack fits any more, while prx's own
/// allocations find room in the 2 MB let go of. Each string is made whole (no temporary string to collect), so
/// nothing else goes back. The strings take what the limit leaves, about 60 MB.
@Suite(.runsProcesses) struct MemoryLimitTests {
    /// The recipe: `a` takes the memory, then starts `true`, which needs prx's process monitor thread, and `b`
    /// would run after it.
    private static let recipe = """
        prx.task { name = "a", cmd = function()
          hog = {}
          pcall(function() while true do hog[#hog + 1] = string.rep("x", 1e6) end end)
          hog[#hog] = nil
          hog[#hog] = nil
          collectgarbage()
          return { "true" }
        end }
        prx.task { "true", name = "b", after = "a" }
        """

    /// A start that memory refused with no task of prx's running (no room for the process monitor thread's stack,
    /// which `pthread_create` reports as `EAGAIN`) was taken for the process limit: prx warned "process limit
    /// reached: ulimit -u, or the cgroup's pids.max", the task waited 5 s for a process to be given back, and in
    /// that time Dispatch's idle thread ended, whose place Dispatch then retried for ever to fill: prx hung. Now the
    /// task is `ERROR` at once with "Cannot allocate memory", and the run ends.
    @Test func aStartMemoryRefusesWithNoTaskRunningIsAnErrorAtOnce() async throws {
        let bench = try Workbench()
        defer { bench.root.remove() }
        try bench.root.write("recipe.lua", Self.recipe)
        // The default stack of a thread is the stack limit's: 8 MB, whatever the machine's limit.
        let limited = ["-c", #"ulimit -s 8192 && ulimit -v 200000 && exec "$0" "$@""#, PRXProcess.executablePath,
                       "run", "recipe.lua", "-r"]
        let run = try PRXProcess(limited, executable: "/bin/sh", home: bench.home, directory: bench.root.path)
        let outcome = await run.wait(killingAfter: 30)
        #expect(outcome.status == 1, "\(outcome.stderr)")
        #expect(!outcome.stderr.contains("cannot start more processes"), "\(outcome.stderr)")
        let message = "cannot start prx's process monitor thread: Cannot allocate memory"
        let rows = try await bench.summaryRecords().map {
            "\($0["task_file"] ?? "") \($0["status"] ?? "") \($0["error_message"] ?? "")"
        }
        #expect(rows == ["a ERROR \(message)", "b SKIPPED dependency a ended ERROR"], "\(rows)")
        let log = try String(contentsOfFile: try #require(bench.logFiles(endingWith: ".log").first), encoding: .utf8)
        #expect(log.contains("Task failed: a - \(message)\n"), "\(log)")
        #expect(!log.contains("process limit"), "\(log)")
    }
}
