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

    /// A signal that comes once a halt has cancelled every task not started and no task runs any more, while prx
    /// still reports those tasks cancelled (held here by a JSON Lines FIFO the test reads only once it has sent the
    /// signal), stops and cancels nothing: the run is `interrupted (after tasks)`, its report says that the signal
    /// came once every task had ended, each cancelled task keeps the halt's reason, and prx exits 143, 128 + the signal,
    /// as for any signal that comes before every result is written. The report said `(running tasks were stopped, the
    /// rest cancelled)` and the history `interrupted`: the task that had run beside the one whose result halted the run
    /// ended during the reporting, and was taken in only after the signal.
    @Test func aRunInterruptedAsItReportsWhatAHaltCancelledIsShownAsInterruptedAfterItsTasks() async throws {
        let bench = try Workbench()
        defer { bench.root.remove() }
        let lines = try bench.root.write("lines.txt", (1...3000).map { "\($0)\n" }.joined())
        let fifo = bench.root.file("results.fifo")
        try #require(mkfifo(fifo, 0o600) == 0)
        // Open before prx opens it, so that prx's open finds a reader; read only once the signal is sent.
        let reader = open(fifo, O_RDONLY | O_NONBLOCK | O_CLOEXEC)
        try #require(reader >= 0)
        defer { close(reader) }
        let run = try PRXProcess(
            [
                "-A", lines, "-C", "false @ARG@", "-r", "-m", "2", "--stop-policy", "halt-after",
                "--set", "halt-after.results=1", "--json", fifo,
            ],
            executable: PRXProcess.executablePath(named: "prx-with-test-plugins"), home: bench.home,
            directory: bench.root.path)
        let pid = run.process.processIdentifier
        // The first result halted the run with the second task started. Once the halt is in the log and prx has no
        // child left but its orphan guard (both tasks ended, their processes reaped), prx is reporting the tasks
        // the halt cancelled, held by the FIFO, which the first thousand rows fill, and no task runs.
        func halted() -> Bool {
            let logs = (try? FileManager.default.contentsOfDirectory(atPath: bench.logs)) ?? []
            return logs.filter { $0.hasSuffix(".log") }.contains { name in
                (try? String(contentsOfFile: bench.logs + "/" + name, encoding: .utf8))?
                    .contains("Auto-stop: halt-after: 1 results") == true
            }
        }
        func tasksLeft() -> Bool {
            let entries = (try? FileManager.default.contentsOfDirectory(atPath: "/proc")) ?? []
            return entries.compactMap { Int32($0) }.contains { child in
                LiveProcesses.parent(of: child) == pid && child != LiveProcesses.orphanGuard(of: pid)
            }
        }
        let deadline = Date().addingTimeInterval(60)
        while (!halted() || tasksLeft()) && Date() < deadline {
            try await Task.sleep(for: .milliseconds(20))
        }
        try #require(halted() && !tasksLeft())
        kill(pid, SIGTERM)
        let json = await BlockingCall.run { Self.readToTheEnd(reader) }
        let outcome = await run.wait(killingAfter: 60)
        #expect(outcome.status == 128 + SIGTERM, "\(outcome.stderr)")
        #expect(outcome.stdout.contains("\nInterrupted: yes (once every task had ended)\n"), "\(outcome.stdout)")
        let objects = json.split(separator: "\n").compactMap {
            try? JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: Any]
        }
        let cancelled = objects.filter { $0["status"] as? String == "CANCELLED" }
        #expect(cancelled.count == 2998)
        #expect(cancelled.allSatisfy { $0["message"] as? String == "run halted: halt-after: 1 results" })
        #expect(objects.last?["type"] as? String == "summary")
        #expect(objects.last?["interrupted"] as? Bool == true)
        let id = try #require(bench.runIDs().first)

        try await Shown(id, in: bench)
            .expect(id, shownAs: "interrupted (after tasks)", state: "interrupted", afterTasks: true)
    }

    /// Everything the non-blocking FIFO `descriptor` gives until its writer closes it.
    private static func readToTheEnd(_ descriptor: Int32) -> String {
        var bytes: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: 65536)
        while true {
            let count = read(descriptor, &buffer, buffer.count)
            if count > 0 {
                bytes += buffer[..<count]
            } else if count == 0 {
                return String(decoding: bytes, as: UTF8.self)
            } else if errno == EAGAIN || errno == EINTR {
                var request = pollfd(fd: descriptor, events: Int16(POLLIN), revents: 0)
                _ = poll(&request, 1, 100)
            } else {
                return String(decoding: bytes, as: UTF8.self)
            }
        }
    }
}
