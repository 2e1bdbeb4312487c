import Foundation
import PRXTesting
import Testing

/// `prx history` showed a run a signal interrupted (its running tasks stopped, the rest cancelled, exit 130/143) as
/// `finished`, as it does a run that got to its end, though its journal's `run_finished` line says
/// `"interrupted": true`. The table, `prx history RUN` and `--json` now say `interrupted`, and `interrupted (after
/// tasks)` (`"interrupted_after_tasks": true`) for a signal that came in a recipe's `on_done`, once every task had
/// ended.
@Suite(.runsProcesses) struct InterruptedRunHistoryTests {
    /// What `prx history`, `prx history RUN` and their `--json` say of the run `run`: its row, the first line of its
    /// tasks' table, and both JSON objects.
    struct Shown {
        var row: String
        var heading: String
        var listed: [String: Any]
        var alone: [String: Any]

        init(_ run: String, in bench: Workbench) async throws {
            let table = try await bench.prx(["history"]).stdout
            row = try #require(table.split(separator: "\n").first { $0.hasPrefix(run + " ") }.map(String.init))
            heading = try #require(try await bench.prx(["history", run]).stdout.split(separator: "\n").first)
                .description
            let runs = try JSONSerialization.jsonObject(
                with: Data(try await bench.prx(["history", "--json"]).stdout.utf8)) as? [[String: Any]]
            listed = try #require(runs?.first { $0["run"] as? String == run })
            alone = try #require(try JSONSerialization.jsonObject(
                with: Data(try await bench.prx(["history", run, "--json"]).stdout.utf8)) as? [String: Any])
        }

        /// Expects the tables to show the run `run` as `shown`, and both JSON objects to give `state` and
        /// `afterTasks`.
        func expect(_ run: String, shownAs shown: String, state: String, afterTasks: Bool) {
            #expect(row.contains(" \(shown)  "), "\(row)")
            #expect(heading.hasPrefix("Run \(run): \(shown), started "), "\(heading)")
            for object in [listed, alone] {
                #expect(object["state"] as? String == state)
                #expect(object["interrupted"] as? Bool == (state == "interrupted"))
                #expect(object["interrupted_after_tasks"] as? Bool == afterTasks)
            }
        }
    }

    /// A run interrupted while its tasks ran is `interrupted`; a run after it that got to its end stays `finished`.
    @Test(arguments: [SIGINT, SIGTERM])
    func aRunASignalInterruptedIsShownAsInterrupted(signal: Int32) async throws {
        let bench = try Workbench()
        defer { bench.root.remove() }
        let started = bench.root.file("started")
        let folder = try bench.tasks(3) { _ in "touch \(started); sleep 30\n" }
        let run = try PRXProcess(
            ["-T", folder, "-C", "bash @TASK@", "-r", "-m", "1"], home: bench.home, directory: bench.root.path)
        let deadline = Date().addingTimeInterval(20)
        while !FileManager.default.fileExists(atPath: started) && Date() < deadline {
            try await Task.sleep(for: .milliseconds(20))
        }
        kill(run.process.processIdentifier, signal)
        #expect(await run.wait(killingAfter: 30).status == 128 + signal)
        try bench.root.write("done.sh", "true\n")
        #expect(try await bench.prx(["-T", "done.sh", "-C", "bash @TASK@", "-r"]).status == 0)
        let runs = bench.runIDs()
        try #require(runs.count == 2)

        try await Shown(runs[0], in: bench)
            .expect(runs[0], shownAs: "interrupted", state: "interrupted", afterTasks: false)
        try await Shown(runs[1], in: bench).expect(runs[1], shownAs: "finished", state: "finished", afterTasks: false)
    }

    /// A signal in a recipe's `on_done`, once every task had ended, is `interrupted (after tasks)`: no task was
    /// stopped or cancelled, but the run did not get to its end.
    @Test func aRunInterruptedInItsOnDoneIsShownAsInterruptedAfterItsTasks() async throws {
        let bench = try Workbench()
        defer { bench.root.remove() }
        try bench.root.write("recipe.lua", """
            prx.task { "true", name = "a" }
            prx.on_done(function()
              prx.write("looping", "yes")
              local t = os.clock() while os.clock() - t < 5 do end
            end)
            """)
        let run = try await bench.prxOnceLooping(["run", "recipe.lua", "-r"])
        kill(run.process.processIdentifier, SIGINT)
        #expect(await run.wait(killingAfter: 30).status == 128 + SIGINT)
        let id = try #require(bench.runIDs().first)

        try await Shown(id, in: bench)
            .expect(id, shownAs: "interrupted (after tasks)", state: "interrupted", afterTasks: true)
    }

    /// A signal as prx stops what its tasks left running, once every task had ended, is an interruption after the
    /// tasks too: the report said `(running tasks were stopped, the rest cancelled)` of a run whose one task had
    /// succeeded, and the history `interrupted`.
    @Test func aRunInterruptedAsItStopsWhatTasksLeftRunningIsShownAsInterruptedAfterItsTasks() async throws {
        let bench = try Workbench()
        defer { bench.root.remove() }
        let ready = bench.root.file("ready")
        let mark = "30\(Int.random(in: 10...99)).\(Int.random(in: 100_000...999_999))"
        let daemon = "setsid sh -c 'trap \"\" TERM; touch \(ready); exec sleep \(mark)' </dev/null >/dev/null 2>&1 &\n"
        let folder = try bench.tasks(1) { _ in daemon + "while [ ! -e \(ready) ]; do sleep 0.01; done\n" }
        let run = try PRXProcess(
            ["-T", folder, "-C", "bash @TASK@", "-r", "--set", "local.termination_grace=3"], home: bench.home,
            directory: bench.root.path)
        let deadline = Date().addingTimeInterval(20)
        while !FileManager.default.fileExists(atPath: ready) && Date() < deadline {
            try await Task.sleep(for: .milliseconds(20))
        }
        // The task ends at once, and prx gives the daemon, which ignores SIGTERM, its 3 s.
        try await Task.sleep(for: .milliseconds(1000))
        kill(run.process.processIdentifier, SIGINT)
        let outcome = await run.wait(killingAfter: 30)
        #expect(outcome.status == 128 + SIGINT)
        #expect(outcome.stdout.contains("\nInterrupted: yes (once every task had ended)\n"),
            "\(outcome.stdout)")
        #expect(await LiveProcesses.awaitGone(mark, seconds: 1).isEmpty)
        let id = try #require(bench.runIDs().first)

        try await Shown(id, in: bench)
            .expect(id, shownAs: "interrupted (after tasks)", state: "interrupted", afterTasks: true)
    }
}
