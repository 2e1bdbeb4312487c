import Foundation
import PRXKernel
@testable import PRXPlugins
import PRXTesting
import Testing

@Suite struct RecipeRunTests {
    @Test func dependentsOfAFailedTaskAreSkippedAndAfterAnyRuns() async throws {
        let fixture = try RecipeFixture()
        defer { fixture.remove() }
        let recipe = try fixture.load("""
            local build = prx.task { "false", name = "build" }
            prx.task { "true", name = "test", after = build }
            prx.task { "true", name = "deploy", after = "test" }
            prx.task { "true", name = "cleanup", after = { build }, after_any = true }
            """)
        let run = await fixture.run(recipe, executor: RecipeFixture.scripted)
        #expect(run.statuses == ["build": .failed, "test": .skipped, "deploy": .skipped, "cleanup": .success])
        #expect(SinkConformance.violations(in: run.log.events).isEmpty)
    }

    @Test func aCmdFunctionSeesItsDependenciesResults() async throws {
        let fixture = try RecipeFixture()
        defer { fixture.remove() }
        let recipe = try fixture.load("""
            local build = prx.task { "echo", "built", name = "build" }
            prx.task { name = "use", after = { build }, cmd = function(deps)
              return { "echo", deps.build.stdout, deps.build.status, \
            tostring(deps.build.exit_code), tostring(deps.build.attempts) }
            end }
            prx.task { name = "shell", after = "build", cmd = function(deps) \
            return { sh = "echo " .. deps.build.status } end }
            prx.task { name = "alone", cmd = function(deps) return { "echo", tostring(next(deps)) } end }
            prx.task { name = "broken", after = "build", cmd = function(deps) error("no command today") end }
            prx.task { name = "wrong", after = "build", cmd = function(deps) return 42 end }
            """)
        let executor = LocalProcessExecutor(configuration: .init())
        let run = await fixture.run(recipe, executor: executor)
        let results = Dictionary(uniqueKeysWithValues: run.log.results.map { ($0.task.label, $0) })
        #expect(results["use"]?.stdoutTail == "built\n SUCCESS 0 1\n")
        #expect(results["use"]?.task.argv == ["echo", "built\n", "SUCCESS", "0", "1"])
        #expect(results["shell"]?.stdoutTail == "SUCCESS\n")
        #expect(results["alone"]?.stdoutTail == "nil\n")
        #expect(results["broken"]?.status == .error)
        #expect(fixture.relative(results["broken"]?.message ?? "") == "recipe.lua:7: no command today")
        #expect(results["wrong"]?.status == .error)
        #expect(results["wrong"]?.message?.contains("cmd must return an argv table") == true)
        #expect(run.summary.statistics.finished == 6)
    }

    @Test func stopWhenHaltsWithItsReason() async throws {
        let fixture = try RecipeFixture()
        defer { fixture.remove() }
        let recipe = try fixture.load("""
            for i = 1, 20 do prx.task { "false", name = "t" .. i } end
            prx.stop_when(function(s)
              if s.consecutive_failures >= 3 then return "three in a row, last " .. s.last.name end
            end)
            """)
        let run = await fixture.run(recipe, executor: RecipeFixture.scripted, workers: 1)
        #expect(run.summary.haltReason == "stop_when: three in a row, last t3")
        #expect(run.summary.statistics.failed == 3)
        #expect(run.summary.statistics.cancelled == 17)
    }

