import Foundation
import PRXTesting
import Testing

/// Lua running out of memory names the recipe's line, as every other Lua error does. Lua raises "not enough memory"
/// with no position and calls no message handler for it, so the bridge notes the line as the allocation fails.
///
/// Each run is held to 400 MB of address space (`ulimit -v`), far below the machine's memory: the recipe fills a
/// table with strings of 1 MB until Lua runs short.
@Suite(.runsProcesses) struct LuaMemoryErrorTests {
    /// The Lua code that runs out of memory.
    private static let exhaust = #"local t = {} for i = 1, 100000 do t[i] = string.rep("x", 1e6) .. i end"#

    /// How long a run may take before it is taken for hung and killed. A guard, not a bound: the runs take 0.8 to 6.4 s
    /// of CPU in a debug build (the last test's most, spent on its task's 8 MB name by the sinks and the recipe's
    /// graph), each the same from run to run, and the suite runs four at once. Four of the last test's runs at once
    /// beside two busy loops and another build took 55 to 60 s each, every one ending as it should, against a guard of
    /// 60 s, which killed such runs on a loaded machine.
    private static let hangGuard: Double = 240

    /// Runs prx with `arguments` and `environment` in `bench`, its address space held to 400 MB.
    private func prxWithLittleMemory(
        _ arguments: [String], environment: [String: String] = [:], in bench: Workbench
    ) async throws -> PRXProcess.Outcome {
        try await bench.prx(arguments, ulimit: "-v 400000", environment: environment, killingAfter: Self.hangGuard)
    }

    /// A recipe that ran out of memory as it loaded stopped prx with `prx: error: not enough memory`, naming no
    /// file; it names the line.
    @Test func runningOutOfMemoryAsTheRecipeLoadsNamesTheLine() async throws {
        let bench = try Workbench()
        defer { bench.root.remove() }
        try bench.root.write("recipe.lua", "prx.task { \"true\", name = \"a\" }\n\(Self.exhaust)\n")
        let outcome = try await prxWithLittleMemory(["run", "recipe.lua", "-r"], in: bench)
        #expect(outcome.status == 2)
        #expect(outcome.stderr == "prx: error: recipe.lua:2: not enough memory\n")
    }

    /// A recipe too large to compile names the file, as no line of it runs yet: three million distinct string
    /// constants (30 MB of source) take more than the 400 MB to compile. One malloc arena: a second, which a thread
    /// of prx makes or not as the threads happen to meet, takes 64 MB of the 400, and with the limit there Lua's
    /// emergency collections of the parser's millions of strings took the compile from 2 s to over 50 on a loaded
    /// machine, past the test's minute (1 run in 8 under three busy loops; none in 40 with one arena).
    @Test func runningOutOfMemoryAsTheRecipeCompilesNamesTheFile() async throws {
        let bench = try Workbench()
        defer { bench.root.remove() }
        let write = #"{ printf 'local t = {'; seq -f '"%.0f",' 3000000; printf '}\n'; } > recipe.lua"#
        _ = try await PRXProcess.run(["-c", write], executable: "/bin/sh", home: bench.home, directory: bench.root.path)
        let outcome = try await prxWithLittleMemory(
            ["run", "recipe.lua"], environment: ["GLIBC_TUNABLES": "glibc.malloc.arena_max=1"], in: bench)
        #expect(outcome.status == 2)
        #expect(outcome.stderr == "prx: error: recipe.lua: not enough memory\n")
    }

    /// A `cmd` function that ran out of memory left its task `ERROR` with "not enough memory" and no line, and the
    /// table it was filling held the memory: prx could not start the next task's process ("cannot start more
    /// processes") and waited for ever. `on_done`'s warning named no line either. Now the message names the line,
    /// and the garbage of the failed call is collected at once, so the run goes on.
    @Test func runningOutOfMemoryInACmdFunctionOrAHookNamesTheLineAndTheRunGoesOn() async throws {
        let bench = try Workbench()
        defer { bench.root.remove() }
        try bench.root.write("recipe.lua", """
            prx.task { name = "a", cmd = function()
              \(Self.exhaust)
            end }
            prx.task { "true", name = "b", after = "a", after_any = true }
            prx.on_done(function()
              \(Self.exhaust)
            end)
            """)
        let outcome = try await prxWithLittleMemory(["run", "recipe.lua", "-r"], in: bench)
        #expect(outcome.status == 1, "\(outcome.stderr)")
        #expect(outcome.stderr.contains("prx: warning: recipe.lua:6: not enough memory (in on_done)\n"),
            "\(outcome.stderr)")
        let rows = try await bench.summaryRecords().map {
            "\($0["task_file"] ?? "") \($0["status"] ?? "") \($0["error_message"] ?? "")"
        }
        #expect(rows == ["a ERROR recipe.lua:2: not enough memory", "b SUCCESS "], "\(rows)")
    }

    /// prx pushed a hook's arguments onto Lua's stack outside any protected call: when Lua had no memory left for
    /// them, Lua raised its error unprotected, its panic handler aborted prx (`PANIC: unprotected error in call to Lua
    /// API (not enough memory)`, SIGABRT), and the run's end went unwritten (no summary report, no `run_finished` in
    /// its journal). Now the arguments are made under `lua_pcall`: it is the hook's error like any other, a warning at
    /// the line where the hook is defined, and the run ends as usual. `on_done` never runs, so its 3 is not the exit
    /// status.
    ///
    /// The memory is filled as the last `on_finish` returns, so that `on_done` is what runs short: its `results` hold
    /// the first task's 8 MB name, which Lua copies. One malloc arena and a fixed mmap threshold make what is left
    /// predictable: filling with ever smaller strings leaves almost nothing, and the four 1 MB strings given back
    /// (unmapped at once) are room for prx's own work afterwards but not for the 8 MB string.
    @Test func runningOutOfMemoryAsAHookIsHandedItsArgumentsIsTheHooksError() async throws {
        let bench = try Workbench()
        defer { bench.root.remove() }
        try bench.root.write("recipe.lua", """
            local name = string.rep("n", 8e6)
            prx.task { "true", name = name }
            prx.task { "true", name = "last", after = name }
            hold = {}
            local function fill(size)
              local chunks = {}
              hold[#hold + 1] = chunks
              pcall(function() while true do chunks[#chunks + 1] = string.rep("y", size) .. #chunks end end)
            end
            prx.on_finish(function(task)
              if task.name ~= "last" then return end
              for _, size in ipairs { 1e6, 1e5, 1e4, 1e3, 1e2 } do fill(size) end
              for _ = 1, 4 do table.remove(hold[1]) end
              collectgarbage()
            end)
            prx.on_done(function(summary, results)
              return 3
            end)
            """)
        let outcome = try await prxWithLittleMemory(
            ["run", "recipe.lua", "-r"],
            environment: ["GLIBC_TUNABLES": "glibc.malloc.arena_max=1:glibc.malloc.mmap_threshold=131072"],
            in: bench)
        #expect(outcome.status == 0, "\(outcome.stderr.prefix(2000))")
        #expect(outcome.stderr == "prx: warning: recipe.lua:16: not enough memory (in on_done)\n")
        #expect(outcome.stdout.contains("Total Tasks: 2\nCompleted Successfully: 2\n"))
        // Read here, as Python's csv module takes no field of 8 MB.
        let summary = try #require(bench.logFiles(endingWith: "_summary.csv").first)
        let rows = try String(contentsOfFile: summary, encoding: .utf8).split(separator: "\n").dropFirst()
        #expect(rows.map { $0.split(separator: ";")[2] } == ["SUCCESS", "SUCCESS"])
    }
}
