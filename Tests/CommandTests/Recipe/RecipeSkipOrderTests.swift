import Foundation
import PRXTesting
import Testing

@Suite(.runsProcesses) struct RecipeSkipOrderTests {
    /// `gate` was reported `SKIPPED` as `fast_fail` failed, without waiting for `slow`, its other dependency; `cleanup`,
    /// after `gate` with `after_any`, then started and ended while `slow` still ran (a black-box hunt's recipe). `gate`
    /// is skipped once `slow` has ended, and `cleanup` starts after that.
    @Test func aTaskAfterASkippedOneStartsOnlyOnceEveryTaskItFollowsHasEnded() async throws {
        let bench = try Workbench()
        defer { bench.root.remove() }
        try bench.root.write("recipe.lua", """
            prx.task { "false", name = "fast_fail" }
            prx.task { "sleep", "1", name = "slow" }
            prx.task { "true", name = "gate", after = { "fast_fail", "slow" } }
            prx.task { "true", name = "cleanup", after = { "gate" }, after_any = true }
            prx.on_start(function(t) print("start", t.name) end)
            prx.on_finish(function(t, r) print("end", t.name, r.status) end)
            """)
        let outcome = try await bench.prx(["run", "recipe.lua", "-r"])
        #expect(outcome.status == 1, "\(outcome.stderr)")
        let lines = outcome.stdout.split(separator: "\n").filter { $0.hasPrefix("start\t") || $0.hasPrefix("end\t") }
            .map { $0.replacingOccurrences(of: "\t", with: " ") }
        #expect(lines == [
            "start fast_fail", "start slow", "end fast_fail FAILED", "end slow SUCCESS", "end gate SKIPPED",
            "start cleanup", "end cleanup SUCCESS",
        ], "\(outcome.stdout)")
        let rows = try await bench.summaryRecords().map { "\($0["task_file"]!) \($0["status"]!)" }
        #expect(rows == ["fast_fail FAILED", "slow SUCCESS", "gate SKIPPED", "cleanup SUCCESS"])
    }
}
