import Foundation
import PRXTesting
import Testing

/// A halt was acted on only once the scheduler had filled every free worker: a result (or a placement) that came
/// while a task started, its `on_start` hook running, waited until the workers were full before the stop policy saw
/// it, so that a run halting at its first failure started three more tasks after it. What comes as a task starts is
/// now shown to the stop policy before the next start: the task whose start was under way when the first failed starts,
/// and no other. The first task fails (or is placed) 0.3 s after it started, once the second's start is under way.
@Suite(.runsProcesses) struct HaltBeforeNextStartTests {
    /// An `on_start` hook that lets the task named `first` start at once and holds every other start until the file
    /// `signal` (under `bench`) exists and half a second more has passed, for prx to see what came meanwhile; the
    /// hook's file for flags mode returns it in a table. With `holdsProcessID`, the first task writes its process id
    /// there as it ends, and the half second counts from when that process is gone from `/proc` (prx has reaped it:
    /// its result is on its way), not from the file's writing, which a loaded machine may leave long before prx sees
    /// the process end.
    static func onStart(in bench: Workbench, first: String, signal: String, holdsProcessID: Bool) -> String {
        """
        function(t)
          if t.name:sub(-#"\(first)") == "\(first)" then return end
          local function uptime() local f = io.open("/proc/uptime"); local s = f:read("n"); f:close(); return s end
          local deadline = uptime() + 20
          local pid
          repeat
            local f = io.open("\(bench.root.file(signal))")
            if f then pid = f:read("a"):match("%d+"); f:close() end
          until (f and (pid or not \(holdsProcessID))) or uptime() > deadline
          if pid then
            repeat
              local p = io.open("/proc/" .. pid .. "/stat")
              if p then p:close() end
            until not p or uptime() > deadline
          end
          local later = uptime() + 0.5
          repeat until uptime() > later
        end
        """
    }

    /// The start of a recipe of two workers whose task `t1` fails after 0.3 s, and whose Lua function `hold` holds its
    /// caller until `t1` has failed and half a second more has passed (``onStart(in:first:signal:holdsProcessID:)``).
    static func failingFirst(in bench: Workbench) -> String {
        """
        prx.config { workers = 2 }
        prx.task { sh = "sleep 0.3; echo $$ > failed; exit 1", name = "t1" }
        local hold = \(onStart(in: bench, first: "t1", signal: "failed", holdsProcessID: true))
        """
    }

