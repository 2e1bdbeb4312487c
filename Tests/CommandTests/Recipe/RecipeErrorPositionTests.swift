import Foundation
import PRXTesting
import Testing

/// Every error and warning about a recipe names the file and line it is about (`recipe.lua:12: message`), as
/// RECIPES.md promises.
@Suite(.runsProcesses) struct RecipeErrorPositionTests {
    /// A string that is not UTF-8, returned by a `stop_when` function, is an error at the line where the function
    /// is defined; it named no line. Returned by a `cmd` function, it is at the line of the task's `prx.task`, naming
    /// the task, as every error in what a `cmd` function returns is.
    @Test func aStringThatIsNotUTF8ReturnedByAFunctionNamesItsLine() async throws {
        let bench = try Workbench()
        defer { bench.root.remove() }
        try bench.root.write("recipe.lua", #"""
            prx.task { "true", name = "a" }
            prx.task { name = "b",
                       cmd = function() return { "echo", "\255" } end }
            prx.stop_when(function(s)
              return "\255"
            end)
            """#)
        let outcome = try await bench.prx(["run", "recipe.lua", "-r", "-m", "1"])
        let notUTF8 = "is not UTF-8 (it reads '\\xff'); prx takes text as UTF-8"
        let warning = try #require(outcome.stderr.split(separator: "\n").first { $0.contains(notUTF8) })
        #expect(warning == "prx: warning: recipe.lua:4: returned a string that \(notUTF8) (in stop_when)")
        let message = try #require(try await bench.summaryRecords().first { $0["task_file"] == "b" }?["error_message"])
        #expect(message == #"recipe.lua:2: task "b": cmd returned a table whose element 2 "# + notUTF8, "\(message)")
    }

    /// An error whose message Lua gives no position (`error` at level 0, or at level 2 from the recipe's top
    /// level, a number, an object with `__tostring`) is named at the line that raised it; it was the bare message.
    @Test(arguments: [
        (#"error("lvl2", 2)"#, "lvl2"), (#"error("x", 0)"#, "x"), ("error(42)", "42"),
        (#"error(setmetatable({}, { __tostring = function() return "obj" end }))"#, "obj"),
    ])
    func anErrorWithoutAPositionIsNamedAtTheLineThatRaisedIt(raise: String, message: String) async throws {
        let bench = try Workbench()
        defer { bench.root.remove() }
        try bench.root.write("recipe.lua", "prx.task { \"true\" }\n\(raise)\n")
        let outcome = try await bench.prx(["run", "recipe.lua", "-r"])
        #expect(outcome.status == 2)
        #expect(outcome.stderr == "prx: error: recipe.lua:2: \(message)\n")
    }

    /// A file that is a precompiled chunk, and one nested too deeply for Lua's parser to compile, stopped prx naming no
    /// file (`prx: error: C stack overflow`), as a recipe and as the file of `--hook`, `--parser` and
    /// `--stop-policy`: each names the file now (Lua's parser does not say the second's line).
    @Test(arguments: [
        ("\u{1B}LuaT\0", "file.lua: attempt to load a binary chunk (mode is 't')"),
        ("-- nested\nlocal t = " + String(repeating: "{", count: 300) + String(repeating: "}", count: 300),
         "file.lua: C stack overflow"),
    ])
    func aLoadErrorLuaGivesNoPositionNamesTheFile(contents: String, message: String) async throws {
        let bench = try Workbench()
        defer { bench.root.remove() }
        try bench.root.write("file.lua", contents)
        try bench.root.write("args.txt", "a\n")
        let flags = ["-A", "args.txt", "-C", "echo @ARG@"]
        for arguments in [
            ["run", "file.lua"], flags + ["--hook", "file.lua"], flags + ["--parser", "file.lua"],
            flags + ["--stop-policy", "file.lua"],
        ] {
            let outcome = try await bench.prx(arguments)
            #expect(outcome.status == 2, "\(arguments)")
            #expect(outcome.stderr == "prx: error: \(message)\n", "\(arguments)")
        }
    }

    /// The same in a hook's warning; and a `cmd` function's argument holding a NUL byte is an error naming the task
    /// and the line of its definition, where the task failed to start with "argument 2 contains a NUL byte".
    @Test func hookErrorsWithoutAPositionAndNULBytesFromCmdNameTheirLines() async throws {
        let bench = try Workbench()
        defer { bench.root.remove() }
        try bench.root.write("recipe.lua", #"""
            prx.task { "true", name = "a" }
            prx.task { name = "b", after = "a", cmd = function() return { "echo", "a\0b" } end }
            prx.stop_when(function(s)
              error("sw", 0)
            end)
            """#)
        let outcome = try await bench.prx(["run", "recipe.lua", "-r", "-m", "1"])
        #expect(outcome.stderr.contains("prx: warning: recipe.lua:4: sw (in stop_when)\n"), "\(outcome.stderr)")
        let message = try #require(try await bench.summaryRecords().first { $0["task_file"] == "b" }?["error_message"])
        #expect(message == #"recipe.lua:2: task "b": cmd result element 2 must not contain a NUL byte, "#
            + "which no program can be given")
    }

    /// Lua code stopped by SIGTERM because it did not return is an error at the line it was running, in every
    /// hook's warning and a `cmd` function's; it named no line (Lua's `luaL_error` names the caller of the running
    /// function, and prx's call has none).
    @Test func luaCodeInterruptedByASignalNamesTheLineItWasRunning() async throws {
        let bench = try Workbench()
        defer { bench.root.remove() }
        try bench.root.write("recipe.lua", """
            prx.config { workers = 1 }
            prx.task { "true", name = "a" }
            prx.task { "true", name = "b" }
            prx.stop_when(function(s)
              while true do end
            end)
            prx.on_finish(function(t, r)
              if t.name == "a" then prx.write("looping", "yes") end
              while true do end
            end)
            prx.on_done(function(s, rs)
              while true do end
            end)
            """)
        let run = try await bench.prxOnceLooping(["run", "recipe.lua", "-r"])
        kill(run.process.processIdentifier, SIGTERM)
        let outcome = await run.wait()
        #expect(outcome.status == 143, "\(outcome.stderr)")
        let warnings = outcome.stderr.split(separator: "\n").filter { $0.contains(interrupted) }
        #expect(warnings == [
            "prx: warning: recipe.lua:9: \(interrupted) (in on_finish)",
            "prx: warning: recipe.lua:5: \(interrupted) (in stop_when)",
            "prx: warning: recipe.lua:9: \(interrupted) (in on_finish)",
            "prx: warning: recipe.lua:12: \(interrupted) (in on_done)",
        ])
        #expect(try await bench.summaryRecords().compactMap { $0["status"] } == ["SUCCESS", "CANCELLED"])
    }

    /// A `cmd` function so stopped leaves its task CANCELLED, as every task the run did not start, and its warning
    /// names the line: its CSV message did.
    @Test func aCmdFunctionInterruptedByASignalIsAWarningNamingTheLine() async throws {
        let bench = try Workbench()
        defer { bench.root.remove() }
        try bench.root.write("recipe.lua", """
            prx.task { name = "a", cmd = function()
              prx.write("looping", "yes")
              while true do end
            end }
            """)
        let run = try await bench.prxOnceLooping(["run", "recipe.lua", "-r"])
        kill(run.process.processIdentifier, SIGTERM)
        let outcome = await run.wait()
        #expect(outcome.status == 143, "\(outcome.stderr)")
        #expect(outcome.stderr.contains("prx: warning: recipe.lua:3: \(interrupted) (in cmd of task \"a\")\n"))
        let rows = try await bench.summaryRecords()
        #expect(rows.map { "\($0["status"]!) \($0["error_message"]!)" } == ["CANCELLED run interrupted"])
    }

    /// A load error about a task a function declared named the `prx.task` line in the function alone, the same for
    /// every call: `mk("a")` on lines 3 and 4 gave `recipe.lua:1: duplicate task name "a" (first defined at
    /// recipe.lua:1)`, and an unknown task, a task after itself or a cycle named line 1 too. Now each names the lines
    /// that called the function as well, the nearest and the top-level one (those between left out).
    @Test(arguments: [
        (#"mk("a")"#, #"mk("a")"#,
         #"recipe.lua:1: duplicate task name "a" (called from recipe.lua:4; first defined at recipe.lua:1, "#
            + "called from recipe.lua:3)"),
        (#"mk("b", "x")"#, #"mk("c")"#,
         #"recipe.lua:1: task "b" runs after unknown task "x" (called from recipe.lua:3)"#),
        (#"mk("c")"#, #"mk("b", "b")"#, #"recipe.lua:1: task "b" runs after itself (called from recipe.lua:4)"#),
        (#"mk("a", "b")"#, #"mk("b", "a")"#, "recipe.lua:1: dependency cycle: a -> b -> a (called from recipe.lua:3)"),
        (#"deep(2, "d")"#, #"prx.task { "true", name = "d" }"#,
         #"recipe.lua:4: duplicate task name "d" (first defined at recipe.lua:1, called from recipe.lua:2, …, "#
            + "recipe.lua:3)"),
        // Called through the same lines, `a` in recipe.lua and `b` in another chunk keep their own chunks.
        (#"mk("a") load('prx.task { "true", name = "b" }', "=gen")()"#, #"prx.task { "true", name = "b" }"#,
         #"recipe.lua:4: duplicate task name "b" (first defined at gen:1, called from recipe.lua:3)"#),
    ])
    func aLoadErrorAboutATaskAFunctionDeclaredNamesTheLinesThatCalledIt(
        first: String, second: String, message: String
    ) async throws {
        let bench = try Workbench()
        defer { bench.root.remove() }
        try bench.root.write("recipe.lua", """
            local function mk(n, a) return prx.task { "true", name = n, after = a } end
            local function deep(k, n) if k == 0 then mk(n) else deep(k - 1, n) end end
            \(first)
            \(second)
            """)
        let outcome = try await bench.prx(["run", "recipe.lua"])
        #expect(outcome.status == 2)
        #expect(outcome.stderr == "prx: error: \(message)\n")
    }

    /// A Lua error raised in a helper function named the helper's line alone, the same for every call: a `cmd`
    /// function calling `helper("b")` on line 5 made task b `ERROR` with `recipe.lua:1: bad b`, and so did a hook's
    /// warning and a load error. Now each names the lines that called the helper, as a task's load errors do.
    @Test func aLuaErrorInAHelperFunctionNamesTheLinesThatCalledIt() async throws {
        let bench = try Workbench()
        defer { bench.root.remove() }
        try bench.root.write("recipe.lua", """
            local function helper(x) error("bad " .. x) end
            prx.task { "true", name = "a" }
            prx.task { name = "b", after = "a", cmd = function(deps)
              local command = { "echo", deps.a.status }
              helper("b")
              return command
            end }
            prx.on_finish(function(task, result)
              if task.name == "a" then helper("a") end
            end)
            """)
        let outcome = try await bench.prx(["run", "recipe.lua", "-r", "-m", "1"])
        #expect(outcome.status == 1)
        let rows = try await bench.summaryRecords()
        #expect(rows.map { "\($0["task_file"]!) \($0["status"]!) \($0["error_message"]!)" }
            == ["a SUCCESS ", "b ERROR recipe.lua:1: bad b (called from recipe.lua:5)"])
        let warning = "prx: warning: recipe.lua:1: bad a (called from recipe.lua:9) (in on_finish)\n"
        #expect(outcome.stderr.contains(warning), "\(outcome.stderr)")
        try bench.root.write("load.lua", """
            local function helper(x) error("bad " .. x) end
            local function declare(n) helper(n) end
            declare("c")
            """)
        let load = try await bench.prx(["run", "load.lua", "-r"])
        #expect(load.status == 2)
        #expect(load.stderr == "prx: error: load.lua:1: bad c (called from load.lua:2, load.lua:3)\n")
    }

    /// An unnamed task whose default name (`task<N>`) another task has was a duplicate at a line that gives no name,
    /// `recipe.lua:2: duplicate task name "task2"`, and the same when the first task was the unnamed one; now the
    /// message says which name was the default one. A task named as it would have been by default is not called
    /// unnamed.
    @Test(arguments: [
        (#"prx.task { "true", name = "task2" }"#, #"prx.task { "true" }"#,
         #"recipe.lua:2: duplicate task name "task2", the default name of this unnamed task "#
            + "(first defined at recipe.lua:1)"),
        (#"prx.task { "true" }"#, #"prx.task { "true", name = "task1" }"#,
         #"recipe.lua:2: duplicate task name "task1" (first given by default to an unnamed task at recipe.lua:1)"#),
        (#"prx.task { "true", name = "task1" }"#, #"prx.task { "true", name = "task1" }"#,
         #"recipe.lua:2: duplicate task name "task1" (first defined at recipe.lua:1)"#),
    ])
    func aDuplicateOfADefaultNameSaysItWasTheDefault(first: String, second: String, message: String) async throws {
        let bench = try Workbench()
        defer { bench.root.remove() }
        try bench.root.write("recipe.lua", "\(first)\n\(second)\n")
        let outcome = try await bench.prx(["run", "recipe.lua"])
        #expect(outcome.status == 2)
        #expect(outcome.stderr == "prx: error: \(message)\n")
    }

    /// The warning about a task's timeout over the configuration's cap, which names the task's definition, names the
    /// line that called the function declaring it too; it named the line in the function alone.
    @Test func aTimeoutWarningAboutATaskAFunctionDeclaredNamesTheLineThatCalledIt() async throws {
        let bench = try Workbench()
        defer { bench.root.remove() }
        try bench.root.write("cfg/prx.yaml", "limits:\n  max_allowed_timeout: 1\n")
        try bench.root.write("recipe.lua", """
            local function mk(n, t) prx.task { "true", name = n, timeout = t } end
            mk("long", 30)
            """)
        let outcome = try await bench.prx(
            ["run", "recipe.lua"], environment: ["PRX_CONFIG_DIR": bench.root.file("cfg")])
        #expect(outcome.status == 0, "\(outcome.stderr)")
        #expect(outcome.stderr.contains(
            "prx: warning: recipe.lua:1: task long, called from recipe.lua:2, timeout 30 is above "
                + "limits.max_allowed_timeout 1"), "\(outcome.stderr)")
    }

    private let interrupted = "interrupted: prx was told to stop and this Lua code did not return"
}
