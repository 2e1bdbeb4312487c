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
        (["run", "recipe.lua"], 0, "# dry run: 1 task; add -r to run it"),
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

    /// A metamethod Lua's garbage collector calls during the run, here in `on_finish` (`collectgarbage()`), is beyond
    /// the interruption's reach as a call blocked in a C function is: a second after the interruption, prx stops its
    /// tasks, ends the journal and exits with 143, with a warning naming the call; the warning said it was blocked
    /// in a C function "such as io.read or string.find", which sent the reader looking for one.
    @Test func aLoopingFinalizerCalledInAHookEndsPrxAfterASignal() async throws {
        let bench = try Workbench()
        defer { bench.root.remove() }
        try bench.root.write("recipe.lua", """
            prx.task { sh = "echo hi", name = "a" }
            prx.on_finish(function(task)
              setmetatable({}, { __gc = function() prx.write("looping", "yes") while true do end end })
              collectgarbage()
            end)
            """)
        let run = try await bench.prxOnceLooping(["run", "recipe.lua", "-r"])
        kill(run.process.processIdentifier, SIGTERM)
        let outcome = await run.wait(killingAfter: 30)
        #expect(outcome.status == 143, "\(outcome.stderr)")
        #expect(outcome.stderr.contains(
            "prx: warning: recipe.lua:2: on_finish did not give way to SIGTERM (blocked in a C function such as "
                + "io.read or string.find, or in a __gc metamethod); prx exits without it"), "\(outcome.stderr)")
        let journal = try String(contentsOfFile: try #require(bench.journals().first), encoding: .utf8)
        #expect(journal.split(separator: "\n").last?.contains(#""event":"run_finished""#) == true, "\(journal)")
    }

    /// The collector may as well call the metamethod as prx pushes a hook's arguments, before the hook runs: the
    /// interruption counted only the hook's run as its call, so it saw no Lua code running then and did nothing, and
    /// the watchdog ended prx 18 s after the SIGTERM ("the run made no progress"), the journal left without its end.
    /// Now the call counts from the pushing of its arguments: prx ends as for a call blocked in a C function. The
    /// generational collector, its minor collections a small step apart, collects the value dropped by `a`'s
    /// `on_finish` as the next task's result is pushed (a Lua string of its 1000 characters of output among them).
    @Test func aLoopingFinalizerCalledAsAHooksArgumentsArePushedEndsPrxAfterASignal() async throws {
        let bench = try Workbench()
        defer { bench.root.remove() }
        try bench.root.write("recipe.lua", """
            prx.config { workers = 1 }
            prx.task { "true", name = "a" }
            for i = 1, 20 do prx.task { sh = "printf '%01000d' 0", name = "b" .. i, after = "a" } end
            prx.on_finish(function(task)
              if task.name == "a" then
                collectgarbage("generational", 1)
                setmetatable({}, { __gc = function() prx.write("looping", "yes") while true do end end })
              end
            end)
            """)
        let run = try await bench.prxOnceLooping(["run", "recipe.lua", "-r"])
        kill(run.process.processIdentifier, SIGTERM)
        let outcome = await run.wait(killingAfter: 30)
        #expect(outcome.status == 143, "\(outcome.stderr)")
        #expect(outcome.stderr.contains("prx: warning: recipe.lua:4: on_finish did not give way to SIGTERM"),
            "\(outcome.stderr)")
        #expect(!outcome.stderr.contains("made no progress"), "\(outcome.stderr)")
        let journal = try String(contentsOfFile: try #require(bench.journals().first), encoding: .utf8)
        #expect(journal.split(separator: "\n").last?.contains(#""event":"run_finished""#) == true, "\(journal)")
    }
}
