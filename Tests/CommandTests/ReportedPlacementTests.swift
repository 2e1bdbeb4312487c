import Foundation
import PRXTesting
import Testing

/// A run on an executor that reports where its attempts run (a cluster's job id and host), through the real command:
/// `prx-with-test-plugins` with its `queued-local` executor, which reports each attempt as job `<task>.<attempt>`,
/// queued with no host, and then on host `node<worker>` before it runs the command as `local` does.
@Suite(.runsProcesses) struct ReportedPlacementTests {
    /// The run on `queued-local` whose jobs wait `queueSeconds`, one worker.
    private static func queuedLocal(queueSeconds: Double) -> [String] {
        ["-r", "-m", "1", "--executor", "queued-local", "--set", "queued-local.queue_seconds=\(queueSeconds)"]
    }

    /// The JSON object of `text`.
    private static func object(_ text: String) throws -> [String: Any] {
        try #require(try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any])
    }

    /// The journal records each placement, and says the run's executor reports them; `prx history RUN` shows each
    /// task's job id and host, and so does its `--json`. A local run's journal and history are as they were.
    @Test func theJournalAndTheHistoryHaveEachTasksPlacement() async throws {
        let bench = try Workbench()
        defer { bench.root.remove() }
        let folder = try bench.tasks(2) { _ in "true\n" }
        let placed = try await bench.prxWithTestPlugins(
            ["-T", folder, "-C", "bash @TASK@"] + Self.queuedLocal(queueSeconds: 0.1))
        #expect(placed.status == 0, "\(placed.stderr)")
        let journal = try String(contentsOfFile: try #require(bench.journals().last), encoding: .utf8)
            .split(separator: "\n").map(String.init)
        #expect(journal.first?.contains(#""reports_placements":true"#) == true)
        #expect(journal.filter { $0.contains(#""event":"task_placed""#) } == [
            #"{"event":"task_placed","id":1,"attempt":1,"job_id":"1.1","host":null}"#,
            #"{"event":"task_placed","id":1,"attempt":1,"job_id":"1.1","host":"node1"}"#,
            #"{"event":"task_placed","id":2,"attempt":1,"job_id":"2.1","host":null}"#,
            #"{"event":"task_placed","id":2,"attempt":1,"job_id":"2.1","host":"node1"}"#,
        ])
        let finished = journal.filter { $0.contains(#""event":"task_finished""#) }
        #expect(finished.count == 2)
        #expect(finished.allSatisfy { $0.contains(#""host":"node1""#) })

        let run = try #require(bench.runIDs().last)
        let table = try await bench.prx(["history", run]).stdout.split(separator: "\n")
        let header = try #require(table.first { $0.hasPrefix("ID ") })
        #expect(header.split(separator: " ") == ["ID", "STATUS", "EXIT", "DURATION", "ATTEMPTS", "JOB", "HOST", "TASK"])
        let rows = table.filter { $0.hasPrefix("1 ") || $0.hasPrefix("2 ") }.map { $0.split(separator: " ") }
        #expect(rows.map { Array($0[0...1] + $0[4...6]) } == [
            ["1", "SUCCESS", "1", "1.1", "node1"], ["2", "SUCCESS", "1", "2.1", "node1"],
        ])
        let json = try Self.object(try await bench.prx(["history", run, "--json"]).stdout)
        let tasks = try #require(json["tasks"] as? [[String: Any]])
        #expect(tasks.map { "\($0["job_id"] as? String ?? "-") \($0["host"] as? String ?? "-")" }
            == ["1.1 node1", "2.1 node1"])

        let local = try await bench.prxWithTestPlugins(["-T", folder, "-C", "bash @TASK@", "-r"])
        #expect(local.status == 0, "\(local.stderr)")
        let localJournal = try String(contentsOfFile: try #require(bench.journals().last), encoding: .utf8)
        #expect(!localJournal.contains("reports_placements") && !localJournal.contains("task_placed"))
        let localRun = try #require(bench.runIDs().last)
        let localTable = try await bench.prx(["history", localRun]).stdout.split(separator: "\n")
        let localHeader = try #require(localTable.first { $0.hasPrefix("ID ") })
        #expect(localHeader.split(separator: " ") == ["ID", "STATUS", "EXIT", "DURATION", "ATTEMPTS", "TASK"])
        let localJSON = try Self.object(try await bench.prx(["history", localRun, "--json"]).stdout)
        #expect((localJSON["tasks"] as? [[String: Any]])?.allSatisfy { $0["job_id"] == nil && $0["host"] == nil }
            == true)
    }

    /// `prx status` shows where each running task is, as its executor last reported it: its job id while the job is
    /// queued, saying that its host is not known yet, then the job id and the host it runs on.
    @Test func statusShowsWhereEachRunningTaskIs() async throws {
        let bench = try Workbench()
        defer { bench.root.remove() }
        let folder = try bench.tasks(1) { _ in "sleep 60\n" }
        let live = try PRXProcess(
            ["-T", folder, "-C", "bash @TASK@"] + Self.queuedLocal(queueSeconds: 4),
            executable: PRXProcess.executablePath(named: "prx-with-test-plugins"), home: bench.home,
            directory: bench.root.path)
        let (queued, running) = try await live.whileRunning {
            /// The line of task 1 in `prx status` once it holds `text`, after 30 s at the latest.
            func taskLine(holding text: String) async throws -> String {
                let deadline = Date().addingTimeInterval(30)
                var line = ""
                repeat {
                    let status = try await bench.prx(["status"]).stdout
                    line = status.split(separator: "\n").first { $0.hasPrefix("  1  ") }.map(String.init) ?? status
                    if line.contains(text) { break }
                    try await Task.sleep(for: .milliseconds(100))
                } while Date() < deadline
                return line
            }
            return (try await taskLine(holding: "job 1.1"), try await taskLine(holding: "on node1"))
        }
        #expect(queued.wholeMatch(of: #/  1  running \d+\.\ds  job 1\.1, host not known yet  .*task1\.sh/#) != nil,
            "\(queued)")
        #expect(running.wholeMatch(of: #/  1  running \d+\.\ds  job 1\.1 on node1  .*task1\.sh/#) != nil, "\(running)")
    }

    /// A recipe's `on_placed`, and a `--hook` file's, is called for each placement with the task and the placement's
    /// job id, host and attempt.
    @Test(arguments: [false, true])
    func onPlacedIsCalledForEachPlacement(inHookFile: Bool) async throws {
        let bench = try Workbench()
        defer { bench.root.remove() }
        let hook = """
            function(task, p)
              print("placed " .. task.name .. " #" .. p.attempt .. " job " .. p.job_id .. " on " .. tostring(p.host))
            end
            """
        let arguments: [String]
        if inHookFile {
            let folder = try bench.tasks(2) { _ in "true\n" }
            try bench.root.write("hooks.lua", "return { on_placed = \(hook) }")
            arguments = ["-T", folder, "-C", "bash @TASK@", "--hook", "hooks.lua"] + Self.queuedLocal(queueSeconds: 0.1)
        } else {
            try bench.root.write("recipe.lua", """
                prx.config { executor = "queued-local", workers = 1 }
                prx.set("queued-local.queue_seconds", 0.1)
                prx.task { "true", name = "task1.sh" }
                prx.task { "true", name = "task2.sh" }
                prx.on_placed(\(hook))
                """)
            arguments = ["run", "recipe.lua", "-r"]
        }
        let outcome = try await bench.prxWithTestPlugins(arguments)
        #expect(outcome.status == 0, "\(outcome.stderr)")
        let placed = outcome.stdout.split(separator: "\n").filter { $0.hasPrefix("placed ") }
            .map { $0.replacingOccurrences(of: bench.root.file("tasks") + "/", with: "") }
        #expect(placed == [
            "placed task1.sh #1 job 1.1 on nil", "placed task1.sh #1 job 1.1 on node1",
            "placed task2.sh #1 job 2.1 on nil", "placed task2.sh #1 job 2.1 on node1",
        ])
    }
}
