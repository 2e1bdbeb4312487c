import Foundation
import PRXTesting
import Testing

/// A `__gc` metamethod that does not return: Lua calls those with its hooks off, so that the interruption that stops
/// Lua code after a signal never reaches one.
@Suite(.runsProcesses) struct LuaFinalizerTests {
    /// The metamethod of a value still alive at the end, in a recipe, a recipe that fails to load or a flags-mode Lua
    /// file.
    private static let loopingFinalizer = """
        keep = setmetatable({}, { __gc = function() io.stderr:write("finalizer ran\\n") while true do end end })
        """

    /// prx closed its Lua states as it ended, which calls the metamethods of the values still alive: one that loops
    /// held prx after its report (or its dry run, or its error line) for good, and a SIGTERM then ended it by the
    /// watchdog, 18 s later, with 143 and "the run made no progress …; prx exits without the results it had not
    /// written", though every result was written. Now prx leaves its Lua states open as it ends: the metamethod
    /// never runs, and prx exits at once with the run's own status.
    @Test(arguments: [
        (["run", "recipe.lua", "-r"], 0, "Completed Successfully: 1\n"),
        (["run", "recipe.lua"], 0, "# dry run: 1 tasks; add -r to run them"),
        (["run", "broken.lua", "-r"], 2, "prx: error: broken.lua:2: broken"),
        (["-A", "args.txt", "-C", "true @ARG@", "--hook", "hooks.lua", "--parser", "parse.lua",
          "--stop-policy", "policy.lua", "-r"], 0, "Completed Successfully: 1\n"),
    ])
    func aLoopingFinalizerOfAValueAliveAtTheEndDoesNotHoldPrx(
        arguments: [String], status: Int32, shown: String
    ) async throws {
        let bench = try Workbench()
        defer { bench.root.remove() }
        let keep = Self.loopingFinalizer
        try bench.root.write("recipe.lua", "\(keep)\nprx.task { sh = \"echo hi\", name = \"a\" }\n")
        try bench.root.write("broken.lua", "\(keep)\nerror(\"broken\")\n")
        try bench.root.write("hooks.lua", "\(keep)\nreturn { on_finish = function() end }\n")
        try bench.root.write("parse.lua", "\(keep)\nreturn function(line) return line end\n")
        try bench.root.write("policy.lua", "\(keep)\nreturn function(stats) return false end\n")
        try bench.root.write("args.txt", "1\n")
        let run = try PRXProcess(arguments, home: bench.home, directory: bench.root.path)
        let outcome = await run.wait(killingAfter: 20)
        #expect(outcome.status == status, "\(outcome.stderr)")
        #expect((outcome.stdout + outcome.stderr).contains(shown), "\(outcome.stdout)\(outcome.stderr)")
        #expect(!outcome.stderr.contains("finalizer ran"), "\(outcome.stderr)")
    }
}
