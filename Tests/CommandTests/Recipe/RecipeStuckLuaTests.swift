import Foundation
import PRXTesting
import Testing

/// Lua code blocked inside a C function, which the hook that interrupts Lua code never reaches, no longer holds prx
/// past SIGINT or SIGTERM.
@Suite(.runsProcesses) struct RecipeStuckLuaTests {
    /// A hook blocked in `string.find` (a pattern that backtracks for hours) or in `io.read` (a FIFO no process
    /// writes) held prx past every signal, a second SIGINT included; now, a second after the interruption failed to
    /// stop it, prx stops its tasks, warns naming the hook and exits with 128 + the signal.
    @Test(arguments: [
        (SIGTERM, 1, #"print(string.rep("a", 2000):find(".-.-.-.-b"))"#),
        (SIGINT, 2, #"io.open("fifo"):read("l")"#),
    ])
    func luaBlockedInACFunctionEndsPrxAfterASignal(signal: Int32, times: Int, blocking: String) async throws {
        let bench = try Workbench()
        defer { bench.root.remove() }
        guard mkfifo(bench.root.file("fifo"), 0o600) == 0 else { throw CocoaError(.fileWriteUnknown) }
        try bench.root.write("recipe.lua", """
            prx.task { sh = "while [ ! -f b.pid ]; do sleep 0.05; done", name = "a" }
            prx.task { sh = "echo $$ > b.pid; exec sleep 30", name = "b" }
            prx.on_finish(function(task)
              if task.name == "a" then prx.write("looping", "yes") \(blocking) end
            end)
            """)
        let run = try await bench.prxOnceLooping(["run", "recipe.lua", "-r"])
        let started = Date()
        for _ in 0..<times {
            kill(run.process.processIdentifier, signal)
            try? await Task.sleep(for: .milliseconds(200))
        }
        let outcome = await run.wait(killingAfter: 20)
        #expect(outcome.status == 128 + signal, "\(outcome.stderr)")
        #expect(Date().timeIntervalSince(started) < 10)
        let name = signal == SIGINT ? "SIGINT" : "SIGTERM"
        #expect(outcome.stderr.contains(
            "prx: warning: recipe.lua:3: on_finish did not give way to \(name) (blocked in a C function such as "
                + "io.read or string.find, or in a __gc metamethod); prx exits without it, and the results not yet "
                + "written are lost\n"),
            "\(outcome.stderr)")
        let task = try #require(Int32(try bench.root.read("b.pid").trimmingCharacters(in: .whitespacesAndNewlines)))
        let deadline = Date().addingTimeInterval(5)
        while kill(task, 0) == 0 && Date() < deadline { try? await Task.sleep(for: .milliseconds(20)) }
        #expect(kill(task, 0) != 0, "task b (pid \(task)) outlived prx")
    }

