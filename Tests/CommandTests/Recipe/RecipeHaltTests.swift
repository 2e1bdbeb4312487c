import Foundation
import PRXTesting
import Testing

/// A recipe run that halts or is interrupted: which Lua code still runs, how the tasks it never starts are
/// reported, and how prx ends.
@Suite(.runsProcesses) struct RecipeHaltTests {
    /// The `cmd` functions of the tasks a SIGINT cancelled were called as the scheduler reported them cancelled:
    /// each wrote its file and, looping, held prx a second (the run ended 10 s after the signal).
    @Test func anInterruptedRunCallsNoCmdFunctionOfATaskItCancels() async throws {
        let bench = try Workbench()
        defer { bench.root.remove() }
        try bench.root.write("recipe.lua", """
            prx.config { workers = 1 }
            prx.task { sh = "echo yes > looping; sleep 30", name = "a" }
            for i = 1, 10 do
              prx.task { name = "b" .. i, cmd = function() prx.write("side-" .. i, "x") while true do end end }
            end
            """)
        let run = try await bench.prxOnceLooping(["run", "recipe.lua", "-r"])
        let signalled = Date()
        kill(run.process.processIdentifier, SIGINT)
        let outcome = await run.wait()
        #expect(outcome.status == 130, "\(outcome.stderr)")
        #expect(Date().timeIntervalSince(signalled) < 6)
        #expect(try bench.root.sideFiles().isEmpty)
        let rows = try await bench.summaryRecords()
        #expect(rows.count == 11)
        #expect(rows.allSatisfy { $0["status"] == "CANCELLED" }, "\(rows)")
        #expect(rows.filter { $0["error_message"] == "run interrupted" }.count == 10)
    }

    /// The same after a halt; with a pause between starts, the task pulled to wait out the pause had its `cmd`
    /// function called as it was pulled.
    @Test(arguments: ["workers = 1", "workers = 2, sleep = 30"])
    func aHaltedRunCallsNoCmdFunctionOfATaskItCancels(configuration: String) async throws {
        let bench = try Workbench()
        defer { bench.root.remove() }
        try bench.root.write("recipe.lua", """
            prx.config { \(configuration) }
            prx.task { "true", name = "a" }
            for i = 1, 3 do
              prx.task { name = "b" .. i, cmd = function() prx.write("side-" .. i, "x") return { "true" } end }
            end
            prx.stop_when(function(s) if s.finished >= 1 then return "enough" end end)
            """)
        let outcome = try await bench.prx(["run", "recipe.lua", "-r"])
        #expect(outcome.status == 1, "\(outcome.stderr)")
        #expect(try bench.root.sideFiles().isEmpty)
        let rows = try await bench.summaryRecords()
            .map { "\($0["task_file"]!) \($0["status"]!) \($0["error_message"]!)" }
        #expect(rows == ["a SUCCESS "] + (1...3).map { "b\($0) CANCELLED run halted: stop_when: enough" })
    }

    /// A `cmd` function a SIGINT cut off made its task ERROR (`interrupted: …`) and its dependents SKIPPED: they are
    /// CANCELLED, as every task the run did not start, and the summary counts them so; the error is a warning.
    @Test(arguments: [("prx.task { \"true\", name = \"a\" }\n", "after = \"a\", "), ("", "")])
    func aCmdFunctionCutOffBySIGINTLeavesItsTaskAndItsDependentsCancelled(first: String, after: String) async throws {
        let bench = try Workbench()
        defer { bench.root.remove() }
        try bench.root.write("recipe.lua", first + """
            prx.task { name = "c", \(after)cmd = function() prx.write("looping", "yes") while true do end end }
            prx.task { "echo", "d", name = "d", after = "c" }
            """)
        let run = try await bench.prxOnceLooping(["run", "recipe.lua", "-r"])
        kill(run.process.processIdentifier, SIGINT)
        let outcome = await run.wait()
        #expect(outcome.status == 130, "\(outcome.stderr)")
        #expect(outcome.stderr.contains("this Lua code did not return (in cmd of task \"c\")\n"), "\(outcome.stderr)")
        let rows = try await bench.summaryRecords()
            .map { "\($0["task_file"]!) \($0["status"]!) \($0["error_message"]!)" }
        let cancelled = ["c CANCELLED run interrupted", "d CANCELLED run interrupted"]
        #expect(rows == (first.isEmpty ? [] : ["a SUCCESS "]) + cancelled)
        #expect(outcome.stdout.contains("Failed: 0\n"), "\(outcome.stdout)")
        #expect(outcome.stdout.contains("Cancelled: 2\n"))
        #expect(!outcome.stdout.contains("Skipped:"))
    }

