import Foundation
import PRXTesting
import Testing

/// What prx says about a recipe's values says what is wrong with them, where.
@Suite(.runsProcesses) struct RecipeMessageTests {
    /// The table a `cmd` function returns is checked as `prx.task` checks its own: an unknown field was ignored,
    /// `sh` beside an argv list ran `sh` silently, `sh = 5` was "a table without a program", and a `nil` among the
    /// words was an unknown field `[3]`. A string that is not UTF-8 shows its bytes, where it showed U+FFFD in their
    /// place, and which word it is.
    @Test(arguments: [
        (#"{ "echo", "x", bogus = 1 }"#,
         #"recipe.lua:1: task "t": cmd returned an unknown field 'bogus' (valid: sh, or an argv list)"#),
        (#"{ sh = "echo x", "echo" }"#,
         #"recipe.lua:1: task "t": cmd returned both an argv list and sh: give one of them"#),
        ("{ sh = 5 }", #"recipe.lua:1: task "t": cmd result sh must be a string (got number)"#),
        // Was "cmd returned an unknown field [3]".
        (#"{ "echo", nil, "x" }"#,
         #"recipe.lua:1: task "t": cmd result element 2 is nil, which ends the list before element 3"#),
        (#"{ "echo", "na\195\175ve\255" }"#,
         #"recipe.lua:1: task "t": cmd returned a table whose element 2 is not UTF-8 (it reads 'na\xc3\xafve\xff'); "#
            + "prx takes text as UTF-8"),
    ])
    func whatACmdFunctionReturnsIsCheckedAsPrxTaskChecksItsTable(returned: String, message: String) async throws {
        let bench = try Workbench()
        defer { bench.root.remove() }
        try bench.root.write("recipe.lua", "prx.task { name = \"t\", cmd = function() return \(returned) end }\n")
        let outcome = try await bench.prx(["run", "recipe.lua", "-r"])
        #expect(outcome.status == 1)
        let rows = try await bench.summaryRecords()
        #expect(rows.map { $0["status"] } == ["ERROR"])
        #expect(rows.first?["error_message"] == message)
    }

    /// What a `cmd` function returns that cannot run is named with the task and the line of its `prx.task`, as
    /// RECIPES.md says: an empty program was the executor's "the program's name is empty: no program to start", an
    /// argument over `max_argument_length` named neither, a string that is not UTF-8 named the function's line, and
    /// an empty or blank `sh` ran `/bin/sh -c ''`, which runs nothing and succeeds.
    @Test(arguments: [
        (#"{ "" }"#, #"task "t": the program (cmd result element 1) is empty"#),
        (#"{ sh = "" }"#, #"task "t": cmd result sh must not be empty or blank"#),
        (#"{ sh = " \t\n" }"#, #"task "t": cmd result sh must not be empty or blank"#),
        (#"{ "echo", string.rep("x", 2000) }"#,
         #"task "t": argument 2 is 2000 characters long, over max_argument_length 1000"#),
        (#"{ "echo", "\255" }"#,
         #"task "t": cmd returned a table whose element 2 is not UTF-8 (it reads '\xff'); prx takes text as UTF-8"#),
    ])
    func aCmdResultThatCannotRunNamesTheTaskAndItsLine(returned: String, message: String) async throws {
        let bench = try Workbench()
        defer { bench.root.remove() }
        try bench.root.write("recipe.lua", """
            local function build()
              return \(returned)
            end
            prx.task { name = "t", cmd = build }
            """)
        let outcome = try await bench.prx(["run", "recipe.lua", "-r"])
        #expect(outcome.status == 1)
        let rows = try await bench.summaryRecords()
        #expect(rows.map { $0["status"] } == ["ERROR"])
        #expect(rows.first?["error_message"] == "recipe.lua:4: \(message)")
    }

    /// A working directory that is a file says so, as a missing one does; it said "cannot start pwd: Not a
    /// directory", naming the program.
    @Test func aWorkingDirectoryThatIsAFileSaysSo() async throws {
        let bench = try Workbench()
        defer { bench.root.remove() }
        try bench.root.write("s.sh", "#!/bin/sh\n", executable: true)
        try bench.root.write("recipe.lua", "prx.task { \"pwd\", name = \"t\", cwd = \"s.sh\" }\n")
        let outcome = try await bench.prx(["run", "recipe.lua", "-r"])
        #expect(outcome.status == 1)
        let message = try #require(try await bench.summaryRecords().first?["error_message"])
        #expect(message.hasPrefix("cannot change to working directory /"), "\(message)")
        #expect(message.hasSuffix("/s.sh: Not a directory"), "\(message)")
    }

    /// `stop_when` returning an empty or blank string halts with a reason that says so: the summary read
    /// `- Halted: stop_when: ` with nothing after it.
    @Test(arguments: ["\"\"", "\"  \""])
    func anEmptyStopWhenReasonIsNamed(reason: String) async throws {
        let bench = try Workbench()
        defer { bench.root.remove() }
        try bench.root.write("recipe.lua", """
            prx.task { "true", name = "a" }
            prx.task { "true", name = "b", after = "a" }
            prx.stop_when(function(s) return \(reason) end)
            """)
        let outcome = try await bench.prx(["run", "recipe.lua", "-r"])
        #expect(outcome.status == 1)
        #expect(outcome.stdout.contains("- Halted: stop_when returned an empty reason\n"), "\(outcome.stdout)")
    }

    /// A value in a recipe that prx cannot read is named in the recipe's words, and by the field or element it is:
    /// it was `bad argument #1 (a table contains itself, so it has no Swift value)`, naming neither function nor
    /// field, `bad argument #1 (the string '\xff' is not UTF-8 …)`, naming no element, and an unknown setting whose
    /// value could not be read was named by its value, not as unknown.
    @Test(arguments: [
        (#"prx.task { "true", name = "a", after = t }"#, "prx.task: after is a table that contains itself"),
        (#"prx.task { "echo", "\255" }"#, #"prx.task: element 2 is not UTF-8 (it reads '\xff'); prx takes text as "#
            + "UTF-8"),
        ("prx.config { workers = 2, x = t }",
         "prx.config: unknown setting 'x' (valid: executor, on_error, sleep, stop_limits, timeout, workers)"),
        (#"prx.task { "true", name = "a", bogus = io.stdout }"#, "prx.task: unknown field 'bogus' (valid: "),
        (#"prx.sink("json", { pth = t })"#, "unknown setting 'pth' for sink 'json' (valid: path, sync)"),
    ])
    func aValueTheRecipeGivesThatCannotBeReadIsNamed(line: String, message: String) async throws {
        let bench = try Workbench()
        defer { bench.root.remove() }
        try bench.root.write("recipe.lua", "local t = {}; t[1] = t\n\(line)\n")
        let outcome = try await bench.prx(["run", "recipe.lua", "-r"])
        #expect(outcome.status == 2)
        #expect(outcome.stderr.hasPrefix("prx: error: recipe.lua:2: \(message)"), "\(outcome.stderr)")
        #expect(outcome.stderr.split(separator: "\n").count == 1, "\(outcome.stderr)")
    }

    /// What a `cmd` function or a hook returns that prx cannot read is said as what the function returned: it was
    /// `task "a": a table contains itself, so it has no Swift value` and `… no Swift value (in on_done)`.
    @Test func aValueAFunctionReturnsThatCannotBeReadIsWhatItReturned() async throws {
        let bench = try Workbench()
        defer { bench.root.remove() }
        try bench.root.write("recipe.lua", """
            local t = {}; t[1] = t
            prx.task { name = "a", cmd = function() return t end }
            prx.on_done(function() return t end)
            """)
        let outcome = try await bench.prx(["run", "recipe.lua", "-r"])
        #expect(outcome.status == 1)
        #expect(outcome.stderr == "prx: warning: recipe.lua:3: returned a table that contains itself (in on_done)\n")
        let rows = try await bench.summaryRecords()
        #expect(rows.first?["error_message"] == #"recipe.lua:2: task "a": cmd returned a table that contains itself"#)
    }

    /// `retry_on = {}` was taken: `retries` asked for retries that the empty list then never made. It is refused at
    /// its line.
    @Test func anEmptyRetryOnIsRefused() async throws {
        let bench = try Workbench()
        defer { bench.root.remove() }
        try bench.root.write("recipe.lua", #"prx.task { "touch", "ran", retries = 2, retry_on = {} }"#)
        let outcome = try await bench.prx(["run", "recipe.lua", "-r"])
        #expect(outcome.status == 2)
        #expect(outcome.stderr == "prx: error: recipe.lua:1: prx.task: retry_on lists no exit code, so that no "
            + "failure would be retried: list the codes to retry on, e.g. { 75, 1 }, or leave retry_on out to retry "
            + "every failure\n")
        #expect(!FileManager.default.fileExists(atPath: bench.root.file("ran")))
    }
}