    /// A hook that catches the interruption's error with `pcall` and goes on looping is given up as one blocked in a
    /// C function is; the warning said it was blocked in a C function or a `__gc` metamethod, which it was not, and
    /// now says it caught the error.
    @Test func luaCatchingTheInterruptionIsWarnedOfAsSuch() async throws {
        let bench = try Workbench()
        defer { bench.root.remove() }
        try bench.root.write("recipe.lua", """
            prx.task { "true", name = "a" }
            prx.on_finish(function(task)
              prx.write("looping", "yes")
              while true do pcall(function() while true do end end) end
            end)
            """)
        let run = try await bench.prxOnceLooping(["run", "recipe.lua", "-r"])
        kill(run.process.processIdentifier, SIGINT)
        let outcome = await run.wait(killingAfter: 20)
        #expect(outcome.status == 130, "\(outcome.stderr)")
        #expect(outcome.stderr.contains(
            "prx: warning: recipe.lua:2: on_finish did not give way to SIGINT (it caught the interruption's error, "
                + "with pcall, and went on); prx exits without it, and the results not yet written are lost\n"),
            "\(outcome.stderr)")
    }

    /// prx ending so left its journal without its `run_finished` line, so `prx history` showed the run as killed;
    /// now the line is there, interrupted, with the counts the journal had. A hook blocked in `on_done` comes after
    /// every task's end was written; one blocked in `on_finish` held up the ends of its turn, and the line says the
    /// journal lacks tasks (`incomplete`), for `--resume-failed` to run those it never reached. `prx history` listed
    /// such a run as finished and its task with no end as RUNNING; it shows the run as incomplete (interrupted) and
    /// the task as LOST (and the run whose `on_done` was cut short as `interrupted (after tasks)`). The line for
    /// `on_done` says the interruption came once every task had ended (`interrupted_after_tasks`), as the journal's
    /// sink says of an `on_done` the signal cut short: it told it apart from one while tasks ran.
    @Test(arguments: [("on_done", false), ("on_finish", true)])
    func luaBlockedInACFunctionEndsTheJournalAsInterrupted(hook: String, incomplete: Bool) async throws {
        let bench = try Workbench()
        defer { bench.root.remove() }
        try bench.root.write("recipe.lua", """
            prx.task { "true", name = "a" }
            prx.task { "true", name = "b", after = "a" }
            prx.\(hook)(function(first)
              if first.name ~= "b" then prx.write("looping", "yes") print(string.rep("a", 2000):find(".-.-.-.-b")) end
            end)
            """)
        let run = try await bench.prxOnceLooping(["run", "recipe.lua", "-r"])
        kill(run.process.processIdentifier, SIGTERM)
        let outcome = await run.wait(killingAfter: 20)
        #expect(outcome.status == 143, "\(outcome.stderr)")
        #expect(outcome.stderr.contains("\(hook) did not give way to SIGTERM"), "\(outcome.stderr)")
        let journal = try String(contentsOfFile: try #require(bench.journals().first), encoding: .utf8)
        let last = try #require(journal.split(separator: "\n").last)
        let end = try #require(try JSONSerialization.jsonObject(with: Data(last.utf8)) as? [String: Any])
        #expect(end["event"] as? String == "run_finished", "\(journal)")
        #expect(end["interrupted"] as? Bool == true)
        #expect(end["total"] as? Int == (incomplete ? 0 : 2) && end["succeeded"] as? Int == end["total"] as? Int)
        #expect(end["incomplete"] as? Bool == (incomplete ? true : nil))
        #expect(end["interrupted_after_tasks"] as? Bool == (incomplete ? nil : true), "\(last)")
        let history = try await bench.prx(["history"])
        let row = try #require(history.stdout.split(separator: "\n").last)
        let state = incomplete ? "incomplete (interrupted)" : "interrupted (after tasks)"
        #expect(row.contains(" \(state) ") && !row.contains("killed"), "\(history.stdout)")
        let runID = try #require(bench.runIDs().first)
        let tasks = try await bench.prx(["history", runID])
        #expect(tasks.stdout.hasPrefix("Run \(runID): \(state), "), "\(tasks.stdout)")
        let statuses = tasks.stdout.split(separator: "\n").dropFirst(3).map { $0.split(separator: " ")[1] }
        #expect(statuses == (incomplete ? ["LOST"] : ["SUCCESS", "SUCCESS"]), "\(tasks.stdout)")
    }

    /// The `run_finished` line that prx wrote as it so exited counted the results its journal's writer had been given,
    /// the turn it still held among them: with a hook stuck in `on_start` for task 5, the line said 4 tasks, 4
    /// succeeded, and `prx history` with it, while the journal held the ends of three, and `prx history RUN` showed
    /// task 4 running. Now the line counts the results whose lines are in the file, as `--parser` and
    /// `--stop-policy` files stuck likewise, a line or a result later, leave it.
    @Test(arguments: [
        ("hooks.lua", "--hook", "return { on_start = function(task) if task.argv[2] == '5' then BLOCK end end }"),
        ("parse.lua", "--parser", "return function(line) if line == '5' then BLOCK end return line end"),
        ("policy.lua", "--stop-policy", "return function(stats) if stats.finished == 5 then BLOCK end end"),
    ])
    func theEndLineOfAStuckRunCountsTheTaskEndsInTheJournal(file: String, flag: String, code: String) async throws {
        let bench = try Workbench()
        defer { bench.root.remove() }
        let block = #"prx.write("looping", "yes") string.find(("a"):rep(60), ("a*"):rep(25) .. "b")"#
        try bench.root.write(file, code.replacingOccurrences(of: "BLOCK", with: block))
        try bench.root.write("args.txt", (1...10).map { "\($0)\n" }.joined())
        let run = try await bench.prxOnceLooping(["-A", "args.txt", "-C", "true @ARG@", "-m", "1", flag, file, "-r"])
        kill(run.process.processIdentifier, SIGTERM)
        let outcome = await run.wait(killingAfter: 20)
        #expect(outcome.status == 143, "\(outcome.stderr)")
        let journal = try String(contentsOfFile: try #require(bench.journals().first), encoding: .utf8)
        let lines = try journal.split(separator: "\n").map {
            try #require(try JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: Any])
        }
        let finished = lines.filter { $0["event"] as? String == "task_finished" }.count
        let end = try #require(lines.last)
        #expect(end["event"] as? String == "run_finished" && end["interrupted"] as? Bool == true, "\(journal)")
        #expect(finished > 0 && end["total"] as? Int == finished && end["succeeded"] as? Int == finished, "\(journal)")
        // The list counts the tasks with no end too (LOST), as a killed run's counts its running ones.
        let started = Set(lines.filter { $0["event"] as? String == "task_started" }.compactMap { $0["id"] as? Int })
        let history = try await bench.prx(["history", "--json"])
        let runs = try #require(try JSONSerialization.jsonObject(with: Data(history.stdout.utf8)) as? [[String: Any]])
        #expect(runs.first?["tasks"] as? Int == started.count && runs.first?["succeeded"] as? Int == finished,
            "\(history.stdout)")
        #expect(runs.first?["state"] as? String == "incomplete")
    }

    /// A call that returns after all, once prx gave it up but before the executor had stopped the tasks (a slow
    /// `string.find`), let the run go on beside prx's exit: both ended the journal, or the exit left it without its
    /// end line, the run's own being lost at `_exit`. Now the run goes on to its usual end, and prx does not exit
    /// early: here `on_start` (called before its task's command starts) blocks reading a FIFO that is written 4.5 s
    /// after the SIGTERM, once the call was given up (2 s) and while the other task, which ignores SIGTERM, has 8 s
    /// to stop.
    @Test func aCallReturningOnceGivenUpLetsTheRunEndAsUsual() async throws {
        let bench = try Workbench()
        defer { bench.root.remove() }
        guard mkfifo(bench.root.file("fifo"), 0o600) == 0 else { throw CocoaError(.fileWriteUnknown) }
        try bench.root.write("recipe.lua", """
            prx.task { sh = "trap '' TERM; echo $$ > a.pid; exec sleep 30", name = "a" }
            prx.task { "true", name = "b" }
            prx.on_start(function(task)
              if task.name == "b" then
                repeat local started = io.open("a.pid") until started
                prx.write("looping", "yes") io.open("fifo"):read("l")
              end
            end)
            """)
        let run = try await bench.prxOnceLooping(["run", "recipe.lua", "-r", "--set", "local.termination_grace=8"])
        kill(run.process.processIdentifier, SIGTERM)
        try? await Task.sleep(for: .milliseconds(4_500))
        let writer = open(bench.root.file("fifo"), O_WRONLY | O_NONBLOCK)
        #expect(writer >= 0, "the FIFO has no reader: prx exited early")
        if writer >= 0 {
            _ = write(writer, "go\n", 3)
            close(writer)
        }
        let outcome = await run.wait(killingAfter: 30)
        #expect(outcome.status == 143, "\(outcome.stderr)")
        #expect(!outcome.stderr.contains("did not give way"), "\(outcome.stderr)")
        let journal = try String(contentsOfFile: try #require(bench.journals().first), encoding: .utf8)
        let ends = journal.split(separator: "\n").filter { $0.contains(#""event":"run_finished""#) }
        #expect(ends.count == 1 && journal.hasSuffix("\n") && ends.last == journal.split(separator: "\n").last,
            "\(journal)")
        let end = try #require(try JSONSerialization.jsonObject(with: Data((ends.last ?? "").utf8)) as? [String: Any])
        #expect(end["interrupted"] as? Bool == true && end["total"] as? Int == 2 && end["incomplete"] == nil,
            "\(journal)")
    }

    /// The exit's warning went to the main log, which may be a FIFO whose reader stopped reading: the write waited for
    /// room for ever, on a thread that no interruption gives up, so that prx never exited while the stuck call kept its
    /// thread. Now the journal's line and the registry come first and the warning gets a second at most: prx exits
    /// with 143, its journal ended. The test holds the FIFO's reading end open, reads nothing, and fills it before
    /// the SIGTERM.
    @Test func aMainLogNoOneReadsDoesNotHoldTheExit() async throws {
        let bench = try Workbench()
        defer { bench.root.remove() }
        let fifo = bench.root.file("log.fifo")
        guard mkfifo(fifo, 0o600) == 0 else { throw CocoaError(.fileWriteUnknown) }
        let reader = open(fifo, O_RDONLY | O_NONBLOCK)
        defer { close(reader) }
        let block = #"prx.write("looping", "yes") string.find(("a"):rep(60), ("a*"):rep(25) .. "b")"#
        try bench.root.write("hooks.lua", "return { on_finish = function(task) \(block) end }")
        try bench.root.write("args.txt", "1\n")
        let run = try await bench.prxOnceLooping(
            ["-A", "args.txt", "-C", "true @ARG@", "--hook", "hooks.lua", "--set", "log.path=log.fifo", "-r"])
        let filler = open(fifo, O_WRONLY | O_NONBLOCK)
        #expect(filler >= 0)
        let chunk = [UInt8](repeating: UInt8(ascii: "x"), count: 4096)
        while write(filler, chunk, chunk.count) > 0 {}
        close(filler)
        kill(run.process.processIdentifier, SIGTERM)
        let outcome = await run.wait(killingAfter: 20)
        #expect(outcome.status == 143, "\(outcome.stderr)")
        #expect(outcome.stderr.contains("on_finish did not give way to SIGTERM"), "\(outcome.stderr)")
        let journal = try String(contentsOfFile: try #require(bench.journals().first), encoding: .utf8)
        #expect(journal.split(separator: "\n").last?.contains(#""event":"run_finished""#) == true, "\(journal)")
    }
}