    /// The reason goes into the summary and every cancelled row: 50,000 lines of it used to go there whole. Its line
    /// breaks are escapes, as on prx's error lines.
    @Test func aReasonOfManyLinesHaltsOnOneBoundedLine() async throws {
        let fixture = try RecipeFixture()
        defer { fixture.remove() }
        let recipe = try fixture.load("""
            for i = 1, 3 do prx.task { "false", name = "t" .. i } end
            prx.stop_when(function(s) return string.rep("z\\n", 50000) end)
            """)
        let run = await fixture.run(recipe, executor: RecipeFixture.scripted, workers: 1)
        let shown = String(repeating: #"z\n"#, count: 334).prefix(1000) + "… (149000 more characters)"
        #expect(run.summary.haltReason == "stop_when: " + shown)
    }

    @Test func stopWhenSeesEveryTaskNotYetStartedAsPending() async throws {
        let fixture = try RecipeFixture()
        defer { fixture.remove() }
        let recipe = try fixture.load("""
            for i = 1, 10 do prx.task { "true", name = "t" .. i } end
            local seen = {}
            prx.stop_when(function(s) seen[#seen + 1] = s.finished + s.running + s.pending end)
            prx.on_done(function()
              for _, total in ipairs(seen) do if total ~= 10 then return 1 end end
              return #seen == 10 and 0 or 2
            end)
            """)
        let run = await fixture.run(recipe, executor: RecipeFixture.scripted, workers: 1)
        #expect(run.warnings.isEmpty, "\(run.warnings)")
        #expect(run.exitStatus == 0, "finished + running + pending is every task, after each result")
    }

    @Test func stopLimitsCombineWithStopWhenAndTheFirstToHaltWins() async throws {
        let fixture = try RecipeFixture()
        defer { fixture.remove() }
        let recipe = try fixture.load("""
            prx.config { stop_limits = true }
            for i = 1, 20 do prx.task { "false", name = "t" .. i } end
            prx.stop_when(function(s) return s.finished >= 8 and "late" end)
            """)
        let run = await fixture.run(recipe, executor: RecipeFixture.scripted, workers: 1)
        #expect(run.summary.haltReason == "5 consecutive failures (limit: 5)")
    }

    @Test func stopWhenReturningTrueHalts() async throws {
        let fixture = try RecipeFixture()
        defer { fixture.remove() }
        let recipe = try fixture.load("""
            for i = 1, 5 do prx.task { "true", name = "t" .. i } end
            prx.stop_when(function(s) return s.finished >= 2 and s.succeeded == s.finished and s.elapsed >= 0 end)
            """)
        let run = await fixture.run(recipe, executor: RecipeFixture.scripted, workers: 1)
        #expect(run.summary.haltReason == "stop_when returned true")
        #expect(run.summary.statistics.succeeded == 2)
    }

    @Test func hooksSeeEveryResultExactlyOnce() async throws {
        let fixture = try RecipeFixture()
        defer { fixture.remove() }
        let recipe = try fixture.load("""
            local seen, started = {}, {}
            local root = prx.task { "false", name = "root" }
            for i = 1, 30 do
              prx.task { i % 3 == 0 and "false" or "true", name = "t" .. i, after = i % 5 == 0 and root or nil }
            end
            prx.on_start(function(task) started[#started + 1] = task.name .. "#" .. task.attempt end)
            prx.on_finish(function(task, r)
              assert(task.name == r.name)
              seen[r.name] = (seen[r.name] or 0) + 1
            end)
            prx.on_done(function(summary, results)
              local count, twice = 0, 0
              for _, n in pairs(seen) do count = count + 1; if n ~= 1 then twice = twice + 1 end end
              assert(#results == 31 and count == 31 and twice == 0, "count " .. count .. " results " .. #results)
              assert(summary.finished == 31 and summary.skipped == 6 and #started == 25)
              return 7
            end)
            """)
        let run = await fixture.run(recipe, executor: RecipeFixture.scripted)
        #expect(run.warnings.isEmpty, "\(run.warnings)")
        #expect(run.exitStatus == 7)
        #expect(run.log.results.count == 31)
    }

    @Test func retriesShowTheirAttempts() async throws {
        let fixture = try RecipeFixture()
        defer { fixture.remove() }
        let recipe = try fixture.load("""
            prx.task { "fail75", name = "flaky", retries = 2, retry_on = { 75 } }
            prx.task { "false", name = "not-retried", retries = 2, retry_on = { 75 } }
            local attempts = {}
            prx.on_finish(function(task, r) attempts[r.name] = r.attempts end)
            prx.on_done(function() return attempts.flaky * 10 + attempts["not-retried"] end)
            """)
        let run = await fixture.run(recipe, executor: RecipeFixture.scripted)
        #expect(run.exitStatus == 31)
        let attemptFailures = run.log.events.filter { if case .attemptFailed = $0 { true } else { false } }
        #expect(attemptFailures.count == 2)
    }

    @Test(arguments: [("warn", false), ("halt", true)])
    func aHookErrorWarnsOrHalts(policy: String, halts: Bool) async throws {
        let fixture = try RecipeFixture()
        defer { fixture.remove() }
        let recipe = try fixture.load("""
            prx.config { on_error = "\(policy)" }
            for i = 1, 5 do prx.task { "true", name = "t" .. i } end
            prx.on_finish(function(task, r)
              if r.name == "t2" then error("hook broke") end
            end)
            """)
        let run = await fixture.run(recipe, executor: RecipeFixture.scripted, workers: 1)
        #expect(run.warnings.map { fixture.relative($0) } == ["recipe.lua:4: hook broke (in on_finish)"])
        #expect(run.log.results.count == 5)
        if halts {
            #expect(fixture.relative(run.summary.haltReason ?? "") == "on_finish failed: recipe.lua:4: hook broke")
            #expect(run.summary.statistics.cancelled == 3)
        } else {
            #expect(run.summary.haltReason == nil)
            #expect(run.summary.statistics.succeeded == 5)
        }
    }

    /// `on_placed` is called for each report of where an attempt runs, with the task as `on_start` has it and the
    /// placement's `job_id`, `host` (absent while not known) and `attempt`.
    @Test func onPlacedIsToldEachPlacement() async throws {
        let fixture = try RecipeFixture()
        defer { fixture.remove() }
        let recipe = try fixture.load("""
            for i = 1, 3 do prx.task { "true", name = "t" .. i } end
            prx.task { "fail75", name = "flaky", retries = 1, retry_on = { 75 } }
            local seen = {}
            prx.on_placed(function(task, p)
              assert(p.attempt == task.attempt and task.argv[1] ~= nil)
              assert(p.host == nil or p.host == "node" .. task.worker, tostring(p.host))
              seen[#seen + 1] = task.name .. "#" .. p.attempt .. " " .. p.job_id .. " " .. (p.host and "on" or "-")
            end)
            prx.on_done(function()
              table.sort(seen)
              local expected = "flaky#1 4.1 -,flaky#1 4.1 on,flaky#2 4.2 -,flaky#2 4.2 on,"
                .. "t1#1 1.1 -,t1#1 1.1 on,t2#1 2.1 -,t2#1 2.1 on,t3#1 3.1 -,t3#1 3.1 on"
              assert(table.concat(seen, ",") == expected, table.concat(seen, ","))
              return 7
            end)
            """)
        let executor = ScriptedClusterExecutor { task in .init(exitCode: task.argv.first == "fail75" ? 75 : 0) }
        let run = await fixture.run(recipe, executor: executor, workers: 2)
        #expect(run.warnings.isEmpty, "\(run.warnings)")
        #expect(run.exitStatus == 7)
    }

    /// An error in `on_placed` is a warning, and under `on_error = "halt"` halts the run at once, as one in
    /// `on_start` does: the placed task runs on, and no other starts.
    @Test(arguments: [("warn", false), ("halt", true)])
    func anOnPlacedErrorWarnsOrHaltsAtOnce(policy: String, halts: Bool) async throws {
        let fixture = try RecipeFixture()
        defer { fixture.remove() }
        let recipe = try fixture.load("""
            prx.config { on_error = "\(policy)" }
            for i = 1, 3 do prx.task { "true", name = "t" .. i } end
            prx.on_placed(function(task, p)
              if p.host then error("no room on " .. p.host) end
            end)
            """)
        let run = await fixture.run(recipe, executor: ScriptedClusterExecutor(), workers: 1)
        if halts {
            #expect(run.warnings.map { fixture.relative($0) } == ["recipe.lua:4: no room on node1 (in on_placed)"])
            #expect(
                fixture.relative(run.summary.haltReason ?? "") == "on_placed failed: recipe.lua:4: no room on node1")
            #expect(run.log.starts.map(\.task.label) == ["t1"])
            #expect(run.statuses == ["t1": .success, "t2": .cancelled, "t3": .cancelled])
        } else {
            #expect(run.warnings.count == 3)
            #expect(run.summary.haltReason == nil)
            #expect(run.summary.statistics.succeeded == 3)
        }
    }

