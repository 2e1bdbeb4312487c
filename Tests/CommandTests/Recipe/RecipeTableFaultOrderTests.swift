import Foundation
import PRXTesting
import Testing

/// A table the recipe gives with more than one fault is refused for the same one every run (docs/RECIPES.md,
/// *Errors*): a field the function does not take first, the first by name, then the values in a fixed order. Checked
/// in the order of a Swift dictionary (seeded anew in each process) or of Lua's `lua_next` (seeded anew in each state),
/// the same recipe was refused for one fault or another from run to run.
@Suite(.runsProcesses) struct RecipeTableFaultOrderTests {
    /// How many times each recipe is run: with two faults, eight runs all told one of them by chance once in 128.
    private static let runs = 8

    @Test(arguments: [
        // The values in the order docs/RECIPES.md lists prx.config's settings.
        ("prx.config{ workers = 0, timeout = -1, sleep = 99 }",
         "prx.config: workers must be a whole number from 1 to 100"),
        ("prx.config{ sleep = 99, on_error = 1, executor = 2 }",
         "prx.config: sleep must be a number of seconds from 0 to 60"),
        // An unknown setting before the values, the first by name.
        ("prx.config{ workers = 0, zeta = 1, alpha = 2 }",
         "prx.config: unknown setting 'alpha' (valid: executor, on_error, sleep, stop_limits, timeout, workers)"),
        ("prx.config{ zeta = io.stdout, alpha = io.stderr }",
         "prx.config: unknown setting 'alpha' (valid: executor, on_error, sleep, stop_limits, timeout, workers)"),
        ("prx.task{ \"true\", other = 1, bogus = 2 }",
         "prx.task: unknown field 'bogus' (valid: after, after_any, cmd, cwd, env, name, retries, retry_delay, "
            + "retry_on, sh, timeout)"),
        ("prx.task{ \"true\", other = io.stdout, bogus = io.stderr }",
         "prx.task: unknown field 'bogus' (valid: after, after_any, cmd, cwd, env, name, retries, retry_delay, "
            + "retry_on, sh, timeout)"),
        // An env table's entries by name.
        ("prx.task{ \"true\", env = { B = {}, A = {}, C = \"c\" } }",
         "prx.task: env.A must be a string or a number (got table)"),
        ("prx.task{ \"true\", env = { PRX_TASK_TOKEN = \"x\", A = {} } }",
         "prx.task: env.A must be a string or a number (got table)"),
        // A value prx cannot take by its key, a key it cannot read first, by its message.
        ("prx.task{ \"true\", env = { B = io.stdout, A = io.stderr } }",
         "prx.task: env.A is a userdata, which prx cannot take"),
        ("prx.task{ \"true\", [\"\\xff\"] = 1, [\"\\xfe\"] = 2, [true] = 3 }",
         "prx.task: argument 1 has a boolean as a key, where prx takes integers and strings"),
        // A plugin's settings.
        ("prx.sink(\"json\", { zeta = io.stdout, beta = io.stderr })",
         "unknown setting 'beta' for sink 'json'"),
        ("prx.source(\"args-file\", { zeta = io.stdout, beta = io.stderr })",
         "unknown setting 'beta' for source 'args-file'"),
        ("prx.sink(\"json\", { path = { {} }, beta = { {} } })",
         "setting json.beta must be a string, number, boolean or list of them"),
    ])
    func aTableWithTwoFaultsIsRefusedForTheSameOneEveryRun(code: String, message: String) async throws {
        let bench = try Workbench()
        defer { bench.root.remove() }
        try bench.root.write("recipe.lua", code + "\n")
        let messages = try await Self.errors(of: ["run", "recipe.lua"], in: bench)
        #expect(messages.count == 1, "\(messages)")
        #expect(messages.allSatisfy { $0.hasPrefix("prx: error: recipe.lua:1: \(message)") }, "\(messages)")
    }

    /// What prx wrote on its standard error, each time it was run with `arguments` in `bench` ``runs`` times, each
    /// run refused (exit 2).
    private static func errors(of arguments: [String], in bench: Workbench) async throws -> Set<String> {
        var messages: Set<String> = []
        for _ in 1...runs {
            let outcome = try await bench.prx(arguments)
            #expect(outcome.status == 2)
            messages.insert(outcome.stderr)
        }
        return messages
    }

    /// A `--hook` file's table, by key.
    @Test func aHookFileWithTwoFaultsIsRefusedForTheSameOneEveryRun() async throws {
        let bench = try Workbench()
        defer { bench.root.remove() }
        try bench.root.write("args.txt", "1\n")
        try bench.root.write("hooks.lua", "return { on_start = 1, on_done = 2, on_finish = 3 }\n")
        let messages = try await Self.errors(
            of: ["-A", "args.txt", "-C", "true @ARG@", "-r", "--hook", "hooks.lua"], in: bench)
        #expect(messages == ["prx: error: hooks.lua: on_done must be a function (got number)\n"])
    }

    /// What a `--parser` file's function returned, by key.
    @Test func aParsersResultWithTwoFieldsIsRefusedForTheSameOneEveryRun() async throws {
        let bench = try Workbench()
        defer { bench.root.remove() }
        try bench.root.write("args.txt", "a\n")
        try bench.root.write("parse.lua", "return function(line) return { other = 1, bogus = 2 } end\n")
        let messages = try await Self.errors(
            of: ["-A", "args.txt", "--parser", "parse.lua", "-C", "true @ARG@", "-r"], in: bench)
        #expect(messages.count == 1, "\(messages)")
        let message = "the parser's result has a field 'bogus', where a list of fields has none"
        #expect(messages.allSatisfy { $0.contains(message) }, "\(messages)")
    }

    /// A `prx.config` call refused under `pcall` sets none of its values: it kept those checked before its fault,
    /// `workers = 4` in some runs and not in others, and the name of an executor no plugin has, the run then refused
    /// as the call was (`r.lua:1: unknown executor 'nosuch'`, exit 2).
    @Test(arguments: ["{ workers = 4, bogus = 1 }", #"{ executor = "nosuch", workers = 4 }"#])
    func aRefusedConfigSetsNothing(settings: String) async throws {
        let bench = try Workbench()
        defer { bench.root.remove() }
        try bench.root.write("recipe.lua", """
            assert(not pcall(prx.config, \(settings)))
            prx.task{ "true" }
            """)
        for _ in 1...Self.runs {
            let outcome = try await bench.prx(["run", "recipe.lua", "-r"])
            #expect(outcome.status == 0, "\(outcome.stderr)")
            #expect(outcome.stdout.contains("- Workers: 20\n"), "\(outcome.stdout)")
        }
    }

    /// What a `cmd` function returned, by key: the task's error.
    @Test func aCommandWithTwoUnknownFieldsIsRefusedForTheSameOneEveryRun() async throws {
        let bench = try Workbench()
        defer { bench.root.remove() }
        try bench.root.write(
            "recipe.lua", "prx.task{ cmd = function() return { \"true\", other = 1, bogus = 2 } end }\n")
        var messages: Set<String> = []
        for _ in 1...Self.runs {
            _ = try await bench.prx(["run", "recipe.lua", "-r"])
            messages.formUnion(try await bench.summaryRecords().compactMap { $0["error_message"] })
        }
        #expect(messages.count == 1, "\(messages)")
        #expect(messages.allSatisfy { $0.contains("cmd returned an unknown field 'bogus'") }, "\(messages)")
    }
}
