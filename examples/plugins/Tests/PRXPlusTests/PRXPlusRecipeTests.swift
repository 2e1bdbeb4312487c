import ExampleTesting
import Foundation
import PRXTesting
import Testing

/// The two plugins chosen from a Lua recipe (`prx.source`, `prx.sink`, `prx.set`), run by the built `prx-plus`.
@Suite(.runsProcesses) struct PRXPlusRecipeTests {
    @Test(.enabled(if: PrometheusTextfile.python != nil, "python3 is not installed: cannot parse the metrics file"))
    func aRecipeRunsTheJSONLinesTasksAndWritesTheMetrics() async throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        try directory.write("tasks.jsonl", """
            {"sh": "echo from-jsonl > jsonl-ran", "name": "from-jsonl"}
            {"sh": "exit 3", "name": "fails"}

            """)
        try directory.write("recipe.lua", """
            prx.task { sh = "echo own > own-ran", name = "own" }
            prx.source("jsonl", { file = "tasks.jsonl" })
            prx.sink("prometheus", { path = "metrics.prom" })
            prx.set("prometheus.every", 1)
            """)
        let outcome = try await PRXPlus.run(["run", "recipe.lua", "-r"], home: directory.file("home"), directory: directory.path)
        #expect(outcome.status == 1, "a failed task makes the run fail: \(outcome.stderr)")
        #expect(try directory.read("own-ran") == "own\n")
        #expect(try directory.read("jsonl-ran") == "from-jsonl\n", "a source chosen by a recipe runs its tasks in the recipe's directory")

        let metrics = try await PrometheusTextfile(path: directory.file("metrics.prom"))
        #expect(metrics.value("prx_tasks_total", ["status": "SUCCESS"]) == 2)
        #expect(metrics.value("prx_tasks_total", ["status": "FAILED"]) == 1)
        #expect(metrics.value("prx_task_duration_seconds_count") == 3)
    }

    @Test(arguments: [
        ("prx.sink(\"prometheus\", { pth = \"m.prom\" })",
            "prx: error: recipe.lua:2: unknown setting 'pth' for sink 'prometheus' (valid: every, path)"),
        ("prx.source(\"jsonlines\", { file = \"tasks.jsonl\" })",
            "prx: error: recipe.lua:2: unknown source 'jsonlines' (valid: args-file, dir, glob, jsonl)"),
    ])
    func aWrongChoiceInARecipeIsOneLineAtItsLine(_ line: String, _ message: String) async throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        try directory.write("recipe.lua", "prx.task { sh = \"touch ran\" }\n\(line)\n")
        let outcome = try await PRXPlus.run(["run", "recipe.lua", "-r"], home: directory.file("home"), directory: directory.path)
        #expect(outcome.status == 2)
        #expect(outcome.stderr == message + "\n")
        #expect(!FileManager.default.fileExists(atPath: directory.file("ran")))
    }
}