    /// A task whose `on_start` a SIGTERM cut off started, on its worker, though its command did not (README: "is such
    /// a task too"), and every file says so: the log and the journal's `task_started` gave it worker 1, where the
    /// CSV summary, the JSON results, the output file, the journal's `task_finished` and `on_finish` said it never
    /// started (no start time, no worker, 0 attempts).
    @Test func aTaskCancelledWhileItsOnStartRanStartedOnItsWorker() async throws {
        let bench = try Workbench()
        defer { bench.root.remove() }
        try bench.root.write("recipe.lua", """
            prx.task { "true", name = "a" }
            prx.task { sh = "echo ran > ran", name = "b", after = "a" }
            prx.on_start(function(t)
              if t.name == "b" then prx.write("looping", "yes") while true do end end
            end)
            prx.on_finish(function(t, r) print("finished", t.name, r.status, r.attempts, r.message) end)
            """)
        let run = try await bench.prxOnceLooping(["run", "recipe.lua", "-r", "--json", "results.jsonl"])
        kill(run.process.processIdentifier, SIGTERM)
        let outcome = await run.wait(killingAfter: 30)
        #expect(outcome.status == 143, "\(outcome.stderr)")
        let message = "run interrupted before the task started"
        #expect(outcome.stdout.contains("finished\tb\tCANCELLED\t1\t\(message)\n"), "\(outcome.stdout)")
        let row = try #require(await bench.summaryRecords().first { $0["task_file"] == "b" })
        #expect(row["status"] == "CANCELLED" && row["start_time"] != "" && row["worker_id"] == "1", "\(row)")
        let json = try #require(try bench.root.read("results.jsonl").split(separator: "\n").first {
            $0.contains("\"label\":\"b\"")
        })
        #expect(json.contains("\"worker_id\":1,") && json.contains("\"attempts\":1,")
            && !json.contains("\"start_time\":null"), "\(json)")
        let output = try String(
            contentsOfFile: try #require(bench.logFiles(endingWith: "_output.txt").first), encoding: .utf8)
        let block = try #require(output.components(separatedBy: "Task: b\n").last)
        #expect(block.hasPrefix("Worker: 1\n") && !block.contains("\nStart: -\n"), "\(output)")
        let journal = try String(contentsOfFile: try #require(bench.journals().first), encoding: .utf8)
        let finished = try #require(journal.split(separator: "\n").first {
            $0.contains("\"task_finished\"") && $0.contains("\"label\":\"b\"")
        })
        #expect(finished.contains("\"worker_id\":1,") && finished.contains("\"attempts\":1,")
            && !finished.contains("\"start_time\":null"), "\(journal)")
        #expect(!FileManager.default.fileExists(atPath: bench.root.file("ran")))
    }

    /// The main log of a task whose `on_start` a SIGINT cut off said "Worker 1: Starting task only" and nothing more
    /// of it at INFO or above (its cancellation was a DEBUG line, as a task's that never had a start line), where the
    /// CSV summary and the journal say it ended cancelled before its command started. The start line is now followed
    /// by the cancelled line on the worker's thread, with the CSV's and the journal's message.
    @Test func aTaskCancelledWhileItsOnStartRanEndsItsStartLineInTheLog() async throws {
        let bench = try Workbench()
        defer { bench.root.remove() }
        try bench.root.write("recipe.lua", """
            prx.task { sh = "echo ran > ran", name = "only" }
            prx.on_start(function(t) prx.write("looping", "yes") while true do end end)
            """)
        let run = try await bench.prxOnceLooping(["run", "recipe.lua", "-r"])
        kill(run.process.processIdentifier, SIGINT)
        let outcome = await run.wait(killingAfter: 30)
        #expect(outcome.status == 130, "\(outcome.stderr)")
        let message = "run interrupted before the task started"
        let log = try String(contentsOfFile: try #require(bench.logFiles(endingWith: ".log").first), encoding: .utf8)
        let taskLines = log.split(separator: "\n").filter { $0.contains(" only") }.map {
            $0.split(separator: " - ").dropFirst(2).joined(separator: " - ")
        }
        #expect(taskLines == [
            "INFO - [ThreadPoolExecutor-0_0] - Worker 1: Starting task only",
            "WARNING - [ThreadPoolExecutor-0_0] - Task cancelled: only - \(message)",
        ], "\(log)")
        let row = try #require(await bench.summaryRecords().first)
        #expect(row["status"] == "CANCELLED" && row["error_message"] == message, "\(row)")
        let journal = try String(contentsOfFile: try #require(bench.journals().first), encoding: .utf8)
        let finished = try #require(journal.split(separator: "\n").first { $0.contains("\"task_finished\"") })
        #expect(finished.contains("\"status\":\"CANCELLED\"") && finished.contains("\"message\":\"\(message)\""),
            "\(journal)")
        #expect(!FileManager.default.fileExists(atPath: bench.root.file("ran")))
    }

    /// A halt during a task's retry delay reported the task after it (`after_any`) CANCELLED, in the CSV summary and
    /// to `on_finish`, before the task's own final FAILED: a dependent ended before its dependency. The dependency's
    /// result comes first.
    @Test func aHaltDuringARetryDelayReportsTheDependencyBeforeItsDependent() async throws {
        let bench = try Workbench()
        defer { bench.root.remove() }
        // x fails once a's first attempt has failed in the log (a minute at most): the halt comes during a's delay.
        try bench.root.write("recipe.lua", """
            prx.task { sh = "exit 1", name = "a", retries = 3, retry_delay = 5 }
            prx.task { "true", name = "c", after = "a", after_any = true }
            prx.task { sh = [[for i in $(seq 600); do grep -q 'attempt 1 failed: a' \(bench.logs)/*.log && break
              sleep 0.1; done; exit 2]], name = "x" }
            prx.stop_when(function(s) if s.last.name == "x" then return "x failed" end end)
            """)
        let (outcome, finished) = try await bench.runRecipePrintingEachEnd()
        #expect(outcome.status == 1, "\(outcome.stderr)")
        #expect(finished == ["x FAILED", "a FAILED", "c CANCELLED"], "\(outcome.stdout)")
        let rows = try await bench.summaryRecords().map { "\($0["task_file"]!) \($0["status"]!)" }
        #expect(rows == ["x FAILED", "a FAILED", "c CANCELLED"])
    }

    /// A task a halt keeps from its retry ended as its last attempt did, with that attempt's message alone, after a
    /// log line saying it would be retried: the CSV summary, `--json`, the log and `on_finish` told nothing of why
    /// it was not, and `--json`'s `attempt` line, "for an attempt that failed and is retried", was repeated by its task
    /// line. Its message now says so after the attempt's own; the log writes a timed-out one whole, not in parallelr's
    /// `Task timed out after 0.2s: a`, which would drop it.
    @Test func aRetryAHaltKeepsFromRunningSaysWhyInItsMessage() async throws {
        let bench = try Workbench()
        defer { bench.root.remove() }
        try bench.root.write("recipe.lua", """
            prx.task { "sleep", "5", name = "a", timeout = 0.2, retries = 3, retry_delay = 30 }
            prx.task { sh = [[for i in $(seq 600); do grep -q 'attempt 1 failed: a' \(bench.logs)/*.log && break
              sleep 0.1; done; exit 2]], name = "x" }
            prx.stop_when(function(s) if s.last.name == "x" then return "x failed" end end)
            prx.on_finish(function(t, r) print("finished", t.name, r.status, r.message) end)
            """)
        let outcome = try await bench.prx(["run", "recipe.lua", "-r", "--json", "run.jsonl"])
        #expect(outcome.status == 1, "\(outcome.stderr)")
        let message = "Timeout after 0.2s; not retried: run halted: stop_when: x failed"
        #expect(outcome.stdout.contains("finished\ta\tTIMEOUT\t\(message)\n"), "\(outcome.stdout)")
        let rows = try await bench.summaryRecords()
            .map { "\($0["task_file"]!) \($0["status"]!) \($0["error_message"]!)" }
        #expect(rows == ["x FAILED Exit code 2", "a TIMEOUT \(message)"])
        let json = try bench.root.read("run.jsonl").split(separator: "\n").compactMap { line in
            try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any]
        }
        let lines = json.filter { $0["label"] as? String == "a" }.map { "\($0["type"]!) \($0["message"]!)" }
        #expect(lines == ["attempt Timeout after 0.2s", "task \(message)"])
        let log = try String(contentsOfFile: try #require(bench.logFiles(endingWith: ".log").first), encoding: .utf8)
        #expect(log.contains("Task attempt 1 failed: a - Timeout after 0.2s; retrying\n"), "\(log)")
        #expect(log.contains("Task timed out: a - \(message)\n"), "\(log)")
    }

    /// A `stop_when` halting at a failure reported the task after it SKIPPED when the recipe defined it before the
    /// slow task beside the failure (the scheduler had pulled it, waiting) and CANCELLED when it defined it after (the
    /// two workers busy, it was still in the source): the same graph ended two ways by the order of its lines. Both
    /// are CANCELLED by the halt now, in the CSV summary, to `on_finish` and in the summary's counts.
    @Test(arguments: [true, false])
    func aHaltOnAFailureCancelsTheTaskAfterItWhereverTheRecipeDefinesIt(dependentFirst: Bool) async throws {
        let bench = try Workbench()
        defer { bench.root.remove() }
        let dependent = #"prx.task { "echo", "b", name = "b", after = "a" }"#
        let slow = #"prx.task { "sleep", "1", name = "s" }"#
        try bench.root.write("recipe.lua", """
            prx.config { workers = 2 }
            prx.task { sh = "exit 1", name = "a" }
            \(dependentFirst ? dependent : slow)
            \(dependentFirst ? slow : dependent)
            prx.stop_when(function(s) if s.failures > 0 then return "a failure" end end)
            """)
        let (outcome, finished) = try await bench.runRecipePrintingEachEnd()
        #expect(outcome.status == 1, "\(outcome.stderr)")
        #expect(finished == ["a FAILED", "b CANCELLED", "s SUCCESS"], "\(outcome.stdout)")
        let rows = try await bench.summaryRecords()
            .map { "\($0["task_file"]!) \($0["status"]!) \($0["error_message"]!)" }
        #expect(rows == ["a FAILED Exit code 1", "b CANCELLED run halted: stop_when: a failure", "s SUCCESS "])
        #expect(outcome.stdout.contains("Cancelled: 1\n"), "\(outcome.stdout)")
        #expect(!outcome.stdout.contains("Skipped:"), "\(outcome.stdout)")
    }

    /// An `on_start` that failed under `on_error = "halt"` halted the run only at the next result: the tasks ready
    /// beside the one it failed for started meanwhile. No task starts after it.
    @Test func anOnStartErrorUnderHaltStartsNoOtherTask() async throws {
        let bench = try Workbench()
        defer { bench.root.remove() }
        try bench.root.write("recipe.lua", """
            prx.config { workers = 3, on_error = "halt" }
            for _, name in ipairs { "a", "b", "c", "d" } do prx.task { "true", name = name } end
            prx.on_start(function(task) if task.name == "a" then error("start failed") end end)
            """)
        let outcome = try await bench.prx(["run", "recipe.lua", "-r"])
        #expect(outcome.status == 1, "\(outcome.stderr)")
        #expect(outcome.stderr.contains("prx: warning: recipe.lua:3: start failed (in on_start)"))
        let reason = "on_start failed: recipe.lua:3: start failed"
        #expect(outcome.stdout.contains("- Halted: \(reason)\n"), "\(outcome.stdout)")
        let rows = Dictionary(uniqueKeysWithValues: try await bench.summaryRecords().map {
            ($0["task_file"]!, "\($0["status"]!) \($0["error_message"]!)")
        })
        #expect(rows == [
            "a": "SUCCESS ", "b": "CANCELLED run halted: \(reason)", "c": "CANCELLED run halted: \(reason)",
            "d": "CANCELLED run halted: \(reason)",
        ])
    }

    /// A halt that cancels no task (a `stop_when` "all done" after the last task) leaves the exit status as the tasks
    /// made it: it was 1, though every task succeeded, which README's exit status (0 when every task succeeded) did
    /// not say. A halt that cancels tasks, and a Lua error under `on_error = "halt"` with nothing left to halt (the
    /// last task's `on_finish`), still fail the run; `on_done`'s `all_succeeded` says the same as the status.
    @Test(arguments: [
        ("prx.stop_when(function(s) if s.finished >= 4 then return \"all done\" end end)", 0, "true"),
        ("prx.stop_when(function(s) if s.finished >= 2 then return \"enough\" end end)", 1, "false"),
        ("prx.config { on_error = \"halt\" }\nprx.on_finish(function(t) if t.name == \"t4\" then error(\"x\") end end)",
            1, "true"),
    ])
    func aHaltFailsTheRunOnlyWhenItCutsItShortOrIsAnError(
        halting: String, status: Int32, allSucceeded: String
    ) async throws {
        let bench = try Workbench()
        defer { bench.root.remove() }
        try bench.root.write("recipe.lua", """
            prx.config { workers = 1 }
            for i = 1, 4 do prx.task { "true", name = "t" .. i } end
            prx.on_done(function(s) prx.write("all_succeeded", tostring(s.all_succeeded)) end)
            \(halting)
            """)
        let outcome = try await bench.prx(["run", "recipe.lua", "-r"])
        #expect(outcome.status == status, "\(outcome.stdout)\(outcome.stderr)")
        #expect(outcome.stdout.contains("- Halted: "), "\(outcome.stdout)")
        #expect(try bench.root.read("all_succeeded") == allSucceeded)
    }
}

extension Workbench {
    /// Runs `recipe.lua` with `-r`, an `on_finish` added that prints each task's end, and returns how prx ended and
    /// those ends in the order `on_finish` was called (`a FAILED`).
    fileprivate func runRecipePrintingEachEnd() async throws -> (PRXProcess.Outcome, [String]) {
        let recipe = try root.read("recipe.lua")
        try root.write("recipe.lua", recipe + """

            prx.on_finish(function(t, r) print("finished", t.name, r.status) end)
            """)
        let outcome = try await prx(["run", "recipe.lua", "-r"])
        let ends = outcome.stdout.split(separator: "\n").filter { $0.hasPrefix("finished\t") }
            .map { $0.dropFirst("finished\t".count).replacingOccurrences(of: "\t", with: " ") }
        return (outcome, ends)
    }
}

extension TemporaryDirectory {
    /// The names of the `side-N` files the tests' `cmd` functions write.
    fileprivate func sideFiles() throws -> [String] {
        try FileManager.default.contentsOfDirectory(atPath: path).filter { $0.hasPrefix("side-") }
    }
}
