import Foundation
import PRXTesting
import Testing

/// prx under a memory limit (`ulimit -v`) that leaves little room for what its run needs.
///
/// The run is held to 200 MB of address space, and a recipe's `cmd` function fills what prx leaves of it with
/// strings of 1 MB until Lua runs short, keeping all but two: no stack of the default size (8 MB) fits any more,
/// while prx's own allocations find room in the 2 MB let go of. Each string is made whole (no temporary string to
/// collect), so nothing else goes back. The strings take what the limit leaves, about 60 MB.
@Suite(.runsProcesses) struct MemoryLimitTests {
    /// The recipe: `a` takes the memory, then starts `true`, and `b` runs after it.
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

    /// Tasks started once memory is short run: prx's process monitor thread is started as the run begins, with a
    /// stack of 512 KiB. It started with the first task, with a stack of the stack limit's size, which memory then
    /// refused: `a` was `ERROR` ("cannot start prx's process monitor thread: Cannot allocate memory"), and so was
    /// every task after it, with nothing said on standard error. (Refused for memory, the thread was once taken for
    /// the process limit: the task waited 5 s, the warning blamed `ulimit -u`, and prx could then hang.)
    @Test func tasksStartedOnceMemoryIsShortRun() async throws {
        let bench = try Workbench()
        defer { bench.root.remove() }
        try bench.root.write("recipe.lua", Self.recipe)
        // The default stack of a thread is the stack limit's: 8 MB, whatever the machine's limit.
        let outcome = try await bench.prx(["run", "recipe.lua", "-r"], ulimit: "-s 8192", "-v 200000")
        #expect(outcome.status == 0, "\(outcome.stderr)")
        let rows = try await bench.summaryRecords().map {
            "\($0["task_file"] ?? "") \($0["status"] ?? "") \($0["error_message"] ?? "")"
        }
        #expect(rows == ["a SUCCESS ", "b SUCCESS "], "\(rows)")
    }
}