    /// An error in `stop_when` under `on_error = "halt"` halts at the very result it failed on, as `return "stop"`
    /// there would: it halted one result late (a task started after the error), or, on the last result, not at all.
    @Test(arguments: [(2, 3), (3, 0)])
    func aStopWhenErrorHaltsAtItsResult(failingAt finished: Int, cancelled: Int) async throws {
        let fixture = try RecipeFixture()
        defer { fixture.remove() }
        let tasks = finished + cancelled
        let recipe = try fixture.load("""
            prx.config { on_error = "halt" }
            for i = 1, \(tasks) do prx.task { "true", name = "t" .. i } end
            prx.stop_when(function(s) if s.finished == \(finished) then error("policy broke") end end)
            """)
        let run = await fixture.run(recipe, executor: RecipeFixture.scripted, workers: 1)
        #expect(run.warnings.map { fixture.relative($0) } == ["recipe.lua:3: policy broke (in stop_when)"])
        #expect(fixture.relative(run.summary.haltReason ?? "") == "stop_when failed: recipe.lua:3: policy broke")
        #expect(run.summary.statistics.succeeded == finished)
        #expect(run.summary.statistics.cancelled == cancelled)
    }

    @Test func tenThousandTasksBuildAndRun() async throws {
        let fixture = try RecipeFixture()
        defer { fixture.remove() }
        let recipe = try fixture.load("""
            local previous = prx.task { "true", name = "root" }
            for i = 1, 9999 do
              local t = prx.task { "true", name = "t" .. i, after = i % 100 == 0 and previous or nil }
              if i % 100 == 0 then previous = t end
            end
            local finished = 0
            prx.on_finish(function() finished = finished + 1 end)
            prx.on_done(function(summary, results) return finished == 10000 and #results == 10000 and 0 or 1 end)
            """)
        let run = await fixture.run(recipe, executor: ScriptedExecutor(), workers: 8)
        #expect(run.summary.statistics.succeeded == 10000)
        #expect(run.exitStatus == 0)
    }
}
