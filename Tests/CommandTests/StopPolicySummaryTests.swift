import Foundation
import PRXTesting
import Testing

/// The summary report's Auto-Stop section named the stop limits alone, found by type (`as? StopLimitsPolicy`): a
/// plugin registered as `stop-limits` in the built-in's place left them `Disabled` though they were on, the built-in
/// policy chosen by another name showed as the stop limits, and a plugin's policy had no line at all, only a
/// `- Halted:` line when it halted. The stop limits are now the policy chosen as `stop-limits`, their lines read from
/// its settings, and each other registered policy has a line with its name and settings. `prx-with-test-plugins`
/// registers `stop-limits` again (the built-in inside a type of the tests' own), the built-in as `limits-copy`, and
/// `halt-after` and `halt-on-exit` of its own.
@Suite(.runsProcesses) struct StopPolicySummaryTests {
    @Test(arguments: [
        ["-T", "tasks", "-C", "bash @TASK@", "-r", "-m", "1", "--enable-stop-limits",
         "--set", "stop-limits.max_consecutive_failures=3", "--stop-policy", "halt-after",
         "--set", "halt-after.results=5", "--stop-policy", "limits-copy",
         "--set", "limits-copy.max_consecutive_failures=2", "--stop-policy", "halt-on-exit",
         "--set", "halt-on-exit.codes=3,4"],
        ["run", "recipe.lua", "-r"],
    ])
    func theSummaryNamesEveryStopPolicyChosen(arguments: [String]) async throws {
        let bench = try Workbench()
        defer { bench.root.remove() }
        try bench.tasks(4) { _ in "exit 1\n" }
        try bench.root.write("recipe.lua", """
            prx.config { workers = 1, stop_limits = true }
            prx.set("stop-limits.max_consecutive_failures", 3)
            prx.stop_policy("halt-after", { results = 5 })
            prx.stop_policy("limits-copy", { max_consecutive_failures = 2 })
            prx.stop_policy("halt-on-exit", { codes = { 3, 4 } })
            for i = 1, 4 do prx.task { "bash", "tasks/task" .. i .. ".sh", name = "t" .. i } end
            """)
        let outcome = try await bench.prxWithTestPlugins(arguments)
        #expect(outcome.status == 1, "\(outcome.stderr)")
        #expect(outcome.stdout.contains("""

            Auto-Stop Protection:
            - Stop Limits: Enabled
            - Max Consecutive Failures: 3
            - Max Failure Rate: 50%
            - Stop Policy: halt-after (results=5, starts=0)
            - Stop Policy: limits-copy (max_consecutive_failures=2, max_failure_rate=0.5, min_tasks_for_rate_check=10)
            - Stop Policy: halt-on-exit (codes=3,4)
            - Halted: 2 consecutive failures (limit: 2)

            """), "\(outcome.stdout)")
    }

    /// The built-in stop limits chosen by another name are that plugin's policy, not the stop limits.
    @Test func theBuiltInPolicyByAnotherNameIsNotTheStopLimits() async throws {
        let bench = try Workbench()
        defer { bench.root.remove() }
        try bench.tasks(1) { _ in "true\n" }
        let outcome = try await bench.prxWithTestPlugins(
            ["-T", "tasks", "-C", "bash @TASK@", "-r", "--stop-policy", "limits-copy"])
        #expect(outcome.status == 0, "\(outcome.stderr)")
        #expect(outcome.stdout.contains("""

            Auto-Stop Protection:
            - Stop Limits: Disabled
            - Stop Policy: limits-copy (max_consecutive_failures=5, max_failure_rate=0.5, min_tasks_for_rate_check=10)

            Log Files:
            """), "\(outcome.stdout)")
    }

    /// A `--stop-policy FILE.lua` has a line naming the file as given, in the order the run asks the policies (the
    /// flags' order, then the stop limits); it had none, though it can halt the run.
    @Test func aLuaFilesStopPolicyIsNamedInTheFlagsOrder() async throws {
        let bench = try Workbench()
        defer { bench.root.remove() }
        try bench.tasks(3) { _ in "exit 1\n" }
        try bench.root.write("policies/two.lua", """
            return function(s) if s.failed >= 2 then return "two failed" end end
            """)
        let outcome = try await bench.prxWithTestPlugins([
            "-T", "tasks", "-C", "bash @TASK@", "-r", "-m", "1", "--enable-stop-limits",
            "--stop-policy", "halt-after", "--set", "halt-after.results=5",
            "--stop-policy", "policies/two.lua", "--stop-policy", "limits-copy",
        ])
        #expect(outcome.status == 1, "\(outcome.stderr)")
        #expect(outcome.stdout.contains("""

            Auto-Stop Protection:
            - Stop Limits: Enabled
            - Max Consecutive Failures: 5
            - Max Failure Rate: 50%
            - Stop Policy: halt-after (results=5, starts=0)
            - Stop Policy: policies/two.lua
            - Stop Policy: limits-copy (max_consecutive_failures=5, max_failure_rate=0.5, min_tasks_for_rate_check=10)
            - Halted: stop_when: two failed

            """), "\(outcome.stdout)")
    }

    /// A recipe's own `stop_when` and `on_error = "halt"` have a line each, named with the recipe, in the order the run
    /// asks them (before its `prx.stop_policy`s): a run that `stop_when` halted showed an Auto-Stop section naming no
    /// policy that could halt it. `on_error = "warn"`, under which an error halts nothing, has none.
    @Test(arguments: [
        ("halt", "- Stop Policy: on_error=halt (recipe.lua)\n- Stop Policy: stop_when (recipe.lua)\n"),
        ("warn", "- Stop Policy: stop_when (recipe.lua)\n"),
    ])
    func theRecipesOwnPoliciesAreNamed(onError: String, lines: String) async throws {
        let bench = try Workbench()
        defer { bench.root.remove() }
        try bench.root.write("recipe.lua", """
            prx.config { workers = 1, on_error = "\(onError)" }
            prx.stop_when(function(s) if s.failed >= 2 then return "two failed" end end)
            prx.stop_policy("halt-after", { results = 5 })
            for i = 1, 4 do prx.task { "false", name = "t" .. i } end
            """)
        let outcome = try await bench.prxWithTestPlugins(["run", "recipe.lua", "-r"])
        #expect(outcome.status == 1, "\(outcome.stderr)")
        #expect(outcome.stdout.contains("""

            Auto-Stop Protection:
            - Stop Limits: Disabled
            \(lines)- Stop Policy: halt-after (results=5, starts=0)
            - Halted: stop_when: two failed

            """), "\(outcome.stdout)")
    }
}