    /// The tasks that started, by the main log's `Starting task` lines, each named by the last part of its path.
    static func started(in bench: Workbench) throws -> [String] {
        let log = try String(contentsOfFile: try #require(bench.logFiles(endingWith: ".log").first), encoding: .utf8)
        return log.split(separator: "\n").compactMap { line in
            line.range(of: ": Starting task ").map { String(line[$0.upperBound...].split(separator: "/").last!) }
        }
    }

    /// Writes the arguments `first`, `second` and `third`; a `--parser`, `parse.lua`, that holds the line `second`
    /// until the task `first` has failed (``onStart(in:first:signal:holdsProcessID:)``), then runs `onSecond`, Lua
    /// code that returns the line's arguments (`line` is the line), and returns every other line as it is; and a
    /// `--stop-policy`, `policy.lua`, that halts at the first failure when `halts`.
    static func parserSlowAfterAFailure(in bench: Workbench, halts: Bool, onSecond: String) throws {
        try bench.root.write("args.txt", "first\nsecond\nthird\n")
        try bench.root.write("parse.lua", """
            local hold = \(onStart(in: bench, first: "first", signal: "failed", holdsProcessID: true))
            return function(line)
              if line ~= "second" then return line end
              hold({ name = line })
              \(onSecond)
            end
            """)
        try bench.root.write(
            "policy.lua", "return function(s) if \(halts) and s.failures > 0 then return 'a failure' end end")
    }

    /// The status of each task by the last part of its path, from the summary CSV.
    static func statuses(in bench: Workbench) async throws -> [String: String] {
        let rows = try await bench.summaryRecords()
        return Dictionary(
            uniqueKeysWithValues: rows.map { (String($0["task_file"]!.split(separator: "/").last!), $0["status"]!) })
    }

    /// `started`'s statuses beside every task of `cancelled` `CANCELLED`.
    static func expected(_ started: [String: String], cancelling cancelled: [String]) -> [String: String] {
        started.merging(cancelled.map { ($0, "CANCELLED") }) { first, _ in first }
    }

    /// A recipe's `stop_when` halting at the first failure, four workers, each start after the first's held until the
    /// first has failed.
    @Test func aStopWhenHaltsBeforeTheNextStart() async throws {
        let bench = try Workbench()
        defer { bench.root.remove() }
        try bench.root.write("recipe.lua", """
            prx.config { workers = 4 }
            prx.task { sh = "sleep 0.3; echo $$ > failed; exit 1", name = "t1" }
            for i = 2, 12 do prx.task { "true", name = "t" .. i } end
            prx.on_start(\(Self.onStart(in: bench, first: "t1", signal: "failed", holdsProcessID: true)))
            prx.stop_when(function(s) if s.failures > 0 then return "a failure" end end)
            """)
        let outcome = try await bench.prx(["run", "recipe.lua", "-r"])
        #expect(outcome.status == 1, "\(outcome.stderr)")
        #expect(try Self.started(in: bench) == ["t1", "t2"])
        let statuses = try await Self.statuses(in: bench)
        #expect(statuses == Self.expected(["t1": "FAILED", "t2": "SUCCESS"], cancelling: (3...12).map { "t\($0)" }))
    }

    /// A result that came while a task's `cmd` function ran was seen only once that task had started: a `stop_when`
    /// halting at the first failure let the task the function made start after the failure, and run its command. The
    /// result is now shown to the policy before that task starts: halting, the task is `CANCELLED`, its `cmd` called
    /// and its command not run; not halting, the task starts with the command the function made, not calling it again.
    @Test(arguments: [true, false])
    func aResultThatComesWhileACmdFunctionRunsIsSeenBeforeItsTaskStarts(halts: Bool) async throws {
        let bench = try Workbench()
        defer { bench.root.remove() }
        try bench.root.write("recipe.lua", """
            \(Self.failingFirst(in: bench))
            local calls = 0
            prx.task { name = "t2", cmd = function()
              hold({ name = "t2" })
              calls = calls + 1
              prx.write("calls", tostring(calls))
              return { "touch", "t2-ran" }
            end }
            for i = 3, 4 do prx.task { "true", name = "t" .. i } end
            prx.stop_when(function(s) if \(halts) and s.failures > 0 then return "a failure" end end)
            """)
        let outcome = try await bench.prx(["run", "recipe.lua", "-r"])
        #expect(outcome.status == 1, "\(outcome.stderr)")
        #expect(try bench.root.read("calls") == "1")
        #expect(FileManager.default.fileExists(atPath: bench.root.file("t2-ran")) == !halts)
        #expect(try Self.started(in: bench) == (halts ? ["t1"] : ["t1", "t2", "t3", "t4"]))
        let statuses = try await Self.statuses(in: bench)
        let expected = halts
            ? Self.expected(["t1": "FAILED"], cancelling: ["t2", "t3", "t4"])
            : ["t1": "FAILED", "t2": "SUCCESS", "t3": "SUCCESS", "t4": "SUCCESS"]
        #expect(statuses == expected)
    }

    /// A task whose `cmd` function failed was recorded `ERROR` before a result that came while the function ran: the
    /// sinks and `stop_when` were given the two in the wrong order, and a `stop_when` halting at the first failure
    /// halted at the error, where the other result came first. The error is now recorded after it: halting, the run
    /// halts at the first result, and the error follows, `ERROR` as it is, before the tasks the halt cancels.
    @Test(arguments: [true, false])
    func aCmdFunctionsErrorIsRecordedAfterAResultThatCameWhileItRan(halts: Bool) async throws {
        let bench = try Workbench()
        defer { bench.root.remove() }
        try bench.root.write("recipe.lua", """
            \(Self.failingFirst(in: bench))
            prx.task { name = "t2", cmd = function() hold({ name = "t2" }); error("no command") end }
            prx.task { "true", name = "t3" }
            local seen = {}
            prx.stop_when(function(s)
              seen[#seen + 1] = s.last.name .. " " .. s.last.status
              prx.write("seen", table.concat(seen, " "))
              if \(halts) and s.failures > 0 then return "a failure" end
            end)
            """)
        let outcome = try await bench.prx(["run", "recipe.lua", "-r"])
        #expect(outcome.status == 1, "\(outcome.stderr)")
        #expect(try bench.root.read("seen") == (halts ? "t1 FAILED" : "t1 FAILED t2 ERROR t3 SUCCESS"))
        let rows = try await bench.summaryRecords().map { "\($0["task_file"]!) \($0["status"]!)" }
        #expect(rows == ["t1 FAILED", "t2 ERROR", halts ? "t3 CANCELLED" : "t3 SUCCESS"])
    }

    /// A result that came while the source made the next task (a `--parser` slow for its line) was seen only once that
    /// task had started: a stop policy halting at the first failure let the task start after the failure, and run its
    /// command. The result is now shown to the policy before that task starts: halting, the task is `CANCELLED`, its
    /// line parsed once and its command not run; not halting, it starts with the command the line made, not parsed
    /// again.
    @Test(arguments: [true, false])
    func aResultThatComesWhileTheSourceMakesATaskIsSeenBeforeItStarts(halts: Bool) async throws {
        let bench = try Workbench()
        defer { bench.root.remove() }
        try bench.root.write("task.sh", """
            case "$1" in first) sleep 0.3; echo $$ > \(bench.root.file("failed")); exit 1;; esac
            touch \(bench.root.file("ran-"))"$1"
            """)
        try Self.parserSlowAfterAFailure(in: bench, halts: halts, onSecond: """
            calls = (calls or 0) + 1
            prx.write("calls", tostring(calls))
            return line
            """)
        let outcome = try await bench.prx([
            "-A", "args.txt", "--parser", "parse.lua", "-C", "sh \(bench.root.file("task.sh")) @ARG@", "-r", "-m", "2",
            "--stop-policy", "policy.lua",
        ])
        #expect(outcome.status == 1, "\(outcome.stderr)")
        #expect(try bench.root.read("calls") == "1")
        #expect(FileManager.default.fileExists(atPath: bench.root.file("ran-second")) == !halts)
        #expect(try Self.started(in: bench) == (halts ? ["first"] : ["first", "second", "third"]))
        let statuses = try await Self.statuses(in: bench)
        let expected = halts
            ? Self.expected(["first": "FAILED"], cancelling: ["second", "third"])
            : ["first": "FAILED", "second": "SUCCESS", "third": "SUCCESS"]
        #expect(statuses == expected)
    }

    /// A task the source gave while a result came that cannot start (its argument over `max_argument_length`, a
    /// preflight error) was recorded `ERROR` before that result, which came first: a stop policy halting at the first
    /// failure halted at the task's error, and the CSV's first row was the task's. The result is now recorded first:
    /// halting, the task is `CANCELLED` as never started; not halting, its `ERROR` comes after the failure.
    @Test(arguments: [true, false])
    func aTaskThatCannotStartIsRecordedAfterAResultThatCameWhileTheSourceGaveIt(halts: Bool) async throws {
        let bench = try Workbench()
        defer { bench.root.remove() }
        try Self.parserSlowAfterAFailure(in: bench, halts: halts, onSecond: "return string.rep('x', 2000)")
        let outcome = try await bench.prx([
            "-A", "args.txt", "--parser", "parse.lua", "-r", "-m", "2", "--stop-policy", "policy.lua", "-C",
            "sh -c 'case $0 in first) sleep 0.3; echo $$ > \(bench.root.file("failed")); exit 1;; esac' @ARG@",
        ])
        #expect(outcome.status == 1, "\(outcome.stderr)")
        let statuses = try await bench.summaryRecords().map { $0["status"]! }
        #expect(statuses == (halts ? ["FAILED", "CANCELLED", "CANCELLED"] : ["FAILED", "ERROR", "SUCCESS"]))
    }

    /// The same in flags mode, halted by the stop limits at the first failure, the hook given by `--hook`.
    @Test func theStopLimitsHaltBeforeTheNextStart() async throws {
        let bench = try Workbench()
        defer { bench.root.remove() }
        try bench.tasks(8) { $0 == 1 ? "sleep 0.3; echo $$ > \(bench.root.file("failed")); exit 1\n" : "true\n" }
        let onStart = Self.onStart(in: bench, first: "/task1.sh", signal: "failed", holdsProcessID: true)
        try bench.root.write("hooks.lua", "return { on_start = \(onStart) }")
        let outcome = try await bench.prx([
            "-T", "tasks", "-C", "sh @TASK@", "-r", "-m", "4", "--hook", "hooks.lua", "--enable-stop-limits",
            "--set", "stop-limits.max_consecutive_failures=1",
        ])
        #expect(outcome.status == 1, "\(outcome.stderr)")
        #expect(try Self.started(in: bench) == ["task1.sh", "task2.sh"])
        let statuses = try await Self.statuses(in: bench)
        let cancelled = (3...8).map { "task\($0).sh" }
        #expect(statuses == Self.expected(["task1.sh": "FAILED", "task2.sh": "SUCCESS"], cancelling: cancelled))
    }

    /// A placement whose `on_placed` hook fails under `on_error = "halt"`, reported as the next task started, on an
    /// executor that reports where its jobs run (`queued-local`, of the tests' own build of prx).
    @Test func aPlacementThatHaltsHaltsBeforeTheNextStart() async throws {
        let bench = try Workbench()
        defer { bench.root.remove() }
        try bench.root.write("recipe.lua", """
            prx.config { executor = "queued-local", workers = 4, on_error = "halt" }
            prx.set("queued-local.queue_seconds", 0.3)
            prx.task { sh = "touch placed; sleep 2", name = "t1" }
            for i = 2, 12 do prx.task { "true", name = "t" .. i } end
            prx.on_start(\(Self.onStart(in: bench, first: "t1", signal: "placed", holdsProcessID: false)))
            prx.on_placed(function(t, p) if t.name == "t1" and p.host then error("no room on " .. p.host) end end)
            """)
        let outcome = try await bench.prxWithTestPlugins(["run", "recipe.lua", "-r"])
        #expect(outcome.status == 1, "\(outcome.stderr)")
        #expect(try Self.started(in: bench) == ["t1", "t2"])
        let statuses = try await Self.statuses(in: bench)
        #expect(statuses == Self.expected(["t1": "SUCCESS", "t2": "SUCCESS"], cancelling: (3...12).map { "t\($0)" }))
    }
}
