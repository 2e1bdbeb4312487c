import Foundation
import PRXTesting
import Testing

/// A recipe could not choose a registered stop policy: it had `stop_when`, `on_error = "halt"` and the stop limits
/// (`stop_limits = true`) only. `prx.stop_policy(NAME [, settings])` chooses one now, as `prx.sink` chooses a sink,
/// with its settings from its table, `prx.set`, `--set` and the configuration's `plugins:`; it is asked beside the
/// recipe's own policies, and the first to halt decides. `halt-after` is a stop policy of the tests' own build of
/// prx (`Tests/PRXWithTestPlugins`).
@Suite(.runsProcesses) struct RecipeStopPolicyTests {
    /// Eight tasks that fail, run one at a time, so that the result a policy halts after is known.
    static let failingTasks = "for i = 1, 8 do prx.task { \"false\", name = \"t\" .. i } end\n"

    /// What gives `halt-after` its settings, and what the run does with them beside the stop limits (3 failures in a
    /// row): the policy's table, `prx.set`, the configuration's `plugins:`, `--set` over the table.
    struct Case: Sendable, CustomTestStringConvertible {
        var recipe: String
        var configuration = ""
        var flags: [String] = []
        var failed: Int
        var reason: String
        var testDescription: String { recipe + flags.joined(separator: " ") }
    }

    static let settingCases = [
        Case(recipe: "prx.stop_policy(\"halt-after\", { results = 2 })\n", failed: 2, reason: "halt-after: 2 results"),
        Case(
            recipe: "prx.stop_policy(\"halt-after\")\nprx.set(\"halt-after.results\", 2)\n", failed: 2,
            reason: "halt-after: 2 results"),
        Case(
            recipe: "prx.stop_policy(\"halt-after\")\n", configuration: "plugins:\n  halt-after:\n    results: 2\n",
            failed: 2, reason: "halt-after: 2 results"),
        Case(
            recipe: "prx.stop_policy(\"halt-after\", { results = 2 })\n", flags: ["--set", "halt-after.results=5"],
            failed: 3, reason: "3 consecutive failures (limit: 3)"),
        Case(
            recipe: "prx.stop_policy(\"halt-after\", { starts = 2 })\n", failed: 2, reason: "halt-after: 2 starts"),
    ]

    /// A recipe's registered policy and the stop limits both halt it, whichever first.
    @Test(arguments: settingCases)
    func aRecipeChoosesARegisteredPolicy(run: Case) async throws {
        let bench = try Workbench()
        defer { bench.root.remove() }
        if !run.configuration.isEmpty { try bench.root.write("home/cfg/prx.yaml", run.configuration) }
        try bench.root.write(
            "recipe.lua",
            "prx.config { workers = 1, stop_limits = true }\nprx.set(\"stop-limits.max_consecutive_failures\", 3)\n"
                + run.recipe + Self.failingTasks)
        let outcome = try await bench.prxWithTestPlugins(["run", "recipe.lua", "-r"] + run.flags)
        #expect(outcome.status == 1, "\(outcome.stderr)")
        #expect(outcome.stdout.contains("- Stop Limits: Enabled\n"), "\(outcome.stdout)")
        #expect(outcome.stdout.contains("- Halted: \(run.reason)\n"), "\(outcome.stdout)")
        try await StopPolicyFlagsTests.expectHalted(in: bench, afterFailing: run.failed)
    }

    /// Policies halting after the same result, the third: a hook's error under `on_error = "halt"` decides, then
    /// `stop_when`, then the `prx.stop_policy`s in the order chosen, then the stop limits of `stop_limits = true`
    /// (or where `prx.stop_policy("stop-limits")` placed them).
    @Test(arguments: [
        ("prx.config { on_error = \"halt\" }\n"
            + "prx.stop_when(function(s) if s.finished >= 3 then return \"three\" end end)\n"
            + "prx.on_finish(function(t) if t.name == \"t3\" then error(\"boom\") end end)",
         "on_finish failed: recipe.lua:5: boom"),
        ("prx.stop_when(function(s) if s.finished >= 3 then return \"three\" end end)", "stop_when: three"),
        ("", "halt-after: 3 results"),
        ("prx.stop_policy(\"stop-limits\")", "3 consecutive failures (limit: 3)"),
    ])
    func theRecipesOwnPoliciesComeFirst(lines: String, reason: String) async throws {
        let bench = try Workbench()
        defer { bench.root.remove() }
        try bench.root.write(
            "recipe.lua",
            "prx.config { workers = 1, stop_limits = true }\nprx.set(\"stop-limits.max_consecutive_failures\", 3)\n"
                + lines + "\nprx.stop_policy(\"halt-after\", { results = 3 })\n" + Self.failingTasks)
        let outcome = try await bench.prxWithTestPlugins(["run", "recipe.lua", "-r"])
        #expect(outcome.status == 1, "\(outcome.stderr)")
        #expect(outcome.stdout.contains("- Halted: \(reason)\n"), "\(outcome.stdout)")
        try await StopPolicyFlagsTests.expectHalted(in: bench, afterFailing: 3)
    }

    /// A policy chosen twice, the stop limits chosen beside `stop_limits = false`, or a name no policy has, is refused
    /// at its line before anything runs, in a dry run and in a run alike.
    @Test(arguments: [
        ("prx.stop_policy(\"halt-after\")\nprx.stop_policy(\"halt-after\", { results = 2 })\n",
         "recipe.lua:2: prx.stop_policy: 'halt-after' is chosen already (recipe.lua:1), and a run asks each stop "
            + "policy once"),
        ("prx.config { stop_limits = false }\nprx.stop_policy(\"stop-limits\")\n",
         "recipe.lua:2: prx.stop_policy(\"stop-limits\") chooses the stop limits, which prx.config{ stop_limits = "
            + "false } (recipe.lua:1) turns off: keep one of them"),
        ("prx.stop_policy(\"halt-aftr\")\n", "recipe.lua:1: unknown stop-policy 'halt-aftr' (valid: halt-after, "
            + "halt-on-exit, limits-copy, stop-limits)"),
    ])
    func aWrongChoiceIsRefused(recipe: String, message: String) async throws {
        let bench = try Workbench()
        defer { bench.root.remove() }
        try bench.root.write("recipe.lua", recipe + "prx.task { \"true\" }\n")
        for arguments in [["run", "recipe.lua"], ["run", "recipe.lua", "-r"]] {
            let outcome = try await bench.prxWithTestPlugins(arguments)
            #expect(outcome.status == 2, "\(arguments)")
            #expect(outcome.stderr == "prx: error: \(message)\n", "\(arguments)")
            #expect(!FileManager.default.fileExists(atPath: bench.logs), "\(arguments)")
        }
    }
}
